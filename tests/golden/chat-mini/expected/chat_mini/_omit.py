"""`OMIT`: the default of every optional request argument, so that "not given" and `None` differ."""

from __future__ import annotations

import enum
from typing import Final, Literal


class _Omit(enum.Enum):
    """A one-member enum: type checkers narrow `x is OMIT` and `Literal[_Omit.OMIT]`."""

    OMIT = "OMIT"

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> Literal[False]:
        return False


OMIT: Final = _Omit.OMIT
Omit = Literal[_Omit.OMIT]

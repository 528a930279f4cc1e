"""Tables with every cell left-justified to one width, as the reference pages have them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import escape

_ESCAPES = re.compile(r"\\([|<])")


@dataclass(frozen=True)
class Cell:
    text: str  # as shown: `\n` written `<br/>`
    pad: int  # spaces after it


@dataclass
class Table:
    """A table with every cell left-justified to one width.

    The width is the longest cell counted before `\\n` becomes `<br/>`. In MDX, the escapes and
    the `.mdx` links are applied after the padding is decided, as the reference pages have them.
    """

    header: list[str]
    rows: list[list[str]]
    mintlify: bool = False
    width: int = 0

    def __post_init__(self) -> None:
        self.width = max(
            self._length(cell) for row in [self.header, *self.rows] for cell in row
        )

    def cells(self, row: list[str]) -> list[Cell]:
        shown = [cell.replace("\n", "<br/>") for cell in row]
        return [
            Cell(self._final(text), max(0, self.width - self._length(text)))
            for text in shown
        ]

    def _length(self, cell: str) -> int:
        """The cell's width: in MDX without the backslashes of its escapes."""
        return len(_ESCAPES.sub(r"\1", cell) if self.mintlify else cell)

    @property
    def shown_header(self) -> list[Cell]:
        return self.cells(self.header)

    @property
    def shown_rows(self) -> list[list[Cell]]:
        return [self.cells(row) for row in self.rows]

    def _final(self, text: str) -> str:
        return escape.mdx_links(escape.mdx_text(text)) if self.mintlify else text

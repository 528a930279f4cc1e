"""A value to show in a snippet, independent of the flavour that prints it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeAlias

from ... import api


@dataclass(frozen=True)
class VScalar:
    value: Any  # str, int, float, bool or None


@dataclass(frozen=True)
class VDate:
    text: str  # an RFC 3339 date-time


@dataclass(frozen=True)
class VEnum:
    model: str
    value: Any


@dataclass(frozen=True)
class VObject:
    model: str
    entries: tuple[tuple[api.Field, Value], ...]


@dataclass(frozen=True)
class VMap:
    entries: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class VList:
    items: tuple[Value, ...]


Value: TypeAlias = VScalar | VDate | VEnum | VObject | VMap | VList


def plain(value: Any) -> Any:
    """YAML timestamps the loader turned into dates go back to text, as the spec wrote them."""
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_value(example: Any) -> Value:
    """An untyped example (any, or one that does not fit its type) as a plain JSON value."""
    if isinstance(example, dict):
        return VMap(tuple((str(k), json_value(v)) for k, v in example.items()))
    if isinstance(example, list):
        return VList(tuple(json_value(v) for v in example))
    return VScalar(plain(example))

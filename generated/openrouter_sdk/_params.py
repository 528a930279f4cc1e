"""Parameter serialisation exactly per OpenAPI 3.x `style`, `explode` and `allowReserved`.

Path: `simple`, `label`, `matrix`; query: `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`; header:
`simple`; cookie: `form`. Values follow the style examples of the OpenAPI Specification (3.1.1, which
percent-encodes `[`, `]` and `|`, and joins `label` arrays with commas as RFC 6570 does). Enum members go out
by value, booleans as `true`/`false`, models as their JSON object; `None` and `OMIT` leave the parameter out.
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal
from urllib.parse import quote

from ._omit import OMIT

Style = Literal[
    "simple",
    "label",
    "matrix",
    "form",
    "spaceDelimited",
    "pipeDelimited",
    "deepObject",
]

# RFC 3986: unreserved characters are never encoded; with allowReserved the reserved ones are kept too.
_RESERVED = ":/?#[]@!$&'()*+,;="
_DELIMITER = {"spaceDelimited": "%20", "pipeDelimited": "%7C"}


def plain(value: Any) -> Any:
    """The JSON shape of a value: enums by value, models as dicts, dates as ISO 8601 text."""
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def text(value: Any) -> str:
    """One primitive as text: `true`/`false`, numbers as Python writes them, `null` for None."""
    value = plain(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return str(value)


def _encode(value: Any, allow_reserved: bool = False) -> str:
    return quote(text(value), safe=_RESERVED if allow_reserved else "")


def _pairs(value: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(key, item) for key, item in value.items() if item is not None]


def is_absent(value: Any) -> bool:
    return value is None or value is OMIT


def path_segment(
    name: str, value: Any, style: Style = "simple", explode: bool = False
) -> str:
    """The text replacing `{name}` in a path template, percent-encoded."""
    value = plain(value)
    if style == "simple":
        return _joined(value, explode, ",", "=", ",")
    if style == "label":
        items = _joined(
            value, explode, "." if explode else ",", "=" if explode else ",", "."
        )
        return "." + items
    if style == "matrix":
        return _matrix(name, value, explode)
    raise ValueError(f"style {style!r} is not allowed in a path")


def _joined(
    value: Any, explode: bool, item_sep: str, kv_sep: str, pair_sep: str
) -> str:
    """simple/label: an array's items joined; an object's keys and values as k=v (explode) or k,v."""
    if isinstance(value, list):
        return item_sep.join(_encode(item) for item in value)
    if isinstance(value, dict):
        if explode:
            return pair_sep.join(
                f"{_encode(k)}{kv_sep}{_encode(v)}" for k, v in _pairs(value)
            )
        return ",".join(f"{_encode(k)},{_encode(v)}" for k, v in _pairs(value))
    return _encode(value)


def _matrix(name: str, value: Any, explode: bool) -> str:
    key = _encode(name)
    if isinstance(value, list):
        if explode:
            return "".join(f";{key}={_encode(item)}" for item in value)
        return f";{key}=" + ",".join(_encode(item) for item in value)
    if isinstance(value, dict):
        if explode:
            return "".join(f";{_encode(k)}={_encode(v)}" for k, v in _pairs(value))
        return f";{key}=" + ",".join(
            f"{_encode(k)},{_encode(v)}" for k, v in _pairs(value)
        )
    if value == "":
        return f";{key}"
    return f";{key}={_encode(value)}"


def query_pairs(
    name: str,
    value: Any,
    style: Style = "form",
    explode: bool = True,
    allow_reserved: bool = False,
) -> list[str]:
    """`key=value` items of the query string for one parameter, each percent-encoded."""
    if is_absent(value):
        return []
    value = plain(value)
    if style == "deepObject":
        return [
            f"{key}={_encode(item, allow_reserved)}"
            for key, item in deep_object(name, value)
        ]
    if style in _DELIMITER and isinstance(value, (list, dict)):
        return [
            f"{_encode(name)}={_delimited(value, _DELIMITER[style], allow_reserved)}"
        ]
    if style != "form":
        raise ValueError(f"style {style!r} is not allowed in a query")
    return _form(name, value, explode, allow_reserved)


def _delimited(
    value: list[Any] | dict[str, Any], delimiter: str, allow_reserved: bool
) -> str:
    items = (
        value
        if isinstance(value, list)
        else [x for pair in _pairs(value) for x in pair]
    )
    return delimiter.join(_encode(item, allow_reserved) for item in items)


def _form(name: str, value: Any, explode: bool, allow_reserved: bool) -> list[str]:
    key = _encode(name)
    if isinstance(value, list):
        if explode:
            return [f"{key}={_encode(item, allow_reserved)}" for item in value]
        return [f"{key}=" + ",".join(_encode(item, allow_reserved) for item in value)]
    if isinstance(value, dict):
        if explode:
            return [
                f"{_encode(k)}={_encode(v, allow_reserved)}" for k, v in _pairs(value)
            ]
        flat = [x for pair in _pairs(value) for x in pair]
        return [f"{key}=" + ",".join(_encode(item, allow_reserved) for item in flat)]
    return [f"{key}={_encode(value, allow_reserved)}"]


def deep_object(name: str, value: Any) -> list[tuple[str, Any]]:
    """`name[key][sub]` pairs (encoded keys) for nested objects; arrays of primitives as `name[]`,
    arrays of objects as `name[0][key]` (the convention Stripe and Rails read)."""
    out: list[tuple[str, Any]] = []
    _deep(_encode(name), plain(value), out)
    return out


def _deep(prefix: str, value: Any, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, dict):
        for key, item in _pairs(value):
            _deep(f"{prefix}%5B{_encode(key)}%5D", item, out)
    elif isinstance(value, list):
        nested = any(isinstance(item, (dict, list)) for item in value)
        for index, item in enumerate(value):
            _deep(f"{prefix}%5B{index if nested else ''}%5D", item, out)
    else:
        out.append((prefix, value))


def header_value(value: Any, explode: bool = False) -> str:
    """`simple` style, not percent-encoded (header values are not URLs)."""
    value = plain(value)
    if isinstance(value, list):
        return ",".join(text(item) for item in value)
    if isinstance(value, dict):
        sep = "=" if explode else ","
        return ",".join(f"{k}{sep}{text(v)}" for k, v in _pairs(value))
    return text(value)


def cookie_pairs(name: str, value: Any, explode: bool = True) -> list[str]:
    """`form` style `name=value` cookie items (values percent-encoded: `;`, `,` and spaces are not allowed)."""
    if is_absent(value):
        return []
    return _form(name, plain(value), explode, allow_reserved=False)


def querystring_value(value: Any, media_type: str) -> str:
    """An OpenAPI 3.2 `in: querystring` value as the whole query string (without the `?`).

    OpenAPI 3.2.0, Parameter Object, `querystring` examples: JSON is serialised "with minimized
    whitespace" and percent-encoded (`{"numbers":[1,2],"flag":null}` is
    `%7B%22numbers%22%3A%5B1%2C2%5D%2C%22flag%22%3Anull%7D`); a string is percent-encoded as it
    is (`$.a.b[1:1]` is `%24.a.b%5B1%3A1%5D`). Every byte but RFC 3986's unreserved ones is
    encoded, non-ASCII text as its UTF-8 bytes.
    """
    data = plain(value)
    if media_type == "text/plain":
        serialised = text(data)
    else:
        serialised = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return quote(serialised, safe="")


def query_string(pairs: Iterable[str]) -> str:
    joined = "&".join(pairs)
    return "?" + joined if joined else ""


class RequestParts:
    """The URL path, query string, headers and cookies of one request, built parameter by parameter."""

    def __init__(self, path_template: str) -> None:
        self._path = path_template
        self._query: list[str] = []
        self.headers: dict[str, str] = {}
        self._cookies: list[str] = []

    def path(
        self, name: str, value: Any, style: Style = "simple", explode: bool = False
    ) -> None:
        if is_absent(value):
            raise ValueError(f"path parameter {name!r} is required")
        self._path = self._path.replace(
            "{" + name + "}", path_segment(name, value, style, explode)
        )

    def query(
        self,
        name: str,
        value: Any,
        style: Style = "form",
        explode: bool = True,
        allow_reserved: bool = False,
    ) -> None:
        self._query.extend(query_pairs(name, value, style, explode, allow_reserved))

    def querystring(self, name: str, value: Any, media_type: str) -> None:
        """The whole query string is `value` (3.2 `in: querystring`; `name` is not sent)."""
        if not is_absent(value):
            self._query = [querystring_value(value, media_type)]

    def header(self, name: str, value: Any, explode: bool = False) -> None:
        if not is_absent(value):
            self.headers[name] = header_value(value, explode)

    def cookie(self, name: str, value: Any, explode: bool = True) -> None:
        self._cookies.extend(cookie_pairs(name, value, explode))

    def copy(self) -> RequestParts:
        """An independent copy (credentials are added to a copy, once per attempt)."""
        other = RequestParts(self._path)
        other._query = list(self._query)
        other.headers = dict(self.headers)
        other._cookies = list(self._cookies)
        return other

    def extra_query(self, values: Mapping[str, Any] | None) -> None:
        """Per-call `extra_query`: form style, exploded, like most servers read it."""
        for name, value in (values or {}).items():
            self.query(name, value)

    @property
    def url(self) -> str:
        """The path and query string, ready to append to the base URL."""
        return self._path + query_string(self._query)

    def all_headers(self) -> dict[str, str]:
        if not self._cookies:
            return dict(self.headers)
        return {**self.headers, "Cookie": "; ".join(self._cookies)}

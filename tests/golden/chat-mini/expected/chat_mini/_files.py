"""Request bodies that are not JSON: multipart/form-data (with files), form-urlencoded, binary, text.

A file is `bytes`, a binary file object, an `os.PathLike` (read when the request is built, sent under
its base name) or a `(filename, content, content_type)` tuple (the last two may be left out).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any
from urllib.parse import quote, unquote

from ._params import Style, deep_object, plain, query_pairs, text
from .errors import RequestValidationError

FileContent = bytes | IO[bytes]
FileInput = (
    FileContent
    | os.PathLike[str]
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
# One multipart part as httpx takes it: (field name, (filename or None, content, content type or None,
# headers)).
Part = tuple[str, tuple[str | None, Any, str | None, dict[str, str]]]
# A property's `encoding` from the spec: (its part's Content-Type or None, fixed headers).
Encoding = tuple[str | None, Mapping[str, str]]
# A property whose `encoding` sets a style: (style, explode, allowReserved), as for a query parameter.
FieldStyle = tuple[Style, bool, bool]


def is_file_input(value: Any) -> bool:
    """bytes, a binary file object, a path, or a (filename, content[, content type]) tuple."""
    if isinstance(value, tuple):
        return len(value) in (2, 3) and is_file_input(value[1])
    if isinstance(value, (bytes, bytearray, os.PathLike)):
        return True
    return callable(getattr(value, "read", None)) and not isinstance(
        value, io.TextIOBase
    )


def file_part(value: Any) -> tuple[str | None, Any, str | None]:
    """A file argument as httpx's (filename, content, content type)."""
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as handle:
            return os.path.basename(path), handle.read(), None
    if isinstance(value, tuple):
        filename, content, *rest = value
        return filename, content, rest[0] if rest else None
    filename = getattr(value, "name", None)
    return (
        (os.path.basename(filename) if isinstance(filename, str) else "upload"),
        value,
        None,
    )


def binary_content(value: Any) -> bytes:
    """A binary body: bytes, a file object or a path (read whole: httpx's async client cannot
    stream a synchronous file), or a tuple's content."""
    if not is_file_input(value):
        raise RequestValidationError(
            "body: expected bytes, a binary file object, a path or a (filename, content)"
            f" tuple, got {type(value).__name__}",
            field="body",
        )
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    content = file_part(value)[1]
    return content if isinstance(content, bytes) else bytes(content.read())


def text_content(value: Any) -> bytes:
    """A text body (`text/plain` and the like), sent as UTF-8."""
    if not isinstance(value, str):
        raise RequestValidationError(
            f"body: expected a str, got {type(value).__name__}", field="body"
        )
    return value.encode("utf-8")


def multipart_parts(
    fields: Mapping[str, Any],
    file_fields: Iterable[str],
    encoding: Mapping[str, Encoding] | None = None,
    styles: Mapping[str, FieldStyle] | None = None,
) -> list[Part]:
    """Parts in the order of `fields` (the spec's): files as files, text as text, objects as JSON.

    An array of files or of primitives is one part per item under the same name. A property's
    `encoding` sets its part's Content-Type (a file's own type, from a tuple, wins) and headers;
    one whose encoding sets a style is one text part per name=value pair of that style.
    """
    files = set(file_fields)
    styles = styles or {}
    parts: list[Part] = []
    for name, value in fields.items():
        content_type, headers = (encoding or {}).get(name, (None, {}))
        if name in styles:
            for pair in query_pairs(name, value, *styles[name]):
                key, _, item = pair.partition("=")
                parts.append((unquote(key), (None, unquote(item), None, dict(headers))))
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if name in files:
                filename, content, own_type = file_part(item)
                part = (filename, content, own_type or content_type, dict(headers))
            else:
                part = (None, *_value_part(item, content_type), dict(headers))
            parts.append((name, part))
    return parts


def _value_part(value: Any, content_type: str | None) -> tuple[str, str | None]:
    """The content and Content-Type of a part that is not a file: objects and arrays as JSON
    (`application/json` unless the encoding names another type), primitives as text (as JSON
    when the encoding asks for it)."""
    data = plain(value)
    if isinstance(data, (dict, list)):
        return (
            json.dumps(data, separators=(",", ":")),
            content_type or "application/json",
        )
    if content_type is not None and "json" in content_type:
        return json.dumps(data, separators=(",", ":")), content_type
    return text(data), content_type


def multipart_body(
    parts: Iterable[tuple[bytes, str, Mapping[str, str]]], media_type: str
) -> tuple[bytes, str]:
    """A multipart body of unnamed parts (RFC 2046: `multipart/mixed`, `multipart/related`) and
    its Content-Type, each part `(content, Content-Type, more headers)`. By hand: httpx only
    writes multipart/form-data, whose parts are named."""
    boundary = os.urandom(16).hex()
    chunks = []
    for content, content_type, headers in parts:
        head = [f"Content-Type: {content_type}"]
        head += [f"{name}: {value}" for name, value in headers.items()]
        opening = f"--{boundary}\r\n" + "\r\n".join(head) + "\r\n\r\n"
        chunks += [opening.encode("utf-8"), content, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(chunks), f"{media_type}; boundary={boundary}"


def form_content(
    fields: Mapping[str, Any], styles: Mapping[str, FieldStyle] | None = None
) -> bytes:
    """application/x-www-form-urlencoded: a field whose `encoding` sets a style as a query
    parameter of that style; the others' nested objects and arrays as `a[b]=` and `a[]=`
    (deepObject, the way Stripe and Rails read them), booleans as `true`/`false`."""
    styles = styles or {}
    pairs = []
    for name, value in fields.items():
        if name in styles:
            pairs += query_pairs(name, value, *styles[name])
            continue
        for key, item in deep_object(name, value):
            pairs.append(f"{key}={_form_encode(item)}")
    return "&".join(pairs).encode("ascii")


def _form_encode(value: Any) -> str:
    return quote(text(value), safe="")

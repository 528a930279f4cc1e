"""Request bodies that are not JSON: multipart/form-data (with files), form-urlencoded, binary, text.

A file is `bytes`, a binary file object, an `os.PathLike` (read when the request is built, sent under
its base name) or a `(filename, content, content_type)` tuple (the last two may be left out).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any
from urllib.parse import quote

from ._params import deep_object, plain, text

FileContent = bytes | IO[bytes]
FileInput = (
    FileContent
    | os.PathLike[str]
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
)
# One multipart part as httpx takes it: (field name, (filename or None, content, content type or None)).
Part = tuple[str, tuple[str | None, Any, str | None]]


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
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    content = file_part(value)[1]
    return content if isinstance(content, bytes) else bytes(content.read())


def multipart_parts(
    fields: Mapping[str, Any], file_fields: Iterable[str]
) -> list[Part]:
    """Parts in the order of `fields` (the spec's): files as files, text as text, objects as JSON.

    An array of files or of primitives is one part per item under the same name.
    """
    files = set(file_fields)
    parts: list[Part] = []
    for name, value in fields.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if name in files:
                parts.append((name, file_part(item)))
            elif isinstance(plain(item), (dict, list)):
                parts.append(
                    (
                        name,
                        (
                            None,
                            json.dumps(plain(item), separators=(",", ":")),
                            "application/json",
                        ),
                    )
                )
            else:
                parts.append((name, (None, text(item), None)))
    return parts


def form_content(fields: Mapping[str, Any]) -> bytes:
    """application/x-www-form-urlencoded: nested objects and arrays as `a[b]=` and `a[]=`
    (deepObject, the way Stripe and Rails read them), booleans as `true`/`false`."""
    pairs = []
    for name, value in fields.items():
        for key, item in deep_object(name, value):
            pairs.append(f"{key}={_form_encode(item)}")
    return "&".join(pairs).encode("ascii")


def _form_encode(value: Any) -> str:
    return quote(text(value), safe="")

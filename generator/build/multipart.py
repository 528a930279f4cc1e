"""A multipart request body's file properties and its `encoding` object.

A property is a file when its schema (or its array's items) is a string with `format: binary` (OpenAPI
3.0) or a `contentMediaType` (3.1); the `encoding` entry of a property names the part's Content-Type and
headers. Only headers whose schema fixes a value (`default`, `const`, a one-value `enum`) can be sent by
the SDK; the others are for the caller to describe, so they are left out.
"""

from __future__ import annotations

from typing import Any

from .. import api
from ..spec.load import escape_token
from .models import ModelBuilder
from .predicates import is_ref

# Media types a text or JSON part is sent as by default; a `contentMediaType` naming one is not a file.
_TEXT_MEDIA = ("text/", "application/json")
# `$ref` chains are short in practice; a longer one is left to the model builder to report.
_MAX_REF_HOPS = 64


def _follow(models: ModelBuilder, schema: Any, pointer: str) -> tuple[Any, str]:
    """A schema with its local `$ref`s followed (the model builder has checked them)."""
    for _ in range(_MAX_REF_HOPS):
        if not is_ref(schema):
            return schema, pointer
        pointer = models.ref_pointer(schema["$ref"], pointer)
        schema = models.resolve(pointer, pointer)
    return schema, pointer


def _is_file_schema(schema: Any) -> bool:
    if not isinstance(schema, dict) or schema.get("type", "string") not in (
        "string",
        ["string"],
    ):
        return False
    if schema.get("format") == "binary":
        return True
    media = schema.get("contentMediaType")
    return isinstance(media, str) and not media.startswith(_TEXT_MEDIA)


def file_fields(models: ModelBuilder, schema: Any, pointer: str) -> tuple[str, ...]:
    """Wire names of the body's file properties (a file or an array of files)."""
    schema, pointer = _follow(models, schema, pointer)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    found = []
    for name, raw in (properties or {}).items():
        where = f"{pointer}/properties/{escape_token(str(name))}"
        prop, where = _follow(models, raw, where)
        if isinstance(prop, dict) and prop.get("type") == "array":
            prop, where = _follow(models, prop.get("items"), where + "/items")
        if _is_file_schema(prop):
            found.append(str(name))
    return tuple(found)


def part_encodings(
    models: ModelBuilder, media_object: dict, pointer: str
) -> tuple[api.PartEncoding, ...]:
    """The `encoding` entries of a multipart media type, in the spec's order."""
    raw = media_object.get("encoding") or {}
    if not isinstance(raw, dict):
        raise models.doc.error(
            "`encoding` must map property names to Encoding objects",
            pointer + "/encoding",
            "write `encoding: {<property>: {contentType: ...}}`",
        )
    found = []
    for name, entry in raw.items():
        where = f"{pointer}/encoding/{escape_token(str(name))}"
        if not isinstance(entry, dict):
            raise models.doc.error(
                "an Encoding object must be a mapping",
                where,
                "write `{contentType: ..., headers: ...}`",
            )
        found.append(
            api.PartEncoding(
                name=str(name),
                content_type=_single_media_type(entry.get("contentType")),
                headers=_fixed_headers(models, entry.get("headers") or {}, where),
            )
        )
    return tuple(found)


def _single_media_type(value: Any) -> str | None:
    """`contentType` when it names one concrete type; a list or a wildcard lets httpx guess."""
    if not isinstance(value, str) or "," in value or "*" in value:
        return None
    return value.strip() or None


def _fixed_headers(
    models: ModelBuilder, headers: Any, pointer: str
) -> tuple[tuple[str, str], ...]:
    if not isinstance(headers, dict):
        return ()
    fixed = []
    for name, raw in headers.items():
        where = f"{pointer}/headers/{escape_token(str(name))}"
        header, where = _follow(models, raw, where)
        schema, _ = _follow(models, (header or {}).get("schema"), where + "/schema")
        value = _fixed_value(schema)
        # Content-Type is `contentType`'s business (OpenAPI: "Content-Type ... SHALL be ignored").
        if value is not None and str(name).lower() != "content-type":
            fixed.append((str(name), value))
    return tuple(fixed)


def _fixed_value(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    enum = schema.get("enum")
    for value in (
        schema.get("const"),
        enum[0] if isinstance(enum, list) and len(enum) == 1 else None,
        schema.get("default"),
    ):
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is not None:
            return str(value)
    return None

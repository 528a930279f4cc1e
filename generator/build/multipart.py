"""A multipart (or form) request body's file properties and its `encoding` object.

A property is a file when its schema (or its array's items) is a string with `format: binary` (OpenAPI
3.0) or a `contentMediaType` (3.1); the `encoding` entry of a property names the part's Content-Type and
headers. Only headers whose schema fixes a value (`default`, `const`, a one-value `enum`) can be sent by
the SDK; the others are for the caller to describe, so they are left out.
"""

from __future__ import annotations

from typing import Any

from .. import api
from ..naming import pascal
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
                style=_style(models, entry, where),
            )
        )
    return tuple(found)


_FORM_STYLES = ("form", "spaceDelimited", "pipeDelimited", "deepObject")


def _style(
    models: ModelBuilder, entry: dict, pointer: str
) -> tuple[str, bool, bool] | None:
    """(style, explode, allowReserved) when the entry sets one of them. OpenAPI's defaults:
    style `form`, explode true for `form` only, allowReserved false."""
    if not {"style", "explode", "allowReserved"} & set(entry):
        return None
    style = entry.get("style", "form")
    if style not in _FORM_STYLES:
        raise models.doc.error(
            f"the encoding style {style!r} cannot serialise a body property",
            pointer + "/style",
            f"use one of {', '.join(_FORM_STYLES)}",
        )
    for key in ("explode", "allowReserved"):
        if key in entry and not isinstance(entry[key], bool):
            raise models.doc.error(
                f"`{key}` must be true or false",
                f"{pointer}/{key}",
                f"write `{key}: true`",
            )
    explode = entry.get("explode", style == "form")
    return style, explode, bool(entry.get("allowReserved", False))


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


# ---- OpenAPI 3.2 positional multipart ------------------------------------------------------

_FORM_DATA = "multipart/form-data"
_BINARY = api.Primitive("string", "binary")
# Encoding fields of a nested multipart part: a part that is itself multipart is not sent.
_NESTED_ENCODING = ("encoding", "prefixEncoding", "itemEncoding")


def positional_body(
    models: ModelBuilder, media_type: str, media_object: dict, pointer: str, root: str
) -> api.PositionalBody | None:
    """A 3.2 multipart body whose parts are an array's items (None: a body of named parts).

    OpenAPI 3.2.0, Media Type Object, "Encoding By Position": multipart types without named
    parts (`multipart/mixed`, ...) are modelled as an array, one item per part in order;
    `prefixEncoding` gives the Encoding of the leading items (like `prefixItems`) and
    `itemEncoding` that of every later one (like `items`). Either an array `schema` or an
    `itemSchema` must be present, and neither field may be used with `encoding`.
    """
    positional = any(key in media_object for key in ("prefixEncoding", "itemEncoding"))
    media = media_type.split(";", 1)[0].strip().lower()
    if media == _FORM_DATA:
        if positional:
            raise models.doc.error(
                "multipart/form-data parts are named: `prefixEncoding` and `itemEncoding` "
                "do not apply to it",
                pointer,
                "use `encoding` keyed by property name, or a multipart type without "
                "named parts such as multipart/mixed",
            )
        return None
    schema, schema_pointer = _follow(
        models, media_object.get("schema"), pointer + "/schema"
    )
    if not (_is_array(schema) or "itemSchema" in media_object):
        if positional:
            raise models.doc.error(
                "`prefixEncoding` and `itemEncoding` need an array `schema` or an `itemSchema`",
                pointer,
                "describe the parts as `schema: {type: array, prefixItems: [...], items: ...}`",
            )
        return None
    if "encoding" in media_object:
        raise models.doc.error(
            "`encoding` cannot be used with positional parts (an array schema, "
            "`prefixEncoding` or `itemEncoding`)",
            pointer + "/encoding",
            "describe each part's encoding by position with `prefixEncoding` / `itemEncoding`",
        )
    return _PositionalReader(models, media_object, pointer, root).read(
        schema, schema_pointer
    )


def positional_body_type(body: api.PositionalBody) -> api.TypeRef:
    """The body's type for the API model and the docs: an array of its (later) items' type."""
    part = body.items or (body.prefix[0] if body.prefix else None)
    return api.ArrayOf(part.type if part else api.AnyValue())


def _is_array(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    return schema.get("type") == "array" or "prefixItems" in schema


class _PositionalReader:
    """Reads the parts of one positional multipart media type."""

    def __init__(
        self, models: ModelBuilder, media_object: dict, pointer: str, root: str
    ) -> None:
        self.models = models
        self.media_object = media_object
        self.pointer = pointer
        self.root = root

    def read(self, schema: Any, schema_pointer: str) -> api.PositionalBody:
        if _is_array(schema):
            prefix_schemas = list(schema.get("prefixItems") or [])
            items_schema, items_pointer = (
                schema.get("items", True),
                schema_pointer + "/items",
            )
        else:
            prefix_schemas = []
            items_schema, items_pointer = (
                self.media_object["itemSchema"],
                self.pointer + "/itemSchema",
            )
        encodings = list(self.media_object.get("prefixEncoding") or [])
        prefix = []
        for index in range(max(len(prefix_schemas), len(encodings))):
            if index < len(prefix_schemas):
                where = f"{schema_pointer}/prefixItems/{index}"
                item = prefix_schemas[index]
            else:
                item, where = items_schema, items_pointer
            encoding = encodings[index] if index < len(encodings) else None
            encoding_where = f"{self.pointer}/prefixEncoding/{index}"
            if encoding is None:
                encoding, encoding_where = self._item_encoding()
            prefix.append(
                self._part(item, where, encoding, encoding_where, f"Part{index}")
            )
        items = None
        if items_schema is not False:
            encoding, encoding_where = self._item_encoding()
            items = self._part(
                items_schema, items_pointer, encoding, encoding_where, "Part"
            )
        return api.PositionalBody(tuple(prefix), items)

    def _item_encoding(self) -> tuple[dict, str]:
        return (
            self.media_object.get("itemEncoding") or {},
            self.pointer + "/itemEncoding",
        )

    def _part(
        self,
        schema: Any,
        pointer: str,
        encoding: dict,
        encoding_pointer: str,
        name: str,
    ) -> api.PositionalPart:
        nested = next((key for key in _NESTED_ENCODING if key in encoding), None)
        if nested is not None:
            raise self.models.doc.error(
                "sdkforge does not send a part that is itself multipart (a nested "
                f"`{nested}`)",
                f"{encoding_pointer}/{nested}",
                "describe the part as a file (`contentType` and a binary schema)",
            )
        followed, _ = _follow(self.models, schema, pointer)
        content_type = _single_media_type(encoding.get("contentType"))
        headers = _fixed_headers(
            self.models, encoding.get("headers") or {}, encoding_pointer
        )
        if _is_binary_part(followed, content_type):
            default = _file_media_type(followed)
            return api.PositionalPart(_BINARY, content_type or default, True, headers)
        default = "application/json" if is_structured(followed) else "text/plain"
        content_type = content_type or default
        if is_structured(followed) and "json" not in content_type:
            raise self.models.doc.error(
                f"sdkforge sends an object or array part as JSON, not {content_type}",
                encoding_pointer + "/contentType",
                "set `contentType: application/json` (or leave it out), or describe the "
                "part as a binary string and pass its bytes",
            )
        type_ref = self.models.named_top_level(
            schema, pointer, f"{pascal(self.root)}{name}", self.root
        )
        return api.PositionalPart(type_ref, content_type, False, headers)


def _is_binary_part(schema: Any, content_type: str | None) -> bool:
    """A part sent as bytes: a binary string schema, an empty one (OpenAPI's default for it is
    application/octet-stream), or a string whose Encoding names a type that is not text.
    """
    if schema is True or schema is None or schema == {} or _is_file_schema(schema):
        return True
    if content_type is None or content_type.startswith(_TEXT_MEDIA):
        return False
    return "json" not in content_type and not is_structured(schema)


def _file_media_type(schema: Any) -> str:
    media = schema.get("contentMediaType") if isinstance(schema, dict) else None
    return _single_media_type(media) or "application/octet-stream"


def is_structured(schema: Any) -> bool:
    """An object or array schema (or a combination of schemas): not sent as plain text."""
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    structured = bool({"object", "array"} & set(types))
    return structured or any(
        key in schema for key in ("properties", "items", "allOf", "oneOf", "anyOf")
    )

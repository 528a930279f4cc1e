"""Structural validation of the OpenAPI document, with jsonschema.

OpenAPI 3.2 (September 2025) has no schema in any maintained validator yet, so a 3.2 document
is checked by the same frame as 3.0/3.1 plus the 3.2 fields the builder reads, each with its
type: `itemSchema`, `prefixEncoding` and `itemEncoding` of a media type, the `query` method,
`additionalOperations` of a path item, `in: querystring` parameters, `webhooks` and `$self`.

Why not openapi-spec-validator: on the 1.4 MB router spec it takes 4.6 s (the whole
generate budget is under 3 s) and it rejects four of the five real specs for
`exclusiveMinimum: true`, a 3.0 spelling the router's 3.1 specs still carry and that every
SDK generator tolerates. So the document's frame (version, info, paths, operations,
responses, components) is checked here against a compact JSON Schema, and every schema
object is checked where it is interpreted (`sdkforge.build`), with its own pointer.

Two validators, one schema: jsonschema-rs (Rust) answers "is it valid?" in milliseconds (Stripe:
13 ms against jsonschema's 520 ms), and only a document it rejects, or cannot read (a YAML
document with integer keys or dates is not JSON), goes through jsonschema, whose `best_match`
names the error. jsonschema is imported only then.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from .load import SpecDocument, escape_token

# The type of every keyword the builder reads, wherever it reads it. Only types: what the values
# mean (a known `type` name, an existing $ref target) is checked where they are interpreted.
_STRING = {"type": "string"}
_BOOLEAN = {"type": "boolean"}
_STRINGS = {"type": "array", "items": _STRING}
_SCHEMA_REF = {"$ref": "#/$defs/schema"}
_SCHEMAS = {"type": "array", "items": _SCHEMA_REF}
_SCHEMA_MAP = {"type": "object", "additionalProperties": _SCHEMA_REF}

_SCHEMA = {
    "type": ["object", "boolean"],
    "properties": {
        "$ref": _STRING,
        "type": {"type": ["string", "array"], "items": _STRING},
        "properties": _SCHEMA_MAP,
        "patternProperties": _SCHEMA_MAP,
        "additionalProperties": _SCHEMA_REF,
        "items": _SCHEMA_REF,
        "prefixItems": _SCHEMAS,
        "allOf": _SCHEMAS,
        "anyOf": _SCHEMAS,
        "oneOf": _SCHEMAS,
        "not": _SCHEMA_REF,
        "required": _STRINGS,
        "enum": {"type": "array"},
        "nullable": _BOOLEAN,
        "deprecated": _BOOLEAN,
        "readOnly": _BOOLEAN,
        "writeOnly": _BOOLEAN,
        "title": _STRING,
        "description": _STRING,
        "format": _STRING,
        "discriminator": {
            "type": "object",
            "properties": {
                "propertyName": _STRING,
                "mapping": {"type": "object", "additionalProperties": _STRING},
            },
        },
        "x-speakeasy-name-override": _STRING,
        "x-speakeasy-ignore": _BOOLEAN,
        "x-speakeasy-unknown-values": _STRING,
    },
}

# An Encoding object of a multipart part (3.2 reads it by position: `prefixEncoding`, `itemEncoding`).
_ENCODING = {
    "type": "object",
    "properties": {"contentType": _STRING, "headers": {"type": "object"}},
}
_MEDIA_TYPE = {
    "type": "object",
    "properties": {
        "schema": _SCHEMA_REF,
        "itemSchema": _SCHEMA_REF,  # 3.2: the schema of each item of a sequential body
        # 3.2: the Encoding of each part of a positional multipart body (`multipart/mixed`).
        "prefixEncoding": {"type": "array", "items": _ENCODING},
        "itemEncoding": _ENCODING,
        "x-speakeasy-sse-sentinel": _STRING,
    },
}
_CONTENT = {"type": "object", "additionalProperties": _MEDIA_TYPE}
_HEADER = {
    "type": "object",
    "properties": {"$ref": _STRING, "schema": _SCHEMA_REF, "content": _CONTENT},
}
_PARAMETER = {
    "type": "object",
    "properties": {
        "$ref": _STRING,
        "name": _STRING,
        "in": _STRING,
        "required": _BOOLEAN,
        "deprecated": _BOOLEAN,
        "description": _STRING,
        "schema": _SCHEMA_REF,
        "content": _CONTENT,
    },
}
_REQUEST_BODY = {
    "type": "object",
    "properties": {
        "$ref": _STRING,
        "required": _BOOLEAN,
        "description": _STRING,
        "content": _CONTENT,
    },
}
_RESPONSE = {
    "type": "object",
    "properties": {
        "$ref": _STRING,
        "description": _STRING,
        "content": _CONTENT,
        "headers": {"type": "object", "additionalProperties": _HEADER},
    },
}
_PARAMETERS = {"type": "array", "items": _PARAMETER}

_OPERATION = {
    "type": "object",
    "properties": {
        "operationId": _STRING,  # empty: none (the builder derives one from method and path)
        "summary": _STRING,
        "description": _STRING,
        "deprecated": _BOOLEAN,
        "parameters": _PARAMETERS,
        "requestBody": _REQUEST_BODY,
        "responses": {"type": "object", "additionalProperties": _RESPONSE},
        "tags": _STRINGS,
        "security": {"type": "array", "items": {"type": "object"}},
        "x-speakeasy-group": _STRING,
        "x-speakeasy-name-override": _STRING,
        "x-speakeasy-stream-request-field": _STRING,
    },
}

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

_PATH_ITEM = {
    "type": "object",
    "properties": {
        "$ref": _STRING,
        "parameters": _PARAMETERS,
        # 3.2: operations of methods without a fixed field (`LINK`, `PURGE`), by method name.
        "additionalOperations": {
            "type": "object",
            "propertyNames": {"pattern": r"^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$"},
            "additionalProperties": _OPERATION,
        },
    }
    | {method: _OPERATION for method in METHODS},
}

_DOCUMENT = {
    "type": "object",
    "required": ["openapi", "info"],
    "properties": {
        "$self": _STRING,  # 3.2: the document's own URI (read by spec/refs.py)
        # `$` alone would let a trailing newline through; the lookahead refuses it.
        "openapi": {"type": "string", "pattern": r"^3\.[012]\.[0-9]+$(?!\n)"},
        "info": {
            "type": "object",
            "required": ["title", "version"],
            "properties": {
                "title": {"type": "string"},
                "version": {"type": ["string", "number"]},
            },
        },
        "servers": {"type": "array", "items": {"type": "object", "required": ["url"]}},
        "paths": {"type": "object", "additionalProperties": _PATH_ITEM},
        "webhooks": {"type": "object", "additionalProperties": _PATH_ITEM},
        "components": {
            "type": "object",
            "properties": {
                "schemas": _SCHEMA_MAP,
                "parameters": {"type": "object", "additionalProperties": _PARAMETER},
                "requestBodies": {
                    "type": "object",
                    "additionalProperties": _REQUEST_BODY,
                },
                "responses": {"type": "object", "additionalProperties": _RESPONSE},
                "headers": {"type": "object", "additionalProperties": _HEADER},
                "pathItems": {"type": "object", "additionalProperties": _PATH_ITEM},
                "securitySchemes": {
                    "type": "object",
                    "additionalProperties": {"type": "object"},
                },
            },
        },
    },
    "$defs": {"schema": _SCHEMA},
}

_FAST_VALIDATOR = jsonschema_rs.Draft202012Validator(_DOCUMENT)

# Fixes by the keyword that is wrong (the last token of the pointer), else by the top-level key.
_HINTS = {
    "properties": "write `properties` as a mapping from property names to schemas",
    "allOf": "write `allOf` as a list of schemas (or remove it)",
    "anyOf": "write `anyOf` as a list of schemas (or remove it)",
    "oneOf": "write `oneOf` as a list of schemas (or remove it)",
    "enum": "write `enum` as a list of values, e.g. `enum: [a, b]`",
    "required": "write `required` as a list of property names",
    "openapi": "set `openapi: 3.0.x`, `3.1.x` or `3.2.x` at the top of the document",
    "additionalOperations": "key `additionalOperations` by HTTP method names (`LINK`, `PURGE`)",
    "info": "add `info: {title: ..., version: ...}`",
    "prefixEncoding": "write `prefixEncoding` as a list of Encoding objects, one per leading part",
    "itemEncoding": "write `itemEncoding` as one Encoding object, e.g. `{contentType: image/png}`",
    "contentType": "write `contentType` as a media type string, e.g. `application/json`",
    "$self": "write `$self` as the URI the document is published at",
}


def _surely_valid(data: Any) -> bool:
    """jsonschema-rs's answer; False also when the document holds what JSON has no word for."""
    try:
        return bool(_FAST_VALIDATOR.is_valid(data))
    except ValueError:  # a non-string key (YAML `200:`), a YAML date
        return False


_JSON_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


def validate_document(doc: SpecDocument) -> None:
    """Raise SpecError for the first structural problem, naming its pointer and line."""
    if "swagger" in doc.data and "openapi" not in doc.data:
        raise doc.error(
            f"Swagger {doc.data['swagger']} is not supported: sdkforge reads OpenAPI 3.0, 3.1 and 3.2",
            "/swagger",
            "convert the document to OpenAPI 3 first (for example with swagger2openapi)",
        )
    if _surely_valid(doc.data):
        return
    import jsonschema  # only for a document to explain: its import costs 30 ms

    validator = jsonschema.Draft202012Validator(_DOCUMENT)
    error = jsonschema.exceptions.best_match(validator.iter_errors(doc.data))
    if error is None:
        return
    path = [str(part) for part in error.absolute_path]
    pointer = "".join(f"/{escape_token(part)}" for part in path)
    top = path[0] if path else ""
    message = error.message
    if error.validator == "required":
        missing = [
            key for key in error.validator_value if key not in (error.instance or {})
        ]
        message = f"missing required key `{missing[0]}`" if missing else message
        top = missing[0] if missing and not path else top
    elif error.validator == "type" and path:
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        found = _JSON_TYPE_NAMES.get(
            type(error.instance), type(error.instance).__name__
        )
        message = f"`{path[-1]}` must be of type {expected}, found {found}"
    keyword = path[-1] if path and path[-1] in _HINTS else top
    raise doc.error(
        f"not a valid OpenAPI 3.0/3.1/3.2 document: {message}",
        pointer,
        _HINTS.get(
            keyword, f"give `{keyword}` the type the OpenAPI specification says"
        ),
    )

"""Pure questions about one schema: functions of a schema dict, no state, no document.

They decide what a schema *is* (a reference, null, only an annotation, a model worth a class)
before the builder decides what to *make* of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import api
from ..api import MISSING
from ..naming import value_word

JSON_TYPES = frozenset(
    {"string", "integer", "number", "boolean", "object", "array", "null"}
)
# Keys that only describe a schema: a `{nullable: true, description: ...}` branch is still "just null".
ANNOTATION_KEYS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
    }
)


# Keywords that constrain a value. An `allOf` part counts only when it has one of them:
# annotations, `default`, `nullable: false` and `x-` extensions never make a part "real".
SCHEMA_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "format",
        "items",
        "prefixItems",
        "properties",
        "patternProperties",
        "additionalProperties",
        "required",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "discriminator",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    }
)
# Keywords that make a schema (or an allOf part) describe an object or a composition of them.
OBJECT_KEYWORDS = frozenset(
    {
        "properties",
        "patternProperties",
        "additionalProperties",
        "required",
        "allOf",
        "oneOf",
        "anyOf",
        "discriminator",
        "minProperties",
        "maxProperties",
    }
)


def is_ref(schema: Any) -> bool:
    return isinstance(schema, dict) and "$ref" in schema


def types_of(schema: dict) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return {str(declared)}


def declares_null(schema: dict) -> bool:
    return schema.get("nullable") is True or "null" in types_of(schema)


def is_null_branch(schema: Any) -> bool:
    """A union branch that allows only null, in any of its spellings."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "null" or schema.get("type") == ["null"]:
        return True
    if schema.get("nullable") is True and set(schema) <= ANNOTATION_KEYS | {"nullable"}:
        return True
    return ("const" in schema and schema["const"] is None) or schema.get("enum") == [
        None
    ]


def is_real_part(schema: Any) -> bool:
    """An allOf part that constrains the value (see SCHEMA_KEYWORDS); `{}` and `{x-...}` do not."""
    return isinstance(schema, dict) and any(key in SCHEMA_KEYWORDS for key in schema)


def is_object_like(schema: Any) -> bool:
    """The schema describes an object (or a composition): its allOf parts merge as properties."""
    return isinstance(schema, dict) and (
        any(key in OBJECT_KEYWORDS for key in schema) or "object" in types_of(schema)
    )


def flatten_all_of(
    schema: dict, resolve: Callable[[Any], Any]
) -> dict[str, Any] | None:
    """An `allOf` with no object among its real parts, as one schema without `allOf`.

    Inline parts are merged key by key; a single `$ref` to a non-object stays that `$ref` (the
    other parts only narrow it), or is the union beside it that lists it. None when the parts
    describe an object: that is a model whose properties are merged from the parts.
    """
    own = {key: value for key, value in schema.items() if key != "allOf"}
    parts = schema.get("allOf")
    if is_object_like(own) or not isinstance(parts, list):
        return None
    real = [part for part in parts if is_real_part(part)]
    refs = [part for part in real if is_ref(part)]
    inline = [part for part in real if not is_ref(part)]
    if len(refs) > 1 or any(_describes_object(part) for part in inline):
        return None
    if refs:
        target = resolve(refs[0])
        if not isinstance(target, dict) or is_ref(target) or is_object_like(target):
            return None
        # `allOf: [$ref E, {anyOf: [$ref E, $ref Config, null]}]` (E a string enum) is read
        # as its author means it, the union that lists E (read strictly it would refuse the
        # Config the union offers); a union that does not list E only narrows it.
        widening = next((p for p in inline if _lists_branch(p, refs[0])), None)
        if widening is not None:
            return {**own, **widening}
        return {**own, "$ref": refs[0]["$ref"]}
    if any(is_object_like(part) for part in inline):
        return None
    for part in inline:
        own.update(part)
    return own


def _lists_branch(schema: dict, branch: dict) -> bool:
    """`schema` is a union with `branch` among its members."""
    return any(branch in (schema.get(key) or ()) for key in ("oneOf", "anyOf"))


# What makes an inline allOf part describe an object itself, not only compose other schemas.
_OBJECT_ONLY_KEYWORDS = OBJECT_KEYWORDS - {"oneOf", "anyOf", "allOf", "discriminator"}


def _describes_object(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        any(key in _OBJECT_ONLY_KEYWORDS for key in schema)
        or "object" in types_of(schema)
    )


def merged_annotations(
    schema: dict, resolve: Callable[[Any], Any]
) -> tuple[str | None, api.JsonValue | api.Missing]:
    """A model's description and example: its own, else those of its `allOf` parts.

    The parts merge shallowly, a later part's key over an earlier one's, as the reference
    generator merges them: `allOf: [$ref X, {properties: ...}]` is described by X.
    """
    description = schema.get("description")
    example = example_of(schema)
    for part in reversed(schema.get("allOf") or []):
        resolved = resolve(part)
        if not isinstance(resolved, dict):
            continue
        if description is None:
            description = resolved.get("description")
        if example is MISSING:
            example = example_of(resolved)
    return description, example


def single_ref_part(schema: dict) -> tuple[int, dict] | None:
    """`allOf: [$ref X]` beside parts that only describe: (index, part) of the $ref."""
    real = [(i, p) for i, p in enumerate(schema["allOf"]) if is_real_part(p)]
    if len(real) == 1 and is_ref(real[0][1]) and "properties" not in schema:
        return real[0]
    return None


def wrapped_ref(schema: dict) -> Any:
    """The `$ref` of a schema that only wraps another: `$ref: X`, `allOf: [$ref X]` (beside
    annotations), `oneOf`/`anyOf: [$ref X, null]`. None for any other schema."""
    if "$ref" in schema:
        return schema["$ref"]
    if isinstance(schema.get("allOf"), list):
        single = single_ref_part(schema)
        return single[1]["$ref"] if single is not None else None
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and "properties" not in schema:
            real = non_null_branches(branches)
            if len(real) == 1 and is_ref(real[0]):
                return real[0]["$ref"]
    return None


def non_null_branches(branches: list) -> list:
    return [b for b in branches if not is_null_branch(b)]


def allows_null(schema: Any) -> bool:
    """The schema also allows null: a nullable type, `null` among its enum values, a null branch."""
    return isinstance(schema, dict) and (
        declares_null(schema)
        or None in (schema.get("enum") or [])
        or any(
            is_null_branch(b)
            for key in ("oneOf", "anyOf")
            for b in (schema.get(key) or [])
        )
    )


def is_model_schema(schema: Any) -> bool:
    """Objects with properties, enums and real unions become classes; the rest are aliases."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    if "enum" in schema and [v for v in schema["enum"] if v is not None]:
        return True
    if "allOf" in schema:
        # Without resolving $refs, assume an object; `ModelBuilder.is_model` knows better.
        parts = [p for p in schema["allOf"] if is_real_part(p)]
        return len(parts) != 1 or "properties" in schema or not is_ref(parts[0])
    for key in ("oneOf", "anyOf"):
        if key in schema and len(non_null_branches(schema[key])) > 1:
            return True
    if "properties" in schema:
        return True
    return len(types_of(schema) - {"null"}) > 1


def base_of(value: Any) -> api.PrimitiveName:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def example_of(schema: dict) -> api.JsonValue | api.Missing:
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return MISSING


def member_word(
    branch: Any, index: int, resolve: Callable[[Any], Any] | None = None
) -> str:
    """The word that names an inline union member: its tag value, title or type.

    The tag is a string `const` on a property, a one-value enum on `type` or on another
    property, or the member's own one-value enum; an allOf member looks for it in its parts.
    """
    if not isinstance(branch, dict):
        return f"member{index}"
    tag = member_tag(branch, resolve)
    if tag is not None:
        return value_word(tag)
    word = _untagged_member_word(branch)
    return f"member{index}" if word is None else word


def member_tag(branch: dict, resolve: Callable[[Any], Any] | None = None) -> str | None:
    """The value that tags a member: a string `const` on a property, a one-value enum on
    `type` or on another property, or the member's own one-value enum, looked for in its
    allOf parts too; None for an untagged member."""
    tag = _tag_word(branch)
    if tag is None and resolve is not None and isinstance(branch.get("allOf"), list):
        parts = [resolve(part) for part in branch["allOf"]]
        tags = (_tag_word(part) for part in parts if isinstance(part, dict))
        tag = next((t for t in tags if t is not None), None)
    return tag


def _untagged_member_word(branch: dict) -> str | None:
    """A member without a tag: its title, the name of the component it is or wraps, `enum`
    for an enum, its type."""
    if isinstance(branch.get("title"), str):
        return branch["title"]
    if "$ref" in branch:
        return branch["$ref"].rsplit("/", 1)[-1]
    if isinstance(branch.get("allOf"), list):
        ref = next(
            (
                p["$ref"]
                for p in branch["allOf"]
                if is_ref(p) and isinstance(p["$ref"], str)
            ),
            None,
        )
        if ref is not None:
            return ref.rsplit("/", 1)[-1]
    if branch.get("type") == "object" or "properties" in branch:
        return ""  # the union's object: it takes the union's own name
    if _non_null_enum(branch):
        return "enum"  # an enum beside a plain string: `OrderEnum`, not `OrderString`
    if isinstance(branch.get("type"), str):
        return branch["type"]
    return None


def _non_null_enum(schema: dict) -> list:
    enum = schema.get("enum")
    return [v for v in enum if v is not None] if isinstance(enum, list) else []


def _tag_word(schema: dict) -> str | None:
    declared = schema.get("properties")
    properties: dict = declared if isinstance(declared, dict) else {}
    for prop in properties.values():
        if isinstance(prop, dict) and isinstance(prop.get("const"), str):
            return prop["const"]
    ordered = [properties["type"]] if isinstance(properties.get("type"), dict) else []
    ordered += [
        p for name, p in properties.items() if name != "type" and isinstance(p, dict)
    ]
    for prop in ordered:
        values = _non_null_enum(prop)
        if len(values) == 1 and isinstance(values[0], str):
            return values[0]
    own = _non_null_enum(schema)
    if (
        len(own) == 1
        and isinstance(own[0], (str, int))
        and not isinstance(own[0], bool)
    ):
        return str(own[0])
    return None

"""Example values: the spec's examples where there are some, deterministic placeholders elsewhere."""

from __future__ import annotations

import re
import zlib
from collections.abc import Set
from datetime import date, datetime
from typing import Any

from ... import api
from ...api import (
    MISSING,
    AnyValue,
    ArrayOf,
    ConstValue,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
)
from .settings import OptionalProperties
from .values import (
    Value,
    VDate,
    VEnum,
    VList,
    VMap,
    VObject,
    VScalar,
    json_value,
    plain,
)

# Generated arrays of scalars get three items, arrays of objects one.
_SCALAR_ARRAY_ITEMS = 3
_TEXT_PLACEHOLDER = VScalar("<value>")
# What the reference's pages show for a string without an example, by its property's name:
# `<id>` for an identifier (`id`, `call_id`, `toolUseId`), `example.file` for a file name.
_ID_KEY = re.compile(r"(?:^|_)id$|[a-z0-9]Id$")


def _standalone_array_items(item: TypeRef) -> int | None:
    """How many items an array standing alone (a union's member) shows: two strings
    (`"<value 1>"`, `"<value 2>"`) or three values of any type, as on every such page of the
    reference's sets; None: as any other array."""
    if item == Primitive("string"):
        return 2
    if isinstance(item, AnyValue):
        return 3
    return None


# Deeper than this, an example is taken as fitting (a bound, not a rule).
_ACCEPTS_DEPTH = 12
# Objects nested deeper than this in one snippet are shown empty, as a recursive one is: a spec
# can chain models without end, and neither the walk nor the reader gains from more.
MAX_OBJECT_DEPTH = 48


# What the reference generator shows for a number it has no example of, when the number
# stands alone (a union's member, a parameter); inside objects its values vary.
FIRST_NUMBER = 1284.03


class Examples:
    """Example values of types and models.

    A property's value is its own example, else the parent's example for that key, else the
    example of the model it references, else a placeholder. Which optional properties show is
    the `optional_properties` setting; required ones always do.
    """

    def __init__(
        self, models: dict[str, api.Model], mode: OptionalProperties, strict: bool
    ):
        self.models = models
        self.mode = mode
        self.strict = strict  # Python: an example the type would reject is replaced by a placeholder
        self.expanded: set[str] = set()
        self.stack: list[str] = []
        # (union, example) pairs `accepts` is deciding: meeting one again is a cycle, which
        # cannot make the example fit (and would multiply the work of every member).
        self.accepting: set[tuple[str, int]] = set()

    def top(self, model: api.Model) -> Value:
        self.expanded = set()
        self.stack = []
        return self.value(ModelRef(model.name), MISSING, model.name)

    def of_type(self, type_ref: TypeRef, example: Any, seed: str) -> Value:
        self.expanded = set()
        self.stack = []
        if example is MISSING and type_ref == Primitive("number"):
            # the reference's first draw for a number: every bare `number` it shows has it
            return VScalar(FIRST_NUMBER)
        if example is MISSING and isinstance(type_ref, ArrayOf):
            count = _standalone_array_items(api.strip_null(type_ref.item))
            if count is not None:
                return self._placeholder_items(type_ref, count, seed, None)
        return self.value(type_ref, example, seed)

    # -- one value --

    def value(
        self, type_ref: TypeRef, example: Any, seed: str, key: str | None = None
    ) -> Value:
        example = self._fitting(type_ref, example)
        if isinstance(type_ref, Nullable):
            if example is None:
                return VScalar(None)
            return self.value(type_ref.inner, example, seed, key)
        if example is None:
            return VScalar(None)
        if isinstance(type_ref, ConstValue):
            return VScalar(type_ref.value)
        if isinstance(type_ref, Primitive):
            return self._primitive(type_ref, example, seed, key)
        if isinstance(type_ref, AnyValue):
            return json_value(example) if example is not MISSING else VScalar("<value>")
        if isinstance(type_ref, ArrayOf):
            return self._array(type_ref, example, seed, key)
        if isinstance(type_ref, MapOf):
            return self._map(type_ref, example, seed)
        return self._model(type_ref, example, seed, key)

    def _fitting(self, type_ref: TypeRef, example: Any) -> Any:
        """The example, or MISSING where strict (Python) and the type would reject it."""
        if (
            example is not MISSING
            and self.strict
            and not self.accepts(type_ref, example)
        ):
            return MISSING
        return example

    def _primitive(
        self, type_ref: Primitive, example: Any, seed: str, key: str | None
    ) -> Value:
        if example is MISSING:
            return self._placeholder(type_ref, seed, key)
        if type_ref.format == "date-time" and isinstance(
            example, (str, datetime, date)
        ):
            return VDate(plain(example))
        return json_value(example)

    def _map(self, type_ref: MapOf, example: Any, seed: str) -> Value:
        if isinstance(example, dict):
            return VMap(
                tuple(
                    (str(k), self.value(type_ref.value, v, f"{seed}.{k}"))
                    for k, v in example.items()
                )
            )
        if example is not MISSING:
            return json_value(example)
        return VMap((("key", self.value(type_ref.value, MISSING, seed + ".key")),))

    def _model(
        self, type_ref: ModelRef, example: Any, seed: str, key: str | None
    ) -> Value:
        model = self.models[type_ref.name]
        if example is MISSING:
            example = self._fitting(type_ref, model.example)
        if isinstance(model, api.EnumModel):
            if example is not MISSING:
                return VEnum(model.name, example)
            return VEnum(model.name, model.values[0].value)
        if isinstance(model, api.UnionModel):
            return self._union(model, example, seed, key)
        if example is not MISSING and not isinstance(example, dict):
            return json_value(example)
        if len(self.stack) >= MAX_OBJECT_DEPTH:
            return VObject(model.name, ())  # a chain this deep is cut, as a cycle is
        return self._object(model, example, seed)

    def _union(
        self, model: api.UnionModel, example: Any, seed: str, key: str | None
    ) -> Value:
        """The value of the union's chosen member, walking nested unions in a loop.

        A spec drives this walk (`U: {oneOf: [{$ref: U}, ...]}`, or chains of unions of
        unions), so it is iterative, and a union already on the walk is never chosen again.
        """
        visited: set[str] = set()
        while True:
            visited.add(model.name)
            member = self.choose_member(model, example, avoid=visited)
            if member is None:
                return (
                    json_value(example)
                    if example is not MISSING
                    else VScalar("<value>")
                )
            nested = self._nested_union(member, example)
            if nested is None:
                return self.value(member, example, seed, key)
            model, example = nested

    def _nested_union(
        self, member: TypeRef, example: Any
    ) -> tuple[api.UnionModel, Any] | None:
        """The union a member refers to and the example it gets, the steps of `value` and
        `_model` taken in place; None when the member is anything else (or null is shown).
        """
        example = self._fitting(member, example)
        if isinstance(member, Nullable):
            if example is None:
                return None
            member = member.inner
            example = self._fitting(member, example)
        if example is None or not isinstance(member, ModelRef):
            return None
        target = self.models[member.name]
        if not isinstance(target, api.UnionModel):
            return None
        if example is MISSING:
            example = self._fitting(member, target.example)
        return target, example

    def _array(
        self, type_ref: ArrayOf, example: Any, seed: str, key: str | None
    ) -> Value:
        if isinstance(example, list):
            return VList(
                tuple(
                    self.value(type_ref.item, item, f"{seed}[{i}]", key)
                    for i, item in enumerate(example)
                )
            )
        if example is not MISSING:
            return json_value(example)
        item = api.strip_null(type_ref.item)
        if isinstance(item, ModelRef):
            target = self.models[item.name]
            if (
                isinstance(target, api.ObjectModel)
                and target.name in self.expanded
                and target.example is MISSING
            ):
                # a model shown once already in this snippet is not shown again
                return VList(())
        count = (
            _SCALAR_ARRAY_ITEMS
            if isinstance(item, Primitive) and item.format != "date-time"
            else 1
        )
        return self._placeholder_items(type_ref, count, seed, key)

    def _placeholder_items(
        self, type_ref: ArrayOf, count: int, seed: str, key: str | None
    ) -> VList:
        """`count` made-up items; text placeholders are numbered (`"<value 1>"`, ...), as the
        reference generator numbers them."""
        items = [
            self.value(type_ref.item, MISSING, f"{seed}[{i}]", key)
            for i in range(count)
        ]
        return VList(
            tuple(
                VScalar(f"<value {i}>") if item == _TEXT_PLACEHOLDER else item
                for i, item in enumerate(items, start=1)
            )
        )

    def _object(self, model: api.ObjectModel, example: Any, seed: str) -> Value:
        if model.name in self.stack:
            return VObject(model.name, ())
        self.expanded.add(model.name)
        self.stack.append(model.name)
        try:
            entries: list[tuple[api.Field, Value]] = []
            for f in model.fields:
                own = f.example
                if (
                    own is MISSING
                    and isinstance(example, dict)
                    and f.wire_name in example
                ):
                    own = example[f.wire_name]
                if not f.required and (
                    isinstance(api.strip_null(f.type), ConstValue)
                    or not self._shows_optional(f, own)
                ):
                    continue
                if own is MISSING and f.placeholder is not None:
                    entries.append((f, VScalar(f.placeholder)))
                    continue
                entries.append(
                    (f, self.value(f.type, own, f"{seed}.{f.wire_name}", f.wire_name))
                )
            return VObject(model.name, tuple(entries))
        finally:
            self.stack.pop()

    def _shows_optional(self, f: api.Field, example: Any) -> bool:
        if self.mode == "never":
            return False
        target = api.strip_null(f.type)
        if isinstance(target, ModelRef) and target.name in self.stack:
            return False  # a recursive optional property would never end
        if self.mode == "always":
            return True
        return (
            example is not MISSING
            or referenced_example(self.models, f.type) is not MISSING
        )

    def _placeholder(self, prim: Primitive, seed: str, key: str | None) -> Value:
        if prim.name == "string":
            if prim.format == "date-time":
                return VDate("2025-01-01T00:00:00Z")
            return VScalar(_text_placeholder(key))
        if prim.name == "boolean":
            return VScalar(True)
        n = zlib.crc32(seed.encode("utf-8"))
        if prim.name == "integer":
            return VScalar(n % 1000)
        return VScalar(round((n % 1_000_000) / 100 + 0.01, 2))

    # -- unions and type checks --

    def choose_member(
        self, model: api.UnionModel, example: Any, avoid: Set[str] = frozenset()
    ) -> TypeRef | None:
        """The member an example belongs to (the first one without an example); never an
        event stream, nor a member naming one of the unions in `avoid` (a cycle)."""
        members = [
            m
            for m in model.members
            if not (isinstance(m, ModelRef) and m.name in model.event_stream_members)
            and _referenced_name(m) not in avoid
        ]
        if not members:
            return None
        if example is MISSING:
            return members[0]
        if model.discriminator is not None and isinstance(example, dict):
            tag = example.get(model.discriminator.property)
            for value, name in model.discriminator.mapping:
                if value == tag:
                    return ModelRef(name)
        best, best_score = None, -1
        for member in members:
            if not self.accepts(member, example):
                continue
            score = self._overlap(member, example)
            if score > best_score:
                best, best_score = member, score
        return best

    def _overlap(self, member: TypeRef, example: Any) -> int:
        target = self.models.get(member.name) if isinstance(member, ModelRef) else None
        if isinstance(target, api.ObjectModel) and isinstance(example, dict):
            return sum(1 for f in target.fields if f.wire_name in example)
        return 0

    def accepts(self, type_ref: TypeRef, example: Any, depth: int = 0) -> bool:
        """Whether an example fits a type well enough to be shown (and to validate, in Python)."""
        if depth > _ACCEPTS_DEPTH:
            return True
        if isinstance(type_ref, Nullable):
            return example is None or self.accepts(type_ref.inner, example, depth + 1)
        if example is None:
            return False
        if isinstance(type_ref, AnyValue):
            return True
        if isinstance(type_ref, ConstValue):
            return example == type_ref.value and type(example) is type(type_ref.value)
        if isinstance(type_ref, Primitive):
            return fits_primitive(type_ref.name, example)
        if isinstance(type_ref, ArrayOf):
            return isinstance(example, list) and all(
                self.accepts(type_ref.item, e, depth + 1) for e in example
            )
        if isinstance(type_ref, MapOf):
            return isinstance(example, dict) and all(
                self.accepts(type_ref.value, v, depth + 1) for v in example.values()
            )
        return self._model_accepts(self.models[type_ref.name], example, depth)

    def _model_accepts(self, model: api.Model, example: Any, depth: int) -> bool:
        if isinstance(model, api.EnumModel):
            values = [v.value for v in model.values]
            return example in values or (
                model.open and fits_primitive(model.base, example)
            )
        if isinstance(model, api.UnionModel):
            return self._union_accepts(model, example, depth)
        # An object: the keys it has must fit (placeholders fill in the required ones it lacks).
        return isinstance(example, dict) and all(
            self.accepts(f.type, example[f.wire_name], depth + 1)
            for f in model.fields
            if f.wire_name in example
        )

    def _union_accepts(self, model: api.UnionModel, example: Any, depth: int) -> bool:
        key = (model.name, id(example))
        if key in self.accepting:
            return False
        self.accepting.add(key)
        try:
            return any(self.accepts(m, example, depth + 1) for m in model.members)
        finally:
            self.accepting.discard(key)


def _referenced_name(type_ref: TypeRef) -> str | None:
    target = api.strip_null(type_ref)
    return target.name if isinstance(target, ModelRef) else None


def fits_primitive(name: str, example: Any) -> bool:
    if name == "string":
        return isinstance(example, (str, datetime, date))
    if name == "boolean":
        return isinstance(example, bool)
    if name == "integer":
        return isinstance(example, int) and not isinstance(example, bool)
    return isinstance(example, (int, float)) and not isinstance(example, bool)


def referenced_example(models: dict[str, api.Model], type_ref: TypeRef) -> Any:
    target = api.strip_null(type_ref)
    if isinstance(target, ModelRef):
        return models[target.name].example
    return MISSING


def has_example(model: api.Model, models: dict[str, api.Model]) -> bool:
    """Whether a model, or one of its fields, has an example of its own or by reference."""
    if model.example is not MISSING:
        return True
    if isinstance(model, api.ObjectModel):
        return any(
            f.example is not MISSING
            or referenced_example(models, f.type) is not MISSING
            for f in model.fields
        )
    return False


def _text_placeholder(key: str | None) -> str:
    if key is not None and _ID_KEY.search(key):
        return "<id>"
    if key == "filename":
        return "example.file"
    return "<value>"

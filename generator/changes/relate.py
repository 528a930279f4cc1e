"""The type lattice: how the set of JSON values a NEW type allows relates to the OLD type's.

Model names differ between the versions, so a relation is always taken under the pairing of
OLD models to NEW ones that the matcher found (`sdkforge.changes.match`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import Enum, Flag, auto
from typing import Any

from .. import api
from ..api import (
    AnyValue,
    ArrayOf,
    ConstValue,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    PrimitiveName,
    TypeRef,
)


class Relation(Enum):
    """NEW's values compared with OLD's: the same set, a superset, a subset, or neither."""

    SAME = "same"
    WIDER = "wider"
    NARROWER = "narrower"
    INCOMPATIBLE = "incompatible"

    def join(self, other: Relation) -> Relation:
        """Both relations at once (of two parts of one type): `same` adds nothing, and
        a part wider with another narrower is incompatible."""
        if self is other or other is Relation.SAME:
            return self
        if self is Relation.SAME:
            return other
        return Relation.INCOMPATIBLE

    def flipped(self) -> Relation:
        """The relation seen from the other version."""
        if self is Relation.WIDER:
            return Relation.NARROWER
        if self is Relation.NARROWER:
            return Relation.WIDER
        return self


class Difference(Flag):
    """What else changed besides the set of values: the class, or a `format`."""

    NONE = 0
    CLASS = auto()
    FORMAT = auto()


SAME, WIDER, NARROWER, INCOMPATIBLE = (
    Relation.SAME,
    Relation.WIDER,
    Relation.NARROWER,
    Relation.INCOMPATIBLE,
)


def type_str(t: TypeRef | None) -> str:
    """A short spelling of a type for reports: `string`, `array[Foo]`, `map[int]`, `Foo | null`."""
    if t is None:
        return "none"
    if isinstance(t, Primitive):
        return f"{t.name}({t.format})" if t.format else t.name
    if isinstance(t, AnyValue):
        return "any"
    if isinstance(t, ConstValue):
        return json.dumps(t.value)
    if isinstance(t, ModelRef):
        return t.name
    if isinstance(t, ArrayOf):
        return f"array[{type_str(t.item)}]"
    if isinstance(t, MapOf):
        return f"map[{type_str(t.value)}]"
    if isinstance(t, Nullable):
        return f"{type_str(t.inner)} | null"
    return repr(t)


def type_key(t: TypeRef, name_of: Callable[[str], str | None]) -> str:
    """A type's spelling with model names translated by `name_of` (`None`: no translation,
    spelled `?Name`), so that types of the two versions can be compared as strings."""
    if isinstance(t, ModelRef):
        mapped = name_of(t.name)
        return "@" + (mapped if mapped is not None else f"?{t.name}")
    if isinstance(t, ArrayOf):
        return f"array[{type_key(t.item, name_of)}]"
    if isinstance(t, MapOf):
        return f"map[{type_key(t.value, name_of)}]"
    if isinstance(t, Nullable):
        return f"{type_key(t.inner, name_of)}|null"
    if isinstance(t, Primitive):
        return t.name
    if isinstance(t, ConstValue):
        return "const:" + json.dumps(t.value)
    return type_str(t)


def new_key(t: TypeRef) -> str:
    """A NEW type's spelling: its model names are already NEW ones."""
    return type_key(t, lambda name: name)


def value_key(value: Any) -> tuple[str, Any]:
    """An enum or const value with its JSON type: `1`, `1.0` and `true` stay three values."""
    return (type(value).__name__ if not isinstance(value, bool) else "bool", value)


def any_null(t: TypeRef) -> TypeRef:
    """`any | null` is `any`: null is already one of any's values."""
    return (
        AnyValue() if isinstance(t, Nullable) and isinstance(t.inner, AnyValue) else t
    )


def fits(base: PrimitiveName, primitive: PrimitiveName) -> bool:
    """Whether values of JSON type `base` are values of `primitive` (an integer is a number)."""
    return base == primitive or (base == "integer" and primitive == "number")


def _set_relation(old: set[Any], new: set[Any]) -> Relation:
    if old == new:
        return SAME
    if new > old:
        return WIDER
    return NARROWER if new < old else INCOMPATIBLE


def _relate_any(o: TypeRef, n: TypeRef) -> Relation:
    if isinstance(o, AnyValue) and isinstance(n, AnyValue):
        return SAME
    return WIDER if isinstance(n, AnyValue) else NARROWER


def _relate_scalars(o: TypeRef, n: TypeRef) -> tuple[Relation, Difference]:
    """Primitives and constants (anything else that reaches here differs in kind)."""
    if isinstance(o, Primitive) and isinstance(n, Primitive):
        flags = Difference.FORMAT if o.format != n.format else Difference.NONE
        if o.name == n.name:
            return SAME, flags
        if (o.name, n.name) == ("integer", "number"):
            return WIDER, flags
        if (o.name, n.name) == ("number", "integer"):
            return NARROWER, flags
        return INCOMPATIBLE, flags
    if isinstance(o, ConstValue) and isinstance(n, ConstValue):
        same = value_key(o.value) == value_key(n.value)
        return (SAME if same else INCOMPATIBLE), Difference.NONE
    if isinstance(o, ConstValue) and isinstance(n, Primitive):
        return (WIDER if fits(o.base, n.name) else INCOMPATIBLE), Difference.NONE
    if isinstance(o, Primitive) and isinstance(n, ConstValue):
        return (NARROWER if fits(n.base, o.name) else INCOMPATIBLE), Difference.NONE
    return INCOMPATIBLE, Difference.NONE


class TypeRelator:
    """Relates OLD types to NEW ones under a pairing of OLD model names to NEW ones."""

    def __init__(
        self,
        old_models: Mapping[str, api.Model],
        new_models: Mapping[str, api.Model],
        pairs: Mapping[str, str],
    ):
        self.om, self.nm = old_models, new_models
        self.pairs = pairs  # OLD model name -> NEW model name
        self.reverse = {n: o for o, n in pairs.items()}
        self.relations: dict[tuple[str, str], Relation] = {}

    def old_key(self, t: TypeRef) -> str:
        """An OLD type's spelling with its model names translated to NEW ones."""
        return type_key(t, self.pairs.get)

    def relate(self, o: TypeRef, n: TypeRef) -> tuple[Relation, Difference]:
        """How the NEW type's set of JSON values relates to the OLD one's, and what else
        changed (the class, a format)."""
        o, n = any_null(o), any_null(n)
        if isinstance(o, Nullable) or isinstance(n, Nullable):
            rel, flags = self.relate(api.strip_null(o), api.strip_null(n))
            if isinstance(o, Nullable) and not isinstance(n, Nullable):
                rel = rel.join(NARROWER)
            elif isinstance(n, Nullable) and not isinstance(o, Nullable):
                rel = rel.join(WIDER)
            return rel, flags
        if isinstance(o, AnyValue) or isinstance(n, AnyValue):
            return _relate_any(o, n), Difference.NONE
        if isinstance(o, ModelRef) or isinstance(n, ModelRef):
            return self._relate_refs(o, n)
        if isinstance(o, ArrayOf) and isinstance(n, ArrayOf):
            return self.relate(o.item, n.item)
        if isinstance(o, MapOf) and isinstance(n, MapOf):
            return self.relate(o.value, n.value)
        return _relate_scalars(o, n)

    def _relate_refs(self, o: TypeRef, n: TypeRef) -> tuple[Relation, Difference]:
        """At least one side is a model: the class is part of the change unless paired."""
        if isinstance(o, ModelRef) and isinstance(n, ModelRef):
            if self.pairs.get(o.name) == n.name:
                return SAME, Difference.NONE
            return self._relate_models(o.name, n.name), Difference.CLASS
        if isinstance(o, ModelRef):
            seen_from_old = self._model_vs_type(
                self.om[o.name], n, new_key(n), old_side=True
            )
            return seen_from_old.flipped(), Difference.CLASS
        assert isinstance(n, ModelRef)
        rel = self._model_vs_type(self.nm[n.name], o, self.old_key(o), old_side=False)
        return rel, Difference.CLASS

    def _model_vs_type(
        self, model: api.Model, other: TypeRef, other_key: str, old_side: bool
    ) -> Relation:
        """How `other` (not a model) relates to `model`, seen from the model: `wider` means the
        model's values include all of `other`'s. The caller flips it when the model is OLD.
        """
        if isinstance(model, api.UnionModel):
            keys = {self.old_key(m) if old_side else new_key(m) for m in model.members}
            return WIDER if other_key in keys else INCOMPATIBLE
        if isinstance(model, api.EnumModel):
            values = {value_key(v.value) for v in model.values}
            if isinstance(other, ConstValue):
                if value_key(other.value) not in values:
                    return INCOMPATIBLE
                # `const: x` is `enum: [x]`
                return SAME if len(values) == 1 and not model.open else WIDER
            if isinstance(other, Primitive) and fits(model.base, other.name):
                return SAME if model.open else NARROWER
        return INCOMPATIBLE

    def _relate_models(self, o_name: str, n_name: str) -> Relation:
        key = (o_name, n_name)
        if key in self.relations:
            return self.relations[key]
        self.relations[key] = SAME  # a cycle back to this pair adds nothing
        o, n = self.om[o_name], self.nm[n_name]
        rel = INCOMPATIBLE
        if isinstance(o, api.EnumModel) and isinstance(n, api.EnumModel):
            rel = _relate_enums(o, n)
        elif isinstance(o, api.ObjectModel) and isinstance(n, api.ObjectModel):
            rel = self._relate_objects(o, n)
        elif isinstance(o, api.UnionModel) and isinstance(n, api.UnionModel):
            old_keys = {self.old_key(m) for m in o.members}
            rel = _set_relation(old_keys, {new_key(m) for m in n.members})
        elif isinstance(n, api.UnionModel) and any(
            isinstance(m, ModelRef) and self.reverse.get(m.name) == o_name
            for m in n.members
        ):
            rel = WIDER
        elif isinstance(o, api.UnionModel) and any(
            isinstance(m, ModelRef) and self.pairs.get(m.name) == n_name
            for m in o.members
        ):
            rel = NARROWER
        self.relations[key] = rel
        return rel

    def _relate_objects(self, o: api.ObjectModel, n: api.ObjectModel) -> Relation:
        new_fields = {f.wire_name: f for f in n.fields}
        old_fields = {f.wire_name: f for f in o.fields}
        if old_fields and new_fields and not old_fields.keys() & new_fields.keys():
            # Extra keys are allowed, so `{a?}` and `{b!}` are formally narrower: but with no
            # field in common they are different things, not one refined.
            return INCOMPATIBLE
        rel = SAME
        for f in o.fields:
            g = new_fields.get(f.wire_name)
            if g is None:
                rel = rel.join(WIDER if f.required else SAME)
                continue
            if f.required != g.required:
                rel = rel.join(NARROWER if g.required else WIDER)
            rel = rel.join(self.relate(f.type, g.type)[0])
            if rel is INCOMPATIBLE:
                break  # nothing joins back from here: the other fields need no relating
        for g in n.fields:
            if g.wire_name not in old_fields and g.required:
                rel = rel.join(NARROWER)
        return rel


def _relate_enums(o: api.EnumModel, n: api.EnumModel) -> Relation:
    # The listed values are the contract; openness only says how the SDK treats others
    # (reported on the enum itself), except that an open OLD enum takes any new value.
    rel = _set_relation(
        {value_key(v.value) for v in o.values}, {value_key(v.value) for v in n.values}
    )
    return SAME if o.open and rel is WIDER else rel

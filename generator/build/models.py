"""Schemas -> types and named models: nullable spellings, `$ref` chains and cycles, `allOf`
merging, inline naming, enums open and closed, unions with and without a discriminator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from .. import api
from ..api import (
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
from ..config import OpenEnums
from ..naming import (
    camel,
    class_name,
    enum_member_name,
    python_field_name,
    singular,
    value_word,
)
from ..spec.load import SpecDocument, SpecError, escape_token
from .namer import (
    ITEM_WORD,
    ModelKind,
    Namer,
    Place,
    error_class_candidates,
    without_union_suffix,
)
from .predicates import (
    JSON_TYPES,
    allows_null,
    base_of,
    declares_null,
    example_of,
    flatten_all_of,
    is_model_schema,
    is_null_branch,
    is_ref,
    member_tag,
    member_word,
    merged_annotations,
    single_ref_part,
    types_of,
    wrapped_ref,
)

# A JSON type that is not null: what `_typed` makes a schema of one declared type into.
JsonKind = Literal["string", "integer", "number", "boolean", "object", "array"]
_PRIMITIVE_NAMES: tuple[api.PrimitiveName, ...] = (
    "string",
    "integer",
    "number",
    "boolean",
)
_MULTI_TYPE_ORDER: tuple[JsonKind, ...] = (*_PRIMITIVE_NAMES, "array", "object")
# Properties of an object schema, with allOf merged: wire name -> (schema, pointer).
Properties = dict[str, tuple[Any, str]]


def with_null(type_ref: TypeRef, nullable: bool) -> TypeRef:
    if nullable and not isinstance(type_ref, (Nullable, AnyValue)):
        return Nullable(type_ref)
    return type_ref


class ModelBuilder:
    """Every named model of a document, built on demand and breadth-first."""

    def __init__(self, doc: SpecDocument, namer: Namer):
        self.doc = doc
        self.namer = namer
        self.schemas: dict[str, Any] = (doc.data.get("components") or {}).get(
            "schemas"
        ) or {}
        self.models: dict[str, api.Model] = {}
        self.component_names: dict[str, str] = {}
        self.alias_names: dict[str, str] = (
            {}
        )  # component key -> name, see component_aliases
        # pointer of a named model -> its schema allows null
        self.null_models: dict[str, bool] = {}
        # pointers of aliases/allOf being resolved, for cycle errors
        self.resolving: list[str] = []
        self.resolving_set: set[str] = (
            set()
        )  # the same, for a constant-time cycle check
        # Inline models named but not built yet, in the order they were named. Building them
        # breadth-first means a schema nearer its component claims a free short name (`Data`,
        # `ErrorT`) before one nested deeper, whatever their order in the document.
        self.queued: dict[str, tuple[dict, str, Place]] = {}
        # unions whose discriminator waits for their members: (class name, schema)
        self.discriminated: list[tuple[str, dict]] = []

    # ---- components ----------------------------------------------------------------------

    def build_components(self, error_components: set[str]) -> None:
        """Name every component model first (they get first pick of names), then build them.

        Error components claim theirs after the others: their `Error` suffix must not take the
        name of a component that is spelled so (`XError` next to the error `X`).
        """
        models = [k for k in self.schemas if self.is_model(self.schemas[k])]
        names = {
            key: self.namer.claim(
                _component_candidates(
                    key,
                    self.schemas[key],
                    self._items_have_inline_member(self.schemas[key]),
                )
            )
            for key in models
            if key not in error_components
        }
        for key in models:
            if key in error_components:
                names[key] = self.namer.claim(error_class_candidates(key))
        for key in models:
            self.component_names[key] = names[key]
            self.namer.name_by_pointer[_component_pointer(key)] = names[key]
            if "enum" not in self.schemas[key]:
                self.namer.component_non_enums.add(names[key].lower())
        # Components that only wrap a model get their own name too, before any inline model.
        wrapped: dict[str, str | None] = {}
        for key, schema in self.schemas.items():
            if key not in self.component_names and self._wrapped_model(schema, wrapped):
                self.alias_names[key] = self.namer.claim([class_name(key)])
        self._name_array_items()
        self._name_nullable_members()
        for key, name in self.component_names.items():
            group: api.ModelGroup = "errors" if key in error_components else "models"
            self.build_model(
                self.schemas[key],
                _component_pointer(key),
                name,
                Place(api.class_name_of(name), None, group),
            )
        self.drain()

    def _name_array_items(self) -> None:
        """An array component's inline item is named after the component: the array is no
        class, its item is what the name stands for (`ChatAssistantImages: [{image_url}]` ->
        `ChatAssistantImages`, its `image_url` -> `ChatAssistantImagesImageUrl`). Named before
        any component is built, so a property that refers to the array finds the name.
        """
        for key, schema in self.schemas.items():
            if not (
                isinstance(schema, dict)
                and schema.get("type") == "array"
                and isinstance(schema.get("items"), dict)
                and not is_ref(schema["items"])
                and self.is_model(schema["items"])
            ):
                continue
            name = self.namer.claim([class_name(key)])
            pointer = _component_pointer(key) + "/items"
            self.namer.name_by_pointer[pointer] = name
            self.queued[name] = (
                schema["items"],
                pointer,
                Place(api.class_name_of(name), None),
            )

    def _name_nullable_members(self) -> None:
        """A component that is an inline model or null (`Usage: anyOf [{...}, null]`) is no
        class: its model is what the name stands for, and the schemas inside it are named
        after it (`Usage`, its `cost_details` -> `UsageCostDetails`), as the reference names
        them, not after whichever schema reached it first."""
        for key, schema in self.schemas.items():
            found = (
                _nullable_inline_member(schema)
                if key not in self.component_names
                else None
            )
            if found is None or not self.is_model(found[1]):
                continue
            where, member = found
            name = self.namer.claim([class_name(key)])
            pointer = f"{_component_pointer(key)}/{where}"
            self.namer.name_by_pointer[pointer] = name
            self.queued[name] = (member, pointer, Place(api.class_name_of(name), None))

    def component_aliases(self) -> list[api.ModelAlias]:
        """Components that only wrap a model (`$ref: X`, `allOf: [$ref X]`, `X` or null): X under
        the component's name (claimed with the component models)."""
        aliases = []
        wrapped: dict[str, str | None] = {}
        for key, name in self.alias_names.items():
            target = self._wrapped_model(self.schemas[key], wrapped)
            if target is not None and target in self.models:
                aliases.append(api.ModelAlias(name, target, _component_pointer(key)))
        return aliases

    def _wrapped_model(self, schema: Any, known: dict[str, str | None]) -> str | None:
        """The model a schema only wraps, through any chain of such wrappers (followed in a loop).

        `known` holds what each `$ref` already followed leads to, so the components of one long
        chain or cycle are walked once in all, not once each (that was quadratic).
        """
        path: dict[str, None] = {}  # the refs followed, in order (a dict: O(1) `in`)
        found: str | None = None
        while isinstance(schema, dict):
            ref = wrapped_ref(schema)
            if not isinstance(ref, str) or not ref.startswith("#") or ref in path:
                break
            if ref in known:
                found = known[ref]
                break
            path[ref] = None
            found = self.namer.name_by_pointer.get(ref[1:])
            if found is not None:
                break
            try:
                schema = self.doc.resolve(ref[1:])
            except KeyError:
                break
        for ref in path:
            known[ref] = found
        return found

    def named_top_level(
        self,
        schema: Any,
        pointer: str,
        name: str,
        root: str,
        group: api.ModelGroup = "operations",
        *,
        fallback: str | None = None,
    ) -> TypeRef:
        """An operation's inline body gets a fixed name (`fallback` when a component has it); a
        $ref keeps its component."""
        if self.is_model(schema):
            self.namer.name_pointer(
                pointer,
                [name] if fallback is None else [name, fallback],
                in_operation=group == "operations",
            )
        return self.type_of(
            schema, pointer, Place(root, None, group, in_operation=True)
        )

    def is_model(self, schema: Any) -> bool:
        """The schema becomes a class of its own (an object, an enum, a real union)."""
        if not isinstance(schema, dict) or "allOf" not in schema or "$ref" in schema:
            return is_model_schema(schema)
        if single_ref_part(schema) is not None:
            return False
        flat = flatten_all_of(schema, self._part)
        return True if flat is None else is_model_schema(flat)

    # ---- types -------------------------------------------------------------------------

    def type_of(self, schema: Any, pointer: str, place: Place) -> TypeRef:
        """The type of a schema at a use site; names and builds inline models as needed."""
        if schema is True or schema == {} or schema is None:
            return AnyValue()
        if not isinstance(schema, dict):
            raise self._not_a_schema(schema, pointer)
        nullable = declares_null(schema)
        if "$ref" in schema:
            return with_null(self._ref_type(schema["$ref"], pointer, place), nullable)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self._union_type(schema, key, pointer, place, nullable)
        if "allOf" in schema:
            return self._all_of_type(schema, pointer, place, nullable)
        if "enum" in schema:
            return self._enum_type(schema, pointer, place, nullable)
        if "const" in schema:
            return with_null(self._const_type(schema["const"]), nullable)
        return self._declared_type(schema, pointer, place, nullable)

    @staticmethod
    def _const_type(value: Any) -> TypeRef:
        """A scalar `const` is a Literal; an object or array one cannot be: any JSON value."""
        if isinstance(value, (dict, list)):
            return AnyValue()
        return ConstValue(value, base_of(value))

    def _not_a_schema(self, schema: object, pointer: str) -> SpecError:
        if schema is False:
            return self.doc.error(
                "a `false` schema allows no value and cannot be generated",
                pointer,
                "remove the property or give it a type",
            )
        return self.doc.error(
            f"a schema must be an object, found {type(schema).__name__}",
            pointer,
            "write the schema as a mapping",
        )

    def _all_of_type(
        self, schema: dict, pointer: str, place: Place, nullable: bool
    ) -> TypeRef:
        # `allOf: [$ref X, {nullable: true}]` is one more spelling of "X or null", and
        # `allOf: [$ref X, {description: ...}]` only describes X at this use.
        nullable = nullable or any(
            declares_null(m) for m in schema["allOf"] if isinstance(m, dict)
        )
        single = single_ref_part(schema)
        if single is not None:
            index, member = single
            copied = self._copy_at_use(schema, member, place)
            if copied is not None:
                return with_null(self.type_of(copied, pointer, place), nullable)
            return with_null(
                self._ref_type(member["$ref"], f"{pointer}/allOf/{index}", place),
                nullable,
            )
        # Parts that are not objects merge into one schema, typed like any other.
        flat = flatten_all_of(schema, self._part)
        if flat is not None:
            return with_null(self.type_of(flat, pointer, place), nullable)
        return with_null(
            self._inline_model(ModelKind.OBJECT, schema, pointer, place), nullable
        )

    def _copy_at_use(self, schema: dict, part: dict, place: Place) -> dict | None:
        """A component a property wraps in `allOf` beside annotations that the reference reads
        as a copy of it, named as the property's inline schema and described by the
        annotations: an enum beside any annotation (`MessagesRequest.speed: allOf [$ref
        AnthropicSpeed, {description}]` -> `Speed`; beside `{nullable: true}` too, the null
        allowed at the use), an object beside an example of its own (`options: allOf [$ref
        ProviderOptions, {example}]` -> `ImageGenerationProviderPreferencesOptions`). None for
        any other `allOf`: an object beside a description only, a union, and a lone
        `allOf: [$ref X]` stay the component."""
        target = self._part(part)
        others = [p for p in schema["allOf"] if isinstance(p, dict) and not is_ref(p)]
        if place.prop is None or not others or not isinstance(target, dict):
            return None
        notes = {
            key: value
            for other in others
            for key, value in other.items()
            if key in _COPIED_NOTES
        }
        if "enum" in target or (_is_plain_object(target) and _has_example(notes)):
            return {**target, **notes}
        return None

    def _enum_type(
        self, schema: dict, pointer: str, place: Place, nullable: bool
    ) -> TypeRef:
        values = [v for v in schema["enum"] if v is not None]
        nullable = nullable or None in schema["enum"]
        if not values:
            return Nullable(AnyValue())
        return with_null(
            self._inline_model(ModelKind.ENUM, schema, pointer, place), nullable
        )

    def _declared_type(
        self, schema: dict, pointer: str, place: Place, nullable: bool
    ) -> TypeRef:
        """A schema by its `type` keyword (or `properties` alone: an object)."""
        types = types_of(schema)
        self._check_types(types, pointer)
        non_null = types - {"null"}
        if len(non_null) > 1:
            return with_null(
                self._inline_model(ModelKind.UNION, schema, pointer, place), nullable
            )
        kind = _json_kind(next(iter(non_null))) if non_null else None
        if kind is None and "properties" in schema:
            kind = "object"
        if kind is None:
            return Nullable(AnyValue()) if nullable else AnyValue()
        return with_null(self._typed(kind, schema, pointer, place), nullable)

    def _check_types(self, types: set[str], pointer: str) -> None:
        unknown = types - JSON_TYPES
        if unknown:
            raise self.doc.error(
                f"unknown type {sorted(unknown)[0]!r}",
                pointer + "/type",
                "use one of: " + ", ".join(sorted(JSON_TYPES)),
            )

    def _typed(
        self, kind: JsonKind, schema: dict, pointer: str, place: Place
    ) -> TypeRef:
        if kind == "array":
            items = schema.get("items", {})
            item_place = (
                replace(place, prop=singular(place.prop))
                if place.prop
                else replace(place.under(ITEM_WORD), unnamed_item=True)
            )
            return ArrayOf(self.type_of(items, pointer + "/items", item_place))
        if kind == "object":
            if "properties" in schema:
                return self._inline_model(ModelKind.OBJECT, schema, pointer, place)
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                return MapOf(
                    self.type_of(extra, pointer + "/additionalProperties", place)
                )
            return MapOf(AnyValue())
        return Primitive(kind, schema.get("format"))

    def _ref_type(self, ref: Any, pointer: str, place: Place) -> TypeRef:
        """The type a `$ref` names. Chains of schemas that only point on (`$ref`, `allOf: [$ref]`)
        are followed in a loop, not by recursion: a spec can make them thousands long.
        """
        depth = len(self.resolving)
        nullable = False
        try:
            while True:
                target_pointer = self.ref_pointer(ref, pointer)
                if target_pointer in self.namer.name_by_pointer:
                    return with_null(
                        ModelRef(self.namer.name_by_pointer[target_pointer]),
                        nullable or self._model_allows_null(target_pointer),
                    )
                target = self.resolve(target_pointer, pointer)
                self._enter(target_pointer, pointer)
                if not place.prop:
                    place = place.under(target_pointer.rsplit("/", 1)[-1])
                hop = self._next_hop(target, target_pointer)
                if hop is None:
                    return with_null(
                        self.type_of(target, target_pointer, place), nullable
                    )
                ref, pointer, hop_null = hop
                nullable = nullable or hop_null
        finally:
            for left in self.resolving[depth:]:
                self.resolving_set.discard(left)
            del self.resolving[depth:]

    def _enter(self, target_pointer: str, pointer: str) -> None:
        """Mark `target_pointer` as being resolved; seeing it again is a cycle of aliases."""
        if target_pointer in self.resolving_set:
            cycle = self.resolving[self.resolving.index(target_pointer) :]
            chain = _short_chain([*cycle, target_pointer])
            raise self.doc.error(
                f"circular $ref with no model in between: {chain}",
                pointer,
                "break the cycle with an object schema",
            )
        self.resolving.append(target_pointer)
        self.resolving_set.add(target_pointer)

    def _next_hop(self, schema: Any, pointer: str) -> tuple[Any, str, bool] | None:
        """(ref, pointer, declares null) when `schema` only points on to another, as `type_of`
        would read it: a `$ref`, or an `allOf` whose one real part is a `$ref`."""
        if not isinstance(schema, dict):
            return None
        if "$ref" in schema:
            return schema["$ref"], pointer, declares_null(schema)
        if "oneOf" in schema or "anyOf" in schema or "allOf" not in schema:
            return None
        single = single_ref_part(schema)
        if single is None:
            return None
        index, part = single
        nullable = declares_null(schema) or any(
            declares_null(m) for m in schema["allOf"] if isinstance(m, dict)
        )
        return part["$ref"], f"{pointer}/allOf/{index}", nullable

    def _model_allows_null(self, pointer: str) -> bool:
        """A named model whose schema also allows null (`type: [string, "null"]` with `null` among
        the enum values, a null branch): the model cannot hold null, so every use site is Nullable.
        """
        allows = self.null_models.get(pointer)
        if allows is None:
            try:
                schema = self.doc.resolve(pointer)
            except KeyError:
                schema = None
            allows = allows_null(schema)
            self.null_models[pointer] = allows
        return allows

    def ref_pointer(self, ref: Any, pointer: str) -> str:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise self.doc.error(
                f"only local $refs are supported, found {ref!r}",
                pointer + "/$ref",
                "bundle the spec into one file first (for example `redocly bundle`), so every $ref starts with `#/`",
            )
        return ref[1:]

    def resolve(self, target_pointer: str, pointer: str) -> Any:
        try:
            return self.doc.resolve(target_pointer)
        except KeyError:
            raise self.doc.error(
                f"$ref target #{target_pointer} does not exist",
                pointer + "/$ref",
                "point the $ref at an existing schema, or add the missing component",
            ) from None

    def _union_type(
        self, schema: dict, key: str, pointer: str, place: Place, nullable: bool
    ) -> TypeRef:
        branches = schema[key]
        if not isinstance(branches, list) or not branches:
            raise self.doc.error(
                f"`{key}` must be a non-empty list of schemas",
                f"{pointer}/{key}",
                "list the alternatives",
            )
        real = [(i, b) for i, b in enumerate(branches) if not is_null_branch(b)]
        nullable = nullable or len(real) < len(branches)
        if len(real) == 1 and "properties" not in schema:
            index, only = real[0]
            only_pointer = f"{pointer}/{key}/{index}"
            tag = _inline_object_tag(only, self._part)
            if place.prop and tag is not None:
                # `trigger: anyOf [{type: input_tokens, ...}, null]`: the object is named as
                # a union member is, property + tag (`TriggerInputTokens`), when that is free
                self.namer.tagged_nullable_name(place, only_pointer, value_word(tag))
            return with_null(self.type_of(only, only_pointer, place), nullable)
        if not real:
            return Nullable(AnyValue())
        return with_null(
            self._inline_model(ModelKind.UNION, schema, pointer, place), nullable
        )

    # ---- models ------------------------------------------------------------------------

    def _inline_model(
        self, kind: ModelKind, schema: dict, pointer: str, place: Place
    ) -> ModelRef:
        known = self.namer.name_by_pointer.get(pointer)
        if known is not None and (known in self.models or known in self.queued):
            return ModelRef(known)
        name = self.namer.inline_name(
            kind,
            place,
            pointer,
            inline_members=self._has_inline_member(kind, schema),
            only_value=_only_value(kind, schema),
            object_member=kind is ModelKind.UNION and _has_untagged_object(schema),
            tag=member_tag(schema) if kind is ModelKind.OBJECT else None,
        )
        group: api.ModelGroup = (
            "errors"
            if place.group == "errors"
            else "operations" if place.in_operation else "models"
        )
        self.queued[name] = (schema, pointer, replace(place, group=group, member=False))
        return ModelRef(name)

    def _has_inline_member(self, kind: ModelKind, schema: dict) -> bool:
        """A union with a member that is a class of its own, named after the union; or with
        an array member whose items are such a union (named as the union is, see
        `_member_type`: `content: anyOf [string, array of oneOf [.., inline]]`)."""
        if kind is not ModelKind.UNION:
            return False
        branches = schema.get("oneOf", schema.get("anyOf"))
        if not isinstance(branches, list):
            return False
        return self._items_have_inline_member(schema) or any(
            not is_ref(b) and self.is_model(b) for b in branches
        )

    def _items_have_inline_member(self, schema: dict) -> bool:
        """A union with an array member whose items are a union with an inline member."""
        branches = schema.get("oneOf", schema.get("anyOf"))
        return isinstance(branches, list) and any(
            _array_of_unions(b) and self._has_inline_member(ModelKind.UNION, b["items"])
            for b in branches
            if not is_ref(b)
        )

    def ensure(self, name: str) -> api.Model | None:
        """The model of a class name, built now if it was only named so far."""
        job = self.queued.pop(name, None)
        if job is not None:
            self.build_model(job[0], job[1], name, job[2])
        return self.models.get(name)

    def drain(self) -> None:
        while self.queued:
            self.ensure(next(iter(self.queued)))

    def resolve_discriminators(self) -> None:
        for name, schema in self.discriminated:
            union = self.models[name]
            assert isinstance(union, api.UnionModel)
            discriminator = self._discriminator(schema, list(union.members))
            if discriminator is not None:
                self.models[name] = replace(
                    union,
                    discriminator=discriminator,
                    members=self._in_mapping_order(schema, union.members),
                )

    def _in_mapping_order(
        self, schema: dict, members: tuple[TypeRef, ...]
    ) -> tuple[TypeRef, ...]:
        """The members in the order of the discriminator's `mapping` when it names every one of
        them (the reference generator lists them so), else as the spec lists them. A mapping
        with a vendor extension inside orders nothing: the reference keeps the spec's order
        (2026-08-22's `CapabilityDescriptor`)."""
        mapping = schema["discriminator"].get("mapping") or {}
        if any(str(tag).startswith("x-") for tag in mapping):
            return members
        declared = self._declared_mapping(schema["discriminator"], list(members))
        ordered = tuple(dict.fromkeys(ModelRef(name) for _, name in declared or ()))
        return ordered if set(ordered) == set(members) else members

    def build_model(self, schema: dict, pointer: str, name: str, place: Place) -> None:
        if name in self.models:
            return
        self.namer.name_by_pointer[pointer] = name
        if "allOf" in schema:
            schema = flatten_all_of(schema, self._part) or schema
        description, example = merged_annotations(schema, self._part)
        common = _Common(
            name=name,
            pointer=pointer,
            group=place.group,
            description=description,
            example=example,
            deprecated=bool(schema.get("deprecated")),
        )
        if "enum" in schema:
            self.models[name] = _enum_model(schema, common)
            return
        union_key = next((k for k in ("oneOf", "anyOf") if k in schema), None)
        composed = "properties" in schema or "allOf" in schema
        if union_key and not composed:
            self.models[name] = self._union_model(schema, union_key, place, common)
            return
        if union_key is None and not composed and len(types_of(schema) - {"null"}) > 1:
            self.models[name] = self._multi_type_union(schema, pointer, place, common)
            return
        # Placeholder first, so a self-reference finds the name while fields are built.
        self.models[name] = api.ObjectModel(fields=(), **common.fields())
        self.models[name] = self._object_model(schema, pointer, place, common)

    def _union_model(
        self, schema: dict, key: str, place: Place, common: _Common
    ) -> api.UnionModel:
        name = api.class_name_of(common.name)
        union_root = without_union_suffix(name)
        # The inline schemas inside its members are named after the union when it has a short
        # name (`Container` -> `ContainerType`), else after the root it is prefixed with
        # (`ChatGenerationParamsResponseFormatUnion` -> `ChatGenerationParamsJsonSchema`).
        prefixed = union_root.startswith(place.root) and union_root != place.root
        members_root = place.root if prefixed else union_root
        # The item of an array that is no property's lends its members its root's name, not
        # its own (`Inputs: [string, array of anyOf]` -> `InputsMessage`).
        members_parent = place.root if place.unnamed_item else name
        members: list[TypeRef] = []
        for index, branch in enumerate(schema[key]):
            if is_null_branch(branch):
                continue
            member_place = Place(
                members_root,
                member_word(branch, index, self._part),
                "models",
                place.in_operation,
                member=True,
                parent=members_parent,
                lent_by=place.lent_by if prefixed else place.root,
            )
            member_type = self._member_type(
                branch,
                f"{common.pointer}/{key}/{index}",
                member_place,
                replace(place, parent=name),  # before a number: `<union><prop>`
            )
            # `U: oneOf: [$ref U, ...]`: U as its own member adds no value U does not already
            # allow, and would make every walk over the members endless.
            if member_type not in members and member_type != ModelRef(common.name):
                members.append(member_type)
        if isinstance(schema.get("discriminator"), dict):
            # members may not be built yet
            self.discriminated.append((common.name, schema))
        return api.UnionModel(members=tuple(members), **common.fields())

    def _part(self, schema: Any) -> Any:
        """An allOf part as a schema: a local $ref resolved, anything unresolvable as None."""
        return self.doc.referenced(schema["$ref"]) if is_ref(schema) else schema

    def _member_type(
        self, branch: Any, pointer: str, place: Place, union_place: Place
    ) -> TypeRef:
        """Inline object/enum members of a union are named root + word (`...ResponseFormatText`);
        a union in an array member is named as if it were the union's property's own
        (`output: anyOf [string, array of oneOf]`: the items are `...OutputUnion`, their
        members `...OutputInputImage`)."""
        prop = None if union_place.unnamed_item else union_place.prop
        if self.is_model(branch):
            kind = ModelKind.ENUM if "enum" in branch else ModelKind.OBJECT
            self.namer.member_name(place, pointer, prop, kind)
            return self._inline_model(kind, branch, pointer, place)
        if _array_of_inline_objects(branch) and (union_place.parent or "").endswith(
            "Union"
        ):
            # the objects of an array member are the union's own object, as an untagged
            # object member is: the union that says it is one leaves them its bare name
            # (`input: anyOf [string, array of {content}]`: `InputUnion` of `Input`)
            self.namer.member_name(
                replace(place, prop=""), f"{pointer}/items", prop, ModelKind.OBJECT
            )
        holder = place
        if _array_of_unions(branch):
            holder = union_place
            if union_place.prop is None and not union_place.unnamed_item:
                # a component union's array of a union: the items are the component
                # numbered (`OpenResponsesInput: anyOf [string, array of anyOf]` ->
                # `OpenResponsesInput1`)
                self.namer.name_pointer(
                    f"{pointer}/items",
                    [f"{union_place.root}1"],
                    in_operation=union_place.in_operation,
                )
        return api.strip_null(self.type_of(branch, pointer, holder))

    def _multi_type_union(
        self, schema: dict, pointer: str, place: Place, common: _Common
    ) -> api.UnionModel:
        declared = types_of(schema)
        self._check_types(declared, pointer)
        members = [
            self._typed(json_type, schema, pointer, place)
            for json_type in _MULTI_TYPE_ORDER
            if json_type in declared
        ]
        return api.UnionModel(members=tuple(members), **common.fields())

    def _discriminator(
        self, schema: dict, members: list[TypeRef]
    ) -> api.Discriminator | None:
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop = spec["propertyName"]
        mapping = self._declared_mapping(spec, members)
        if mapping is None:
            return None  # a mapping we cannot trust: validate as a plain union
        mapped = {name for _, name in mapping}
        for member in members:
            if isinstance(member, ModelRef) and member.name not in mapped:
                tag = self._tag_value(member.name, prop)
                if tag is None:
                    # a member without a fixed tag: validate as a plain union
                    return None
                mapping.append((tag, member.name))
        if any(not isinstance(m, ModelRef) for m in members):
            return None
        return api.Discriminator(prop, tuple(mapping))

    def _declared_mapping(
        self, spec: dict, members: list[TypeRef]
    ) -> list[tuple[str, str]] | None:
        """The discriminator's own `mapping` as (tag, class name); None when one is not a member."""
        mapping: list[tuple[str, str]] = []
        for tag, ref in (spec.get("mapping") or {}).items():
            if str(tag).startswith("x-"):
                continue  # vendor extensions some specs put inside the mapping
            target = ref[1:] if isinstance(ref, str) and ref.startswith("#") else None
            name = (
                self.namer.name_by_pointer.get(target)
                if target
                else self.component_names.get(str(ref))
            )
            if name is None or ModelRef(name) not in members:
                return None
            mapping.append((str(tag), name))
        return mapping

    def _tag_value(self, model_name: str, prop: str) -> str | None:
        model = self.models.get(model_name)
        if not isinstance(model, api.ObjectModel):
            return None
        for field in model.fields:
            if field.wire_name != prop:
                continue
            tag_type = api.strip_null(field.type)
            if isinstance(tag_type, ConstValue):
                return str(tag_type.value)
            if isinstance(tag_type, ModelRef):
                enum = self.models.get(tag_type.name)
                if isinstance(enum, api.EnumModel) and len(enum.values) == 1:
                    return str(enum.values[0].value)
        return None

    def _object_model(
        self, schema: dict, pointer: str, place: Place, common: _Common
    ) -> api.ObjectModel:
        properties, required, extra = self._collect_properties(schema, pointer)
        fields: list[api.Field] = []
        used: set[str] = set()
        field_place = Place(
            place.root,
            None,
            place.group,
            place.in_operation,
            parent=api.class_name_of(common.name),
            lent_by=place.lent_by,
        )
        for wire_name, (prop_schema, prop_pointer) in properties.items():
            # `false`: a key that may never appear (JSON Schema), so it is no field.
            if prop_schema is False or self._ignored(prop_schema):
                continue
            fields.append(
                self.field(
                    wire_name,
                    prop_schema,
                    prop_pointer,
                    wire_name in required,
                    field_place,
                    used,
                )
            )
        extra_type: TypeRef | None = None
        if extra is True or extra == {}:
            extra_type = AnyValue()  # declared open: any value under any other key
        elif isinstance(extra, dict):
            extra_type = self.type_of(
                extra,
                pointer + "/additionalProperties",
                field_place.under("additional_properties"),
            )
        return api.ObjectModel(
            fields=tuple(fields), extra_values=extra_type, **common.fields()
        )

    def field(
        self,
        wire_name: str,
        schema: Any,
        pointer: str,
        required: bool,
        place: Place,
        used: set[str],
    ) -> api.Field:
        """One property (or parameter); its Python name is made unique among `used`."""
        override = (
            schema.get("x-speakeasy-name-override")
            if isinstance(schema, dict)
            else None
        )
        shown = override if isinstance(override, str) and override else wire_name
        python_name = python_field_name(shown)
        while python_name in used:
            python_name += "_"
        used.add(python_name)
        type_ref = self.type_of(schema, pointer, place.under(wire_name))
        info = schema if isinstance(schema, dict) else {}
        has_default = "default" in info
        description, example = self._field_notes(info)
        return api.Field(
            wire_name=wire_name,
            python_name=python_name,
            camel_name=camel(shown),
            type=type_ref,
            required=required and not has_default,
            pointer=pointer,
            description=description,
            default=info["default"] if has_default else MISSING,
            example=example,
            deprecated=bool(info.get("deprecated")),
        )

    def _ignored(self, prop_schema: Any) -> bool:
        """`x-speakeasy-ignore: true` on the property or on the schema it bare-`$ref`s (the
        reference leaves such properties out: `route: $ref DeprecatedRoute`)."""
        if not isinstance(prop_schema, dict):
            return False
        target = self._part(prop_schema) if is_ref(prop_schema) else prop_schema
        return isinstance(target, dict) and target.get("x-speakeasy-ignore") is True

    def _field_notes(
        self, info: dict
    ) -> tuple[str | None, api.JsonValue | api.Missing]:
        """A property's description and example: its own, else its bare `$ref` target's. An
        `allOf` around one `$ref` shows an example given beside the `$ref`, else the target's,
        and no description (the training sets show `N/A` there)."""
        description, example = info.get("description"), example_of(info)
        single = single_ref_part(info) if "allOf" in info else None
        if is_ref(info):
            target, lends_description = self._part(info), True
        elif single is not None:
            target, lends_description = self._part(single[1]), False
            if example is MISSING:  # an example beside the $ref is this use's
                example = _part_example(info["allOf"])
        else:
            return description, example
        if not isinstance(target, dict):
            return description, example
        if description is None and lends_description:
            description = target.get("description")
        if example is MISSING:
            example = example_of(target)
        return description, example

    def _collect_properties(
        self, schema: dict, pointer: str
    ) -> tuple[Properties, set[str], Any]:
        """Properties, required names and additionalProperties, with allOf merged.

        A part's properties come before its parent's own (which win), parts in order, depth
        first; walked with an explicit stack, so allOf chains of any length merge in linear time.
        """
        root = _Merged(schema, pointer)
        frames = [root]
        on_path = {pointer}
        while frames:
            frame = frames[-1]
            step = next(frame.parts, None)
            if step is not None:
                index, part = step
                part_pointer, part = self._all_of_part(part, frames, index, on_path)
                if isinstance(part, dict):
                    # A part's properties are this schema's own: they sit under its `allOf`
                    # (`C/allOf/0/properties/x`, through the $ref), so their inline schemas are
                    # this model's, named after it, as the reference generator names them.
                    frames.append(
                        _Merged(part, f"{frame.pointer}/allOf/{index}", part_pointer)
                    )
                    on_path.add(part_pointer)
                continue
            frames.pop()
            on_path.discard(frame.resolved)
            frame.add_own()
            if frames:
                frames[-1].absorb(frame)
        return root.properties, root.required, root.extra

    def _all_of_part(
        self, part: Any, frames: list[_Merged], index: int, on_path: set[str]
    ) -> tuple[str, Any]:
        """An allOf part and its pointer, a $ref followed; a part that includes itself is an error."""
        pointer = frames[-1].resolved
        part_pointer = f"{pointer}/allOf/{index}"
        if not is_ref(part):
            return part_pointer, part
        part_pointer = self.ref_pointer(part["$ref"], part_pointer)
        if part_pointer in on_path:
            chain = _short_chain([*(f.resolved for f in frames), part_pointer])
            raise self.doc.error(
                f"circular allOf: {chain}",
                f"{pointer}/allOf/{index}",
                "a schema cannot include itself through allOf; use a property instead",
            )
        return part_pointer, self.resolve(part_pointer, f"{pointer}/allOf/{index}")


def _only_value(kind: ModelKind, schema: dict) -> str | None:
    """The value of a one-value string enum (a tag, mostly): it may name the enum."""
    if kind is not ModelKind.ENUM:
        return None
    values = [v for v in schema.get("enum") or [] if v is not None]
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


def _short_chain(pointers: list[str]) -> str:
    """`A -> B -> A`; a long cycle by its ends and its length, so the message stays readable."""
    if len(pointers) <= 8:
        return " -> ".join(pointers)
    shown = [*pointers[:3], "...", *pointers[-2:]]
    return " -> ".join(shown) + f" ({len(pointers) - 1} schemas)"


class _Merged:
    """One schema of an allOf walk and what it and its parts contribute."""

    def __init__(self, schema: dict, pointer: str, resolved: str | None = None) -> None:
        self.schema = schema
        self.pointer = pointer  # where its properties sit, seen from the merged schema
        self.resolved = resolved or pointer  # where it is written
        self.parts = enumerate(schema.get("allOf") or [])
        self.properties: Properties = {}
        self.required: set[str] = set()
        self.extra: Any = schema.get("additionalProperties")

    def absorb(self, part: _Merged) -> None:
        self.properties.update(part.properties)
        self.required |= part.required
        self.extra = self.extra if self.extra is not None else part.extra

    def add_own(self) -> None:
        for name, prop in (self.schema.get("properties") or {}).items():
            self.properties[name] = (
                prop,
                f"{self.pointer}/properties/{escape_token(name)}",
            )
        self.required |= {
            r for r in self.schema.get("required") or [] if isinstance(r, str)
        }


# What an `allOf` part beside a component's `$ref` gives its copy (see `_copy_at_use`).
_COPIED_NOTES = ("description", "example", "examples", "deprecated")


def _is_plain_object(schema: dict) -> bool:
    """An object of its own properties: not a union, not composed with `allOf`."""
    composed = any(key in schema for key in ("oneOf", "anyOf", "allOf", "enum"))
    return not composed and ("properties" in schema or "object" in types_of(schema))


def _has_example(notes: dict) -> bool:
    return "example" in notes or "examples" in notes


class _Common:
    """What every kind of model carries: name, place in the spec and its annotations."""

    def __init__(
        self,
        *,
        name: str,
        pointer: str,
        group: api.ModelGroup,
        description: str | None,
        example: api.JsonValue | api.Missing,
        deprecated: bool,
    ) -> None:
        self.name = name
        self.pointer = pointer
        self.group = group
        self.description = description
        self.example = example
        self.deprecated = deprecated

    def fields(self) -> dict[str, Any]:
        return dict(vars(self))


def _part_example(parts: list[Any]) -> api.JsonValue | api.Missing:
    """The example an inline allOf part gives (the last one, as the parts merge)."""
    for part in reversed(parts):
        if isinstance(part, dict) and not is_ref(part):
            example = example_of(part)
            if example is not MISSING:
                return example
    return MISSING


def _array_of_unions(schema: Any) -> bool:
    items = schema.get("items") if isinstance(schema, dict) else None
    return isinstance(items, dict) and ("oneOf" in items or "anyOf" in items)


def _component_pointer(key: str) -> str:
    return f"/components/schemas/{escape_token(key)}"


def _json_kind(name: str) -> JsonKind | None:
    """A declared JSON type other than null, as the `_typed` kind."""
    for kind in _MULTI_TYPE_ORDER:
        if kind == name:
            return kind
    return None


def _enum_model(schema: dict, common: _Common) -> api.EnumModel:
    values = [v for v in schema["enum"] if v is not None]
    seen: set[str] = set()
    members = []
    for index, value in enumerate(values):
        member = enum_member_name(value) or f"VALUE_{index}"
        while member in seen:
            member += "_"
        seen.add(member)
        members.append(api.EnumValue(value, member))
    is_open = schema.get("x-speakeasy-unknown-values") == "allow"
    return api.EnumModel(
        values=tuple(members),
        open=is_open,
        base=_enum_base(schema, values),
        **common.fields(),
    )


def _enum_base(schema: dict, values: list) -> api.PrimitiveName:
    """The declared primitive type, else the values' common type (string when mixed)."""
    declared = types_of(schema) - {"null"}
    if len(declared) == 1:
        only = next(iter(declared))
        for name in _PRIMITIVE_NAMES:
            if name == only:
                return name
    bases = {base_of(v) for v in values}
    return "string" if "string" in bases or len(bases) != 1 else next(iter(bases))


def open_enums(model_api: api.Api, which: OpenEnums) -> api.Api:
    """The API with the enums the `open-enums` setting opens marked open.

    `marked`: as the spec says (`x-speakeasy-unknown-values: allow`); `all`: every enum;
    `responses`: every enum an operation receives (response, stream or error body, followed
    through fields and union members), also when it is sent as well: the server adds values
    all the time and one new value must not break parsing a whole response, while a request
    only gains the freedom to send a value the SDK does not list. An enum that is only sent,
    or used by no operation, keeps its marking, and so does an enum of one value: it is a tag
    (`type: "message"`) telling union members apart, and an open tag would let every member
    accept every other member's tag.
    """
    if which == "marked":
        return model_api
    if which == "all":
        opened = {m.name for m in model_api.models}
    else:
        opened = _received_models(model_api)
    models = tuple(
        (
            replace(model, open=True)
            if isinstance(model, api.EnumModel)
            and model.name in opened
            and (len(model.values) > 1 or which == "all")
            else model
        )
        for model in model_api.models
    )
    return replace(model_api, models=models)


def _received_models(model_api: api.Api) -> set[str]:
    # The diff's index of which side uses which model: one reading of "response side".
    from ..changes.rules import RESPONSE
    from ..changes.usage import Reach, Version

    sides = Reach(Version.of(model_api)).sides_by_model()
    return {name for name, found in sides.items() if RESPONSE in found}


def _has_untagged_object(schema: dict) -> bool:
    """A union with an inline object member that no tag or title names (`member_word` ""):
    that member takes the union's bare name."""
    branches = schema.get("oneOf", schema.get("anyOf"))
    if not isinstance(branches, list):
        return False
    return any(
        isinstance(b, dict)
        and not is_ref(b)
        and (member_word(b, i) == "" or _array_of_inline_objects(b))
        for i, b in enumerate(branches)
    )


def _array_of_inline_objects(schema: Any) -> bool:
    """An array of objects written in place (no `$ref`, no union, no enum)."""
    items = schema.get("items") if isinstance(schema, dict) else None
    return (
        isinstance(items, dict)
        and not is_ref(items)
        and not ({"oneOf", "anyOf", "enum", "allOf"} & items.keys())
        and (items.get("type") == "object" or "properties" in items)
    )


def _component_candidates(
    key: str, schema: dict, items_have_inline_member: bool
) -> list[str]:
    """A component's class name; a union whose inline object member takes that name (see
    `_has_untagged_object`) says it is one: `OpenAIResponsesToolChoiceUnion`; so does one
    whose array member holds a union with a member of its own (`InputsUnion`, its items
    `InputsUnion1`, see `_member_type`)."""
    name = class_name(key)
    is_union = "properties" not in schema and "allOf" not in schema
    if is_union and (_has_untagged_object(schema) or items_have_inline_member):
        return [name + "Union", name]
    return [name]


def _nullable_inline_member(schema: Any) -> tuple[str, dict] | None:
    """(`anyOf/0`, member) of `oneOf`/`anyOf: [<inline schema>, null]`."""
    if not isinstance(schema, dict) or set(schema) & {"properties", "allOf", "type"}:
        return None
    key = "oneOf" if "oneOf" in schema else "anyOf"
    branches = schema.get(key)
    if not isinstance(branches, list):
        return None
    real = [(i, b) for i, b in enumerate(branches) if not is_null_branch(b)]
    if len(real) != 1 or len(real) == len(branches):
        return None
    index, member = real[0]
    if not isinstance(member, dict) or is_ref(member):
        return None
    return f"{key}/{index}", member


def _inline_object_tag(schema: Any, resolve: Callable[[Any], Any]) -> str | None:
    """The tag of an inline object (see `member_tag`), None for anything else."""
    if not isinstance(schema, dict) or is_ref(schema):
        return None
    if "properties" not in schema and "allOf" not in schema:
        return None
    return member_tag(schema, resolve)

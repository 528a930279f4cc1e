"""Raw OpenAPI document -> the model of the API (`sdkforge.api`).

This is the one place that interprets schemas: every spelling of nullable, `$ref` chains
and cycles, `allOf` merging, inline naming, enums open and closed, unions with and without
a discriminator, and the `x-speakeasy-*` extensions. Everything downstream reads the result.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from . import api
from .api import (
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
from .naming import (
    camel,
    class_name,
    enum_member_name,
    pascal,
    python_field_name,
    singular,
    snake,
)
from .spec.load import SpecDocument, escape_token

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_TYPES = {"string", "integer", "number", "boolean", "object", "array", "null"}
SSE_MEDIA_TYPE = "text/event-stream"
# Keys that only describe a schema: a `{nullable: true, description: ...}` branch is still "just null".
_ANNOTATION_KEYS = {
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
}
_ENVELOPE_KEYS = {"data", "event", "id", "retry"}


@dataclass(frozen=True)
class Place:
    """Where an inline schema sits, which decides its class name."""

    root: str  # the component or operation it belongs to (not its inline parent)
    prop: str | None  # the property (or derived word) it sits under
    group: api.ModelGroup = "models"
    in_operation: bool = (
        False  # inline types under an operation are always `{Op}` + property
    )
    member: bool = (
        False  # `prop` is a union member's word, not a property name: never a bare name
    )
    parent: str | None = (
        None  # the model the property belongs to, when it is not the root itself
    )

    def under(self, prop: str) -> Place:
        return Place(
            self.root,
            prop,
            self.group if self.group != "errors" else "models",
            self.in_operation,
            parent=self.parent,
        )


def build_api(doc: SpecDocument) -> api.Api:
    """Interpret a loaded, structurally valid document. Raises SpecError with a pointer."""
    return _Builder(doc).build()


class _Builder:
    def __init__(self, doc: SpecDocument):
        self.doc = doc
        self.schemas: dict[str, Any] = (doc.data.get("components") or {}).get(
            "schemas"
        ) or {}
        self.models: dict[str, api.Model] = {}
        self.taken: set[str] = (
            set()
        )  # lower-cased class names: module and page names must not clash
        self.name_by_pointer: dict[str, str] = {}
        self.component_names: dict[str, str] = {}
        self.error_components: set[str] = set()
        self.null_models: dict[str, bool] = (
            {}
        )  # pointer of a named model -> its schema allows null
        self.resolving: list[str] = (
            []
        )  # pointers of aliases/allOf being resolved, for cycle errors
        # Inline models named but not built yet, in the order they were named. Building them
        # breadth-first means a schema nearer its component claims a free short name (`Data`,
        # `ErrorT`) before one nested deeper, whatever their order in the document.
        self.queued: dict[str, tuple[dict, str, Place]] = {}
        self.discriminated: list[tuple[str, dict, str]] = (
            []
        )  # unions whose discriminator waits for their members

    # ---- entry point -------------------------------------------------------------------

    def build(self) -> api.Api:
        self.error_components = self._error_response_components()
        for key in self.schemas:
            if self._is_model_schema(
                self.schemas[key], f"/components/schemas/{escape_token(key)}"
            ):
                name = self._claim([class_name(key)])
                self.component_names[key] = name
                self.name_by_pointer[f"/components/schemas/{escape_token(key)}"] = name
        for key, name in self.component_names.items():
            pointer = f"/components/schemas/{escape_token(key)}"
            group = "errors" if key in self.error_components else "models"
            self._build_model(
                self.schemas[key], pointer, name, Place(name, None, group)
            )
        self._drain()
        operations = self._build_operations()
        self._drain()
        self._resolve_discriminators()
        info = self.doc.data.get("info") or {}
        return api.Api(
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            description=info.get("description"),
            servers=tuple(self._servers()),
            models=tuple(self.models.values()),
            operations=tuple(operations),
            extensions=tuple(
                k for k in self.doc.data if isinstance(k, str) and k.startswith("x-")
            ),
        )

    # ---- names -------------------------------------------------------------------------

    def _claim(self, candidates: list[str]) -> str:
        """The first free candidate; a numeric suffix on the last one only as the last resort."""
        for name in candidates:
            if name.lower() not in self.taken:
                self.taken.add(name.lower())
                return name
        base, n = candidates[-1], 2
        while f"{base}{n}".lower() in self.taken:
            n += 1
        self.taken.add(f"{base}{n}".lower())
        return f"{base}{n}"

    def _inline_name(self, kind: str, place: Place, pointer: str) -> str:
        if pointer in self.name_by_pointer:
            return self.name_by_pointer[pointer]
        prop = pascal(place.prop or "") or "Item"
        prefixed = place.root + prop
        if place.prop is None:
            candidates = [place.root]
        elif kind == "object" and not place.in_operation and not place.member:
            candidates = [class_name(place.prop), prefixed]
        elif kind == "enum":
            candidates = [prefixed, prefixed + "Enum"]
        elif kind == "union":
            candidates = [prefixed, prefixed + "Union"]
        else:
            candidates = [prefixed]
        if place.prop is not None and place.parent and place.parent != place.root:
            candidates.append(
                place.parent + prop
            )  # before a number: the inline parent tells it apart
        name = self._claim(candidates)
        self.name_by_pointer[pointer] = name
        return name

    # ---- schema classification ------------------------------------------------------------

    def _is_model_schema(self, schema: Any, pointer: str) -> bool:
        """Objects with properties, enums and real unions become classes; the rest are aliases."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return False
        if "enum" in schema and [v for v in schema["enum"] if v is not None]:
            return True
        if "allOf" in schema:
            parts = [p for p in schema["allOf"] if not _is_annotation_only(p)]
            return len(parts) != 1 or "properties" in schema or not _is_ref(parts[0])
        for key in ("oneOf", "anyOf"):
            if key in schema and len(self._non_null_branches(schema[key])) > 1:
                return True
        if "properties" in schema:
            return True
        types = _types_of(schema)
        return len(types - {"null"}) > 1

    def _non_null_branches(self, branches: list) -> list:
        return [b for b in branches if not self._is_null_branch(b)]

    def _is_null_branch(self, schema: Any) -> bool:
        if not isinstance(schema, dict):
            return False
        if schema.get("type") == "null" or schema.get("type") == ["null"]:
            return True
        if schema.get("nullable") is True and set(schema) <= _ANNOTATION_KEYS | {
            "nullable"
        }:
            return True
        return ("const" in schema and schema["const"] is None) or schema.get(
            "enum"
        ) == [None]

    # ---- types -------------------------------------------------------------------------

    def type_of(self, schema: Any, pointer: str, place: Place) -> TypeRef:
        """The type of a schema at a use site; names and builds inline models as needed."""
        if schema is True or schema == {} or schema is None:
            return AnyValue()
        if schema is False:
            raise self.doc.error(
                "a `false` schema allows no value and cannot be generated",
                pointer,
                "remove the property or give it a type",
            )
        if not isinstance(schema, dict):
            raise self.doc.error(
                f"a schema must be an object, found {type(schema).__name__}",
                pointer,
                "write the schema as a mapping",
            )
        nullable = _declares_null(schema)
        if "$ref" in schema:
            return _with_null(self._ref_type(schema["$ref"], pointer, place), nullable)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self._union_type(schema, key, pointer, place, nullable)
        if "allOf" in schema:
            # `allOf: [$ref X, {nullable: true}]` is one more spelling of "X or null", and
            # `allOf: [$ref X, {description: ...}]` only describes X at this use.
            members = [
                (i, m)
                for i, m in enumerate(schema["allOf"])
                if not _is_annotation_only(m)
            ]
            nullable = nullable or any(
                _declares_null(m) for m in schema["allOf"] if isinstance(m, dict)
            )
            if (
                len(members) == 1
                and _is_ref(members[0][1])
                and "properties" not in schema
            ):
                index, member = members[0]
                return _with_null(
                    self._ref_type(member["$ref"], f"{pointer}/allOf/{index}", place),
                    nullable,
                )
            return _with_null(
                self._inline_model("object", schema, pointer, place), nullable
            )
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            nullable = nullable or None in schema["enum"]
            if not values:
                return Nullable(AnyValue())
            return _with_null(
                self._inline_model("enum", schema, pointer, place), nullable
            )
        if "const" in schema:
            return _with_null(
                ConstValue(schema["const"], _base_of(schema["const"])), nullable
            )
        types = _types_of(schema)
        unknown = types - JSON_TYPES
        if unknown:
            raise self.doc.error(
                f"unknown type {sorted(unknown)[0]!r}",
                pointer + "/type",
                "use one of: " + ", ".join(sorted(JSON_TYPES)),
            )
        non_null = types - {"null"}
        if len(non_null) > 1:
            return _with_null(
                self._inline_model("union", schema, pointer, place), nullable
            )
        kind = (
            next(iter(non_null))
            if non_null
            else ("object" if "properties" in schema else None)
        )
        if kind is None:
            return Nullable(AnyValue()) if nullable else AnyValue()
        return _with_null(self._typed(kind, schema, pointer, place), nullable)

    def _typed(self, kind: str, schema: dict, pointer: str, place: Place) -> TypeRef:
        if kind == "array":
            items = schema.get("items", {})
            item_place = (
                replace(place, prop=singular(place.prop))
                if place.prop
                else place.under("Item")
            )
            return ArrayOf(self.type_of(items, pointer + "/items", item_place))
        if kind == "object":
            if "properties" in schema:
                return self._inline_model("object", schema, pointer, place)
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                return MapOf(
                    self.type_of(extra, pointer + "/additionalProperties", place)
                )
            return MapOf(AnyValue())
        return Primitive(kind, schema.get("format"))

    def _ref_type(self, ref: Any, pointer: str, place: Place) -> TypeRef:
        target_pointer = self._ref_pointer(ref, pointer)
        if target_pointer in self.name_by_pointer:
            return _with_null(
                ModelRef(self.name_by_pointer[target_pointer]),
                self._model_allows_null(target_pointer),
            )
        target = self._resolve(target_pointer, pointer)
        if target_pointer in self.resolving:
            chain = " -> ".join(
                self.resolving[self.resolving.index(target_pointer) :]
                + [target_pointer]
            )
            raise self.doc.error(
                f"circular $ref with no model in between: {chain}",
                pointer,
                "break the cycle with an object schema",
            )
        self.resolving.append(target_pointer)
        try:
            prop = target_pointer.rsplit("/", 1)[-1]
            return self.type_of(
                target, target_pointer, place if place.prop else place.under(prop)
            )
        finally:
            self.resolving.pop()

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
            allows = isinstance(schema, dict) and (
                _declares_null(schema)
                or None in (schema.get("enum") or [])
                or any(
                    self._is_null_branch(b)
                    for key in ("oneOf", "anyOf")
                    for b in (schema.get(key) or [])
                )
            )
            self.null_models[pointer] = allows
        return allows

    def _ref_pointer(self, ref: Any, pointer: str) -> str:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise self.doc.error(
                f"only local $refs are supported, found {ref!r}",
                pointer + "/$ref",
                "bundle the spec into one file first (for example `redocly bundle`), so every $ref starts with `#/`",
            )
        return ref[1:]

    def _resolve(self, target_pointer: str, pointer: str) -> Any:
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
        real = [(i, b) for i, b in enumerate(branches) if not self._is_null_branch(b)]
        nullable = nullable or len(real) < len(branches)
        if len(real) == 1 and "properties" not in schema:
            index, only = real[0]
            return _with_null(
                self.type_of(only, f"{pointer}/{key}/{index}", place), nullable
            )
        if not real:
            return Nullable(AnyValue())
        return _with_null(self._inline_model("union", schema, pointer, place), nullable)

    # ---- models ------------------------------------------------------------------------

    def _inline_model(
        self, kind: str, schema: dict, pointer: str, place: Place
    ) -> ModelRef:
        known = self.name_by_pointer.get(pointer)
        if known is not None and (known in self.models or known in self.queued):
            return ModelRef(known)
        name = self._inline_name(kind, place, pointer)
        group = (
            "errors"
            if place.group == "errors"
            else "operations" if place.in_operation else "models"
        )
        self.queued[name] = (
            schema,
            pointer,
            Place(
                place.root, place.prop, group, place.in_operation, parent=place.parent
            ),
        )
        return ModelRef(name)

    def _ensure(self, name: str) -> api.Model | None:
        """The model of a class name, built now if it was only named so far."""
        job = self.queued.pop(name, None)
        if job is not None:
            self._build_model(job[0], job[1], name, job[2])
        return self.models.get(name)

    def _drain(self) -> None:
        while self.queued:
            self._ensure(next(iter(self.queued)))

    def _resolve_discriminators(self) -> None:
        for name, schema, pointer in self.discriminated:
            union = self.models[name]
            discriminator = self._discriminator(schema, pointer, list(union.members))
            if discriminator is not None:
                self.models[name] = replace(union, discriminator=discriminator)

    def _build_model(self, schema: dict, pointer: str, name: str, place: Place) -> None:
        if name in self.models:
            return
        self.name_by_pointer[pointer] = name
        group = place.group
        common = dict(
            name=name,
            pointer=pointer,
            group=group,
            description=schema.get("description"),
            example=_example_of(schema),
            deprecated=bool(schema.get("deprecated")),
        )
        if "enum" in schema:
            self.models[name] = self._enum_model(schema, pointer, common)
            return
        union_key = next((k for k in ("oneOf", "anyOf") if k in schema), None)
        if union_key and "properties" not in schema and "allOf" not in schema:
            self.models[name] = self._union_model(
                schema, union_key, pointer, place, common
            )
            return
        if (
            union_key is None
            and "properties" not in schema
            and "allOf" not in schema
            and len(_types_of(schema) - {"null"}) > 1
        ):
            self.models[name] = self._multi_type_union(schema, pointer, place, common)
            return
        # Placeholder first, so a self-reference finds the name while fields are built.
        self.models[name] = api.ObjectModel(fields=(), **common)
        self.models[name] = self._object_model(schema, pointer, place, common)

    def _enum_model(self, schema: dict, pointer: str, common: dict) -> api.EnumModel:
        values = [v for v in schema["enum"] if v is not None]
        bases = {_base_of(v) for v in values}
        declared = _types_of(schema) - {"null"}
        base = (
            next(iter(declared))
            if len(declared) == 1
            and declared <= {"string", "integer", "number", "boolean"}
            else None
        )
        if base is None:
            base = (
                "string" if "string" in bases or len(bases) != 1 else next(iter(bases))
            )
        seen: set[str] = set()
        members = []
        for index, value in enumerate(values):
            member = enum_member_name(value) or f"VALUE_{index}"
            while member in seen:
                member += "_"
            seen.add(member)
            members.append(api.EnumValue(value, member))
        is_open = schema.get("x-speakeasy-unknown-values") == "allow"
        return api.EnumModel(values=tuple(members), open=is_open, base=base, **common)

    def _union_model(
        self, schema: dict, key: str, pointer: str, place: Place, common: dict
    ) -> api.UnionModel:
        union_root = (
            common["name"][: -len("Union")]
            if common["name"].endswith("Union")
            else common["name"]
        )
        members: list[TypeRef] = []
        branches = schema[key]
        for index, branch in enumerate(branches):
            if self._is_null_branch(branch):
                continue
            branch_pointer = f"{pointer}/{key}/{index}"
            word = _member_word(branch, index, self._part)
            member_place = Place(
                union_root,
                word,
                "models",
                place.in_operation,
                member=True,
                parent=common["name"],
            )
            member_type = self._member_type(branch, branch_pointer, member_place)
            if member_type not in members:
                members.append(member_type)
        if isinstance(schema.get("discriminator"), dict):
            self.discriminated.append(
                (common["name"], schema, pointer)
            )  # members may not be built yet
        return api.UnionModel(members=tuple(members), **common)

    def _part(self, schema: Any) -> Any:
        """An allOf part as a schema: a local $ref resolved, anything unresolvable as None."""
        if _is_ref(schema):
            ref = schema["$ref"]
            try:
                return (
                    self.doc.resolve(ref[1:])
                    if isinstance(ref, str) and ref.startswith("#")
                    else None
                )
            except KeyError:
                return None
        return schema

    def _member_type(self, branch: Any, pointer: str, place: Place) -> TypeRef:
        """Inline object/enum members of a union are named root + word (`...ResponseFormatText`)."""
        if (
            isinstance(branch, dict)
            and "$ref" not in branch
            and self._is_model_schema(branch, pointer)
        ):
            kind = "enum" if "enum" in branch else "object"
            if pointer not in self.name_by_pointer:
                word = pascal(place.prop or "")
                candidates = [place.root + word]
                if place.parent and place.parent != place.root:
                    candidates.append(
                        place.parent + word
                    )  # `...ItemUnion` + word: its union's own name
                self.name_by_pointer[pointer] = self._claim(
                    [*candidates, place.root + "Member"]
                )
            return self._inline_model(kind, branch, pointer, place)
        return api.strip_null(self.type_of(branch, pointer, place))

    def _multi_type_union(
        self, schema: dict, pointer: str, place: Place, common: dict
    ) -> api.UnionModel:
        members = []
        for json_type in sorted(
            _types_of(schema) - {"null"},
            key=["string", "integer", "number", "boolean", "array", "object"].index,
        ):
            members.append(self._typed(json_type, schema, pointer, place))
        return api.UnionModel(members=tuple(members), **common)

    def _discriminator(
        self, schema: dict, pointer: str, members: list[TypeRef]
    ) -> api.Discriminator | None:
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        prop = spec["propertyName"]
        mapping: list[tuple[str, str]] = []
        for tag, ref in (spec.get("mapping") or {}).items():
            if str(tag).startswith("x-"):
                continue  # vendor extensions some specs put inside the mapping
            target = ref[1:] if isinstance(ref, str) and ref.startswith("#") else None
            name = (
                self.name_by_pointer.get(target)
                if target
                else self.component_names.get(str(ref))
            )
            if name is None or ModelRef(name) not in members:
                return None  # a mapping we cannot trust: validate as a plain union
            mapping.append((str(tag), name))
        mapped = {name for _, name in mapping}
        for member in members:
            if isinstance(member, ModelRef) and member.name not in mapped:
                tag = self._tag_value(member.name, prop)
                if tag is None:
                    return (
                        None  # a member without a fixed tag: validate as a plain union
                    )
                mapping.append((tag, member.name))
        if any(not isinstance(m, ModelRef) for m in members):
            return None
        return api.Discriminator(prop, tuple(mapping))

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
        self, schema: dict, pointer: str, place: Place, common: dict
    ) -> api.ObjectModel:
        properties, required, extra = self._collect_properties(schema, pointer, [])
        fields: list[api.Field] = []
        used: set[str] = set()
        field_place = Place(
            place.root, None, place.group, place.in_operation, parent=common["name"]
        )
        for wire_name, (prop_schema, prop_pointer) in properties.items():
            if (
                isinstance(prop_schema, dict)
                and prop_schema.get("x-speakeasy-ignore") is True
            ):
                continue
            fields.append(
                self._field(
                    wire_name,
                    prop_schema,
                    prop_pointer,
                    wire_name in required,
                    field_place,
                    used,
                )
            )
        extra_type = None
        if isinstance(extra, dict) and extra:
            extra_type = self.type_of(
                extra,
                pointer + "/additionalProperties",
                field_place.under("additional_properties"),
            )
        return api.ObjectModel(fields=tuple(fields), extra_values=extra_type, **common)

    def _field(
        self,
        wire_name: str,
        schema: Any,
        pointer: str,
        required: bool,
        place: Place,
        used: set[str],
    ) -> api.Field:
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
        return api.Field(
            wire_name=wire_name,
            python_name=python_name,
            camel_name=camel(shown),
            type=type_ref,
            required=required and not has_default,
            pointer=pointer,
            description=_own_description(info),
            default=info["default"] if has_default else MISSING,
            example=_example_of(info),
            deprecated=bool(info.get("deprecated")),
        )

    def _collect_properties(
        self, schema: dict, pointer: str, stack: list[str]
    ) -> tuple[dict, set, Any]:
        """Properties (wire name -> (schema, pointer)), required names and additionalProperties, with allOf merged."""
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        extra: Any = schema.get("additionalProperties")
        for index, part in enumerate(schema.get("allOf") or []):
            part_pointer = f"{pointer}/allOf/{index}"
            if _is_ref(part):
                part_pointer = self._ref_pointer(part["$ref"], part_pointer)
                if part_pointer in stack or part_pointer == pointer:
                    chain = " -> ".join([*stack, pointer, part_pointer])
                    raise self.doc.error(
                        f"circular allOf: {chain}",
                        f"{pointer}/allOf/{index}",
                        "a schema cannot include itself through allOf; use a property instead",
                    )
                part = self._resolve(part_pointer, f"{pointer}/allOf/{index}")
            if not isinstance(part, dict):
                continue
            sub_props, sub_required, sub_extra = self._collect_properties(
                part, part_pointer, [*stack, pointer]
            )
            properties.update(sub_props)
            required |= sub_required
            extra = extra if extra is not None else sub_extra
        for name, prop in (schema.get("properties") or {}).items():
            properties[name] = (prop, f"{pointer}/properties/{escape_token(name)}")
        required |= {r for r in schema.get("required") or [] if isinstance(r, str)}
        return properties, required, extra

    # ---- operations --------------------------------------------------------------------

    def _build_operations(self) -> list[api.Operation]:
        operations: list[api.Operation] = []
        seen_ids: dict[str, str] = {}
        for path, item in (self.doc.data.get("paths") or {}).items():
            for method in HTTP_METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                if not isinstance(operation, dict):
                    continue
                pointer = f"/paths/{escape_token(path)}/{method}"
                op_id = operation.get("operationId") or snake(f"{method} {path}")
                if op_id in seen_ids:
                    raise self.doc.error(
                        f"duplicate operationId {op_id!r} (also at #{seen_ids[op_id]})",
                        pointer + "/operationId",
                        "give every operation a unique operationId",
                    )
                seen_ids[op_id] = pointer
                operations.append(
                    self._operation(path, method, item, operation, op_id, pointer)
                )
        return operations

    def _operation(
        self,
        path: str,
        method: str,
        item: dict,
        operation: dict,
        op_id: str,
        pointer: str,
    ) -> api.Operation:
        root = pascal(op_id)
        place = Place(root, None, "operations", in_operation=True)
        parameters = self._parameters(item, operation, pointer, place)
        body_type, body_required, content_type = self._request_body(
            operation, pointer, root, bool(parameters)
        )
        if parameters:
            self._request_model(root, parameters, body_type, body_required, pointer)
        self._security_model(root, operation, pointer)
        response, response_description, stream, errors = self._responses(
            operation, pointer, root
        )
        group = (
            operation.get("x-speakeasy-group")
            or (operation.get("tags") or ["default"])[0]
        )
        method_name = operation.get("x-speakeasy-name-override") or op_id
        stream_field = operation.get("x-speakeasy-stream-request-field")
        return api.Operation(
            operation_id=op_id,
            method=method,
            path=path.split("#", 1)[0],
            pointer=pointer,
            group=snake(str(group)),
            method_name=snake(str(method_name)),
            summary=operation.get("summary"),
            description=operation.get("description"),
            parameters=tuple(parameters),
            request_body=body_type,
            request_body_required=body_required,
            request_content_type=content_type,
            response=response,
            response_description=response_description,
            stream=stream,
            stream_request_field=(
                stream_field if isinstance(stream_field, str) else None
            ),
            error_responses=tuple(errors),
            deprecated=bool(operation.get("deprecated")),
            deprecation_message=_text_or_none(
                operation.get("x-speakeasy-deprecation-message")
            ),
        )

    def _parameters(
        self, item: dict, operation: dict, pointer: str, place: Place
    ) -> list[api.Parameter]:
        merged: dict[tuple[str, str], tuple[dict, str]] = {}
        path_pointer = pointer.rsplit("/", 1)[0]
        for owner, owner_pointer in ((item, path_pointer), (operation, pointer)):
            for index, raw in enumerate(owner.get("parameters") or []):
                param_pointer = f"{owner_pointer}/parameters/{index}"
                if _is_ref(raw):
                    param_pointer = self._ref_pointer(raw["$ref"], param_pointer)
                    raw = self._resolve(
                        param_pointer, f"{owner_pointer}/parameters/{index}"
                    )
                if not isinstance(raw, dict) or "name" not in raw or "in" not in raw:
                    raise self.doc.error(
                        "a parameter needs `name` and `in`",
                        param_pointer,
                        "add the missing keys",
                    )
                merged[(raw["name"], raw["in"])] = (raw, param_pointer)
        parameters = []
        used: set[str] = set()
        for (name, location), (raw, param_pointer) in merged.items():
            if location not in ("path", "query", "header", "cookie"):
                raise self.doc.error(
                    f"unknown parameter location {location!r}",
                    param_pointer + "/in",
                    "use path, query, header or cookie",
                )
            schema = dict(raw.get("schema") or {})
            if raw.get("description") is not None:
                schema["description"] = raw[
                    "description"
                ]  # the Parameter's own description wins
            required = bool(raw.get("required")) or location == "path"
            field = self._field(
                name, schema, param_pointer + "/schema", required, place, used
            )
            parameters.append(
                api.Parameter(
                    field, location, *self._style(raw, location, param_pointer)
                )
            )
        return parameters

    def _style(
        self, raw: dict, location: str, pointer: str
    ) -> tuple[api.ParameterStyle, bool, bool]:
        """OpenAPI `style` (checked against the location), `explode` and `allowReserved`, defaulted."""
        allowed = api.STYLES_BY_LOCATION[location]
        style = raw.get("style", allowed[0])
        if style not in allowed:
            raise self.doc.error(
                f"style {style!r} is not allowed for a {location} parameter",
                pointer + "/style",
                "use one of " + ", ".join(allowed),
            )
        explode = raw.get("explode", style == "form")
        allow_reserved = raw.get("allowReserved", False)
        for key, value in (("explode", explode), ("allowReserved", allow_reserved)):
            if not isinstance(value, bool):
                raise self.doc.error(
                    f"`{key}` must be true or false",
                    f"{pointer}/{key}",
                    "use a boolean",
                )
        return style, explode, allow_reserved

    def _request_body(
        self, operation: dict, pointer: str, root: str, has_parameters: bool
    ) -> tuple[TypeRef | None, bool, str | None]:
        body = operation.get("requestBody")
        if body is None:
            return None, False, None
        body_pointer = pointer + "/requestBody"
        if _is_ref(body):
            body_pointer = self._ref_pointer(body["$ref"], body_pointer)
            body = self._resolve(body_pointer, pointer + "/requestBody")
        content = body.get("content") or {}
        if not content:
            return None, False, None
        content_type = (
            "application/json" if "application/json" in content else next(iter(content))
        )
        schema = (content[content_type] or {}).get("schema", {})
        schema_pointer = f"{body_pointer}/content/{escape_token(content_type)}/schema"
        name = root + ("RequestBody" if has_parameters else "Request")
        body_type = self._named_top_level(schema, schema_pointer, name, root)
        return body_type, bool(body.get("required")), content_type

    def _named_top_level(
        self,
        schema: Any,
        pointer: str,
        name: str,
        root: str,
        group: api.ModelGroup = "operations",
    ) -> TypeRef:
        """An operation's inline body gets a fixed name; a $ref keeps its component."""
        if (
            isinstance(schema, dict)
            and "$ref" not in schema
            and self._is_model_schema(schema, pointer)
        ):
            if pointer not in self.name_by_pointer:
                self.name_by_pointer[pointer] = self._claim([name])
        return self.type_of(
            schema, pointer, Place(root, None, group, in_operation=True)
        )

    def _security_model(self, root: str, operation: dict, pointer: str) -> None:
        """`{Op}Security` when the operation declares its own requirement: one string per scheme."""
        requirements = operation.get("security")
        schemes = (self.doc.data.get("components") or {}).get("securitySchemes") or {}
        names = [n for r in requirements or [] if isinstance(r, dict) for n in r]
        if not names:
            return
        fields, used = [], set()
        for scheme in dict.fromkeys(names):
            python_name = python_field_name(scheme)
            while python_name in used:
                python_name += "_"
            used.add(python_name)
            kind = schemes.get(scheme) or {}
            bearer = (
                kind.get("type") in ("http", "oauth2", "openIdConnect")
                and kind.get("scheme", "bearer") != "basic"
            )
            placeholder = (
                "<YOUR_BEARER_TOKEN_HERE>" if bearer else "<YOUR_API_KEY_HERE>"
            )
            fields.append(
                api.Field(
                    scheme,
                    python_name,
                    camel(scheme),
                    Primitive("string"),
                    True,
                    f"{pointer}/security",
                    placeholder=placeholder,
                )
            )
        name = self._claim([root + "Security"])
        self.models[name] = api.ObjectModel(
            name=name,
            fields=tuple(fields),
            pointer=f"{pointer}/security",
            group="operations",
        )

    def _request_model(
        self,
        root: str,
        parameters: list[api.Parameter],
        body: TypeRef | None,
        body_required: bool,
        pointer: str,
    ) -> None:
        fields = [p.field for p in parameters]
        if body is not None:
            used = {f.python_name for f in fields}
            python_name = (
                "request_body" if "request_body" not in used else "request_body_"
            )
            fields.append(
                api.Field(
                    "RequestBody",
                    python_name,
                    "requestBody",
                    body,
                    body_required,
                    pointer + "/requestBody",
                )
            )
        name = self._claim([root + "Request"])
        self.models[name] = api.ObjectModel(
            name=name, fields=tuple(fields), pointer=pointer, group="operations"
        )

    def _responses(self, operation: dict, pointer: str, root: str):
        response_type = stream = description = None
        errors: list[tuple[str, TypeRef | None]] = []
        for status, raw in (operation.get("responses") or {}).items():
            status = str(status)
            response_pointer = f"{pointer}/responses/{escape_token(status)}"
            if _is_ref(raw):
                response_pointer = self._ref_pointer(raw["$ref"], response_pointer)
                raw = self._resolve(
                    response_pointer, f"{pointer}/responses/{escape_token(status)}"
                )
            content = (raw or {}).get("content") or {}
            if status.startswith("2") and response_type is None and stream is None:
                description = raw.get("description")
                response_type, stream = self._success_content(
                    content, response_pointer, root
                )
            elif status[0] in "45" or status == "default":
                json_media = content.get("application/json") or next(
                    iter(content.values()), None
                )
                schema = (json_media or {}).get("schema")
                media = (
                    "application/json"
                    if "application/json" in content
                    else next(iter(content), "")
                )
                error_type = None
                if schema is not None:
                    error_type = self._named_top_level(
                        schema,
                        f"{response_pointer}/content/{escape_token(media)}/schema",
                        f"{root}{pascal(status)}Error",
                        root,
                        "errors",
                    )
                errors.append((status, error_type))
        if response_type is not None and stream is not None:
            self._response_union(root, response_type, stream, pointer)
        return response_type, description, stream, errors

    def _success_content(
        self, content: dict, pointer: str, root: str
    ) -> tuple[TypeRef | None, api.EventStream | None]:
        response_type = stream = None
        for media, media_object in content.items():
            schema = (media_object or {}).get("schema", {})
            schema_pointer = f"{pointer}/content/{escape_token(media)}/schema"
            if media == SSE_MEDIA_TYPE:
                stream = self._event_stream(
                    schema, schema_pointer, media_object or {}, root
                )
            elif response_type is None and ("json" in media or media == "*/*"):
                response_type = self._named_top_level(
                    schema, schema_pointer, root + "ResponseBody", root
                )
        return response_type, stream

    def _event_stream(
        self, schema: Any, pointer: str, media_object: dict, root: str
    ) -> api.EventStream:
        envelope_type = self._named_top_level(
            schema, pointer, root + "ResponseBody", root
        )
        envelope_model = (
            self._ensure(envelope_type.name)
            if isinstance(envelope_type, ModelRef)
            else None
        )
        item: TypeRef = envelope_type
        envelope_name = None
        has_event = False
        if isinstance(envelope_model, api.ObjectModel):
            names = {f.wire_name for f in envelope_model.fields}
            if "data" in names and names <= _ENVELOPE_KEYS:
                item = next(
                    f.type for f in envelope_model.fields if f.wire_name == "data"
                )
                envelope_name = envelope_model.name
                has_event = "event" in names
        sentinel = media_object.get("x-speakeasy-sse-sentinel")
        return api.EventStream(
            item=item,
            sentinel=str(sentinel) if sentinel is not None else None,
            envelope=envelope_name,
            has_event_name=has_event,
            accumulates_chat=self._is_chat_chunk(api.strip_null(item)),
        )

    def _is_chat_chunk(self, item: TypeRef) -> bool:
        model = self._ensure(item.name) if isinstance(item, ModelRef) else None
        if not isinstance(model, api.ObjectModel):
            return False
        choices = next((f for f in model.fields if f.wire_name == "choices"), None)
        choice_type = api.strip_null(choices.type) if choices else None
        if not isinstance(choice_type, ArrayOf) or not isinstance(
            api.strip_null(choice_type.item), ModelRef
        ):
            return False
        choice = self._ensure(api.strip_null(choice_type.item).name)
        return isinstance(choice, api.ObjectModel) and any(
            f.wire_name == "delta" for f in choice.fields
        )

    def _response_union(
        self, root: str, response_type: TypeRef, stream: api.EventStream, pointer: str
    ) -> None:
        """A response with a JSON and an event-stream shape is the union `{Op}Response`."""
        stream_item = api.strip_null(stream.item)
        members = [api.strip_null(response_type)]
        stream_names: tuple[str, ...] = ()
        if isinstance(stream_item, ModelRef):
            members.append(stream_item)
            stream_names = (stream_item.name,)
        name = self._claim([root + "Response"])
        self.models[name] = api.UnionModel(
            name=name,
            members=tuple(members),
            pointer=pointer + "/responses",
            group="operations",
            event_stream_members=stream_names,
        )

    def _error_response_components(self) -> set[str]:
        names: set[str] = set()
        for item in (self.doc.data.get("paths") or {}).values():
            for method in HTTP_METHODS:
                operation = item.get(method) if isinstance(item, dict) else None
                for status, raw in (
                    ((operation or {}).get("responses") or {}).items()
                    if isinstance(operation, dict)
                    else ()
                ):
                    if str(status)[0] not in "45":
                        continue
                    for media in (
                        ((raw or {}).get("content") or {}).values()
                        if isinstance(raw, dict)
                        else ()
                    ):
                        ref = ((media or {}).get("schema") or {}).get("$ref", "")
                        if isinstance(ref, str) and ref.startswith(
                            "#/components/schemas/"
                        ):
                            names.add(
                                ref.rsplit("/", 1)[-1]
                                .replace("~1", "/")
                                .replace("~0", "~")
                            )
        return names

    def _servers(self) -> list[api.Server]:
        servers = []
        for server in self.doc.data.get("servers") or [{"url": "/"}]:
            url = str(server.get("url", "/"))
            for name, variable in (server.get("variables") or {}).items():
                url = url.replace(
                    "{" + name + "}", str((variable or {}).get("default", ""))
                )
            servers.append(api.Server(url=url))
        return servers


def _text_or_none(value: Any) -> str | None:
    return str(value) if value is not None else None


def _is_ref(schema: Any) -> bool:
    return isinstance(schema, dict) and "$ref" in schema


def _types_of(schema: dict) -> set[str]:
    declared = schema.get("type")
    if declared is None:
        return set()
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return {str(declared)}


def _is_annotation_only(schema: Any) -> bool:
    """A schema that only describes (or allows null): `{nullable: true}`, `{description: ...}`."""
    return (
        isinstance(schema, dict)
        and bool(schema)
        and set(schema) <= _ANNOTATION_KEYS | {"nullable"}
    )


def _declares_null(schema: dict) -> bool:
    return schema.get("nullable") is True or "null" in _types_of(schema)


def _with_null(type_ref: TypeRef, nullable: bool) -> TypeRef:
    if nullable and not isinstance(type_ref, (Nullable, AnyValue)):
        return Nullable(type_ref)
    return type_ref


def _base_of(value: Any) -> api.PrimitiveName:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _own_description(schema: dict) -> str | None:
    """A use site's description: its own, or one an `allOf` part adds next to a $ref."""
    if "description" in schema:
        return schema["description"]
    for part in schema.get("allOf") or []:
        if _is_annotation_only(part) and "description" in part:
            return part["description"]
    return None


def _example_of(schema: dict) -> Any:
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    return MISSING


def _member_word(branch: Any, index: int, resolve: Any = None) -> str:
    """The word that names an inline union member: its tag value, title or type.

    The tag is a string `const` on a property, a one-value enum on `type` or on another
    property, or the member's own one-value enum; an allOf member looks for it in its parts.
    """
    if isinstance(branch, dict):
        tag = _tag_word(branch)
        if (
            tag is None
            and resolve is not None
            and isinstance(branch.get("allOf"), list)
        ):
            parts = [resolve(part) for part in branch["allOf"]]
            tag = next(
                (
                    t
                    for t in (_tag_word(p) for p in parts if isinstance(p, dict))
                    if t is not None
                ),
                None,
            )
        if tag is not None:
            return tag
        if isinstance(branch.get("title"), str):
            return branch["title"]
        if "$ref" in branch:
            return branch["$ref"].rsplit("/", 1)[-1]
        if isinstance(branch.get("allOf"), list):
            ref = next(
                (
                    p["$ref"]
                    for p in branch["allOf"]
                    if _is_ref(p) and isinstance(p["$ref"], str)
                ),
                None,
            )
            if ref is not None:
                return ref.rsplit("/", 1)[-1]
        if isinstance(branch.get("type"), str):
            return branch["type"]
    return f"member{index}"


def _tag_word(schema: dict) -> str | None:
    properties = (
        schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    )
    for prop in properties.values():
        if isinstance(prop, dict) and isinstance(prop.get("const"), str):
            return prop["const"]
    ordered = [properties["type"]] if isinstance(properties.get("type"), dict) else []
    ordered += [
        p for name, p in properties.items() if name != "type" and isinstance(p, dict)
    ]
    for prop in ordered:
        values = (
            [v for v in prop.get("enum") or [] if v is not None]
            if isinstance(prop.get("enum"), list)
            else []
        )
        if len(values) == 1 and isinstance(values[0], str):
            return values[0]
    own = (
        [v for v in schema.get("enum") or [] if v is not None]
        if isinstance(schema.get("enum"), list)
        else []
    )
    if (
        len(own) == 1
        and isinstance(own[0], (str, int))
        and not isinstance(own[0], bool)
    ):
        return str(own[0])
    return None

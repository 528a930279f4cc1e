"""`TypedDict` twins of the request-side object models, in `<package>/types.py`.

A method argument typed with an object model also accepts its twin, `<Model>Param`: a `TypedDict`
with the model's wire names as keys (`Required[...]` for required properties), so a dict literal
type-checks, and a misspelt key is a type error, under pyright and mypy. At run time the dict is
validated into the model as before; the SDK imports `types` only for type checkers
(`if TYPE_CHECKING:`), so twins cost no import time.

Twins exist for the object models an operation can take (parameters, body properties, the body,
and the object models those contain). An object that declares `additionalProperties` admits its
free keys through PEP 728's `extra_items=` (pyright checks it; mypy does not know it yet and
reports the free keys). A union with an object member has a twin too: the type alias of its
members' dict forms (`<Union>Param = "AParam | BParam | str"`). A closed enum of many values has
the alias of its values, `<Enum>Value = Literal[...]`, which arguments name instead of repeating
the values.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from jinja2 import Environment

from .. import api
from ..api import ModelRef, class_name_of
from ..naming import module_name
from .models import BASE_NAMES, GROUP_DIRS, ModelsRenderer
from .pysyntax import (
    docstring,
    import_statement,
    model_identifier,
    py_literal,
    py_string,
)

TWINS_MODULE = "types"
# Names a field annotation may use: a key spelled like one must not shadow it in a class body.
_ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "None", "Any"}
    | {"Optional", "Literal", "Required", "TypedDict", "Number", "OpenEnum"}
)


def twin_names(model_api: api.Api) -> dict[str, str]:
    """`{model: its twin's name}` for object models and unions with an object member:
    `<Model>Param`, with `Dict` then `_` appended while the name is taken by a model (both are
    imported side by side) or another twin."""
    taken = {model_identifier(model.name) for model in model_api.models}

    def wanted(model: api.Model) -> str | None:
        if not has_twin(model_api, model):
            return None
        name = model_identifier(model.name) + "Param"
        return name + "Dict" if name in taken else name

    return _claim_names(model_api.models, taken, wanted)


# A closed enum of more values than this is named once, `<Enum>Value = Literal[...]` in
# `types.py`, where every argument would repeat the values (Stripe's merchant categories: 600).
INLINE_VALUES_MAX = 4


def value_alias_names(model_api: api.Api, twins: dict[str, str]) -> dict[str, str]:
    """`{enum: the alias of its values}` for the closed enums of more than INLINE_VALUES_MAX
    values: `<Enum>Value`, with `_` appended while a model or a twin has the name."""
    taken = {model_identifier(model.name) for model in model_api.models}
    taken |= set(twins.values())

    def wanted(model: api.Model) -> str | None:
        if (
            isinstance(model, api.EnumModel)
            and not model.open
            and len(model.values) > INLINE_VALUES_MAX
            and literal_fits(model)
        ):
            return model_identifier(model.name) + "Value"
        return None

    return _claim_names(model_api.models, taken, wanted)


def _claim_names(
    models: Iterable[api.Model],
    taken: set[str],
    wanted: Callable[[api.Model], str | None],
) -> dict[str, str]:
    """`{model: name}` for each model `wanted` names (in name order), with `_` appended while
    the name is taken; each name claimed joins `taken`."""
    names: dict[str, str] = {}
    for model in sorted(models, key=lambda m: m.name):
        name = wanted(model)
        if name is None:
            continue
        while name in taken:
            name += "_"
        taken.add(name)
        names[model.name] = name
    return names


def literal_fits(model: api.EnumModel) -> bool:
    """Every value can be a `Literal` argument: not a float, an object or an array."""
    return not any(isinstance(v.value, (float, dict, list)) for v in model.values)


def has_twin(model_api: api.Api, model: api.Model) -> bool:
    return isinstance(model, api.ObjectModel) or (
        isinstance(model, api.UnionModel) and model_api.has_object_member(model)
    )


def _value_type(value: Any) -> str:
    """A value's annotation where the enum's values do not fit in a `Literal`."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict):
        return "dict[str, Any]"
    if isinstance(value, list):
        return "list[Any]"
    return "str"  # a string, or what py_literal writes as one (a YAML date)


class InputTypes:
    """What a caller may pass for a type: object models and unions with an object member also
    as their TypedDict twin, closed enums also as their values. Records the model classes and
    twins it mentions."""

    def __init__(
        self,
        model_api: api.Api,
        models: ModelsRenderer,
        twins: dict[str, str] | None = None,
        value_aliases: dict[str, str] | None = None,
    ) -> None:
        self.api = model_api
        self.models = models
        self.twins = twin_names(model_api) if twins is None else twins
        self.value_aliases = (
            value_alias_names(model_api, self.twins)
            if value_aliases is None
            else value_aliases
        )
        self.typing_names: set[str] = set()
        self.base_names: set[str] = set()
        self.model_names: set[str] = set()  # model classes mentioned
        self.twin_models: set[str] = set()  # models whose twin is mentioned
        self.value_models: set[str] = set()  # enums whose value alias is mentioned

    def annotation(self, type_ref: api.TypeRef) -> str:
        if isinstance(type_ref, api.ArrayOf):
            return f"list[{self.annotation(type_ref.item)}]"
        if isinstance(type_ref, api.MapOf):
            return f"dict[str, {self.annotation(type_ref.value)}]"
        if isinstance(type_ref, api.Nullable):
            self.typing_names.add("Optional")
            return f"Optional[{self.annotation(type_ref.inner)}]"
        text = self.plain(type_ref)
        if not isinstance(type_ref, ModelRef):
            return text
        model = self.api.model(type_ref.name)
        if model.name in self.value_aliases:
            self.value_models.add(model.name)
            return f"{text} | {self.value_aliases[model.name]}"
        if isinstance(model, api.EnumModel) and not model.open:
            return f"{text} | {self._plain_values(model)}"
        if model.name in self.twins:  # a dict literal type-checks against the twin
            self.twin_models.add(model.name)
            return f"{text} | {self.twins[model.name]}"
        return text

    def _plain_values(self, model: api.EnumModel) -> str:
        """The type of the enum's plain values: `Literal[...]`, else (a float, an object or an
        array among them) the JSON types they have."""
        if literal_fits(model):
            self.typing_names.add("Literal")
            values = dict.fromkeys(py_literal(v.value) for v in model.values)
            return f"Literal[{', '.join(values)}]"
        types = dict.fromkeys(_value_type(v.value) for v in model.values)
        if "dict[str, Any]" in types or "list[Any]" in types:
            self.typing_names.add("Any")
        return " | ".join(types)

    @property
    def twins_used(self) -> set[str]:
        """The names taken from `types.py`: twins and value aliases."""
        return {self.twins[name] for name in self.twin_models} | {
            self.value_aliases[name] for name in self.value_models
        }

    def plain(self, type_ref: api.TypeRef) -> str:
        """The model-side annotation (what the value is validated as)."""
        names: set[str] = set()
        text = self.models.annotation(type_ref, names)
        self.model_names |= set(api.referenced_models(type_ref))
        self.typing_names |= names - BASE_NAMES
        self.base_names |= names & BASE_NAMES
        return text


@dataclass(frozen=True)
class TwinField:
    key: str  # the wire name
    annotation: str  # with Required[...] for a required property

    @property
    def key_literal(self) -> str:
        return py_string(self.key)

    @property
    def annotation_literal(self) -> str:
        """The type in the functional form: a string, so nothing is evaluated at run time."""
        return py_string(self.annotation)


@dataclass(frozen=True)
class TwinView:
    name: str
    model: str
    docstring: str | None
    fields: tuple[TwinField, ...]
    class_syntax: bool  # every key can be a class attribute; else the functional form
    extra_items: str | None = None  # Python literal of the free keys' type (PEP 728)


@dataclass(frozen=True)
class ValueAliasView:
    name: str
    model: str
    values: tuple[str, ...]  # Python literals


@dataclass(frozen=True)
class UnionTwinView:
    name: str
    model: str
    members: str  # Python literal of the alias: the members' dict forms, as a string


def request_roots(model_api: api.Api) -> list[api.TypeRef]:
    """The types a method can take: parameters, the body and its properties."""
    roots: list[api.TypeRef] = []
    for operation in model_api.operations:
        roots += [parameter.field.type for parameter in operation.parameters]
        media = (operation.request_content_type or "").lower()
        parts = operation.request_parts
        if parts is not None:  # 3.2 positional multipart: each part's own type
            positions = (*parts.prefix, *([parts.items] if parts.items else []))
            roots += [part.type for part in positions if not part.is_file]
        # A multipart body's model types its files as text: its twin would mislead.
        elif operation.request_body is not None and not media.startswith("multipart/"):
            roots.append(operation.request_body)
        elif operation.request_body is not None:
            roots += _property_types(model_api, operation.request_body)
    return roots


def _property_types(model_api: api.Api, body: api.TypeRef) -> list[api.TypeRef]:
    inner = api.strip_null(body)
    model = model_api.model(inner.name) if isinstance(inner, ModelRef) else None
    if not isinstance(model, api.ObjectModel):
        return []
    return [field.type for field in model.fields]


def render_typeddicts(
    model_api: api.Api, package: str, env: Environment
) -> dict[str, str]:
    inputs = InputTypes(model_api, ModelsRenderer(model_api, package, env))
    for root in request_roots(model_api):
        inputs.annotation(root)
    # Only what the twins' own fields mention is imported.
    for names in (inputs.model_names, inputs.typing_names, inputs.base_names):
        names.clear()
    twins, union_twins = _twin_views(model_api, inputs)
    value_aliases = [
        ValueAliasView(
            inputs.value_aliases[name],
            name,
            tuple(
                dict.fromkeys(
                    py_literal(v.value) for v in _enum(model_api, name).values
                )
            ),
        )
        for name in sorted(inputs.value_models)
    ]
    imports = [
        import_statement(
            f".{GROUP_DIRS[model_api.model(name).group].replace('/', '.')}"
            f".{module_name(class_name_of(name))}",
            class_name_of(name),
            "    ",
            alias=model_identifier(name),
        )
        for name in sorted(inputs.model_names)
    ]
    text = env.get_template("python/types.py.jinja").render(
        module_docstring=docstring(
            f"Request shapes of {model_api.title} as `TypedDict`s: `<Model>Param` is the dict form of "
            "`<Model>` (wire names as keys), for type checkers; the SDK validates it into the model."
        ),
        twins=twins,
        union_twins=union_twins,
        value_aliases=value_aliases,
        extension_names=_extension_names(twins),
        model_imports=imports,
        base_names=sorted(inputs.base_names),
        typing_names=sorted(
            inputs.typing_names
            | {"TYPE_CHECKING"}
            | ({"TypeAlias"} if union_twins or value_aliases else set())
            | ({"Literal"} if value_aliases else set())
        ),
    )
    return {f"{package}/{TWINS_MODULE}.py": text}


def _enum(model_api: api.Api, name: str) -> api.EnumModel:
    model = model_api.model(name)
    assert isinstance(model, api.EnumModel)
    return model


def _extension_names(twins: list[TwinView]) -> list[str]:
    """What the module takes from typing_extensions: only what its twins use (pyflakes)."""
    names = {"TypedDict"} if twins else set()
    if any(f.annotation.startswith("Required[") for t in twins for f in t.fields):
        names.add("Required")
    return sorted(names)


def _twin_views(
    model_api: api.Api, inputs: InputTypes
) -> tuple[list[TwinView], list[UnionTwinView]]:
    """Every twin the roots reach, following the twins' own fields and members, by name."""
    objects: list[TwinView] = []
    unions: list[UnionTwinView] = []
    pending = sorted(inputs.twin_models)
    queued = set(pending)
    while pending:
        model = model_api.model(pending.pop())
        if isinstance(model, api.UnionModel):
            unions.append(_union_twin_view(model, inputs))
        else:
            assert isinstance(model, api.ObjectModel)
            objects.append(_twin_view(model, inputs))
        if len(inputs.twin_models) > len(queued):  # the view mentioned new twins
            pending += sorted(inputs.twin_models - queued)
            queued |= inputs.twin_models
    # Known only now: every class name the module imports, which a key must not shadow.
    class_names = set(inputs.twins.values()) | {
        model_identifier(name) for name in inputs.model_names
    }
    objects = [
        replace(
            view,
            class_syntax=_class_syntax_fits((f.key for f in view.fields), class_names),
        )
        for view in objects
    ]
    return (
        sorted(objects, key=lambda view: view.name),
        sorted(unions, key=lambda view: view.name),
    )


def _union_twin_view(model: api.UnionModel, inputs: InputTypes) -> UnionTwinView:
    members = []
    for member in model.members:
        # An object member stands for its twin alone: the model class is in the union already.
        if isinstance(member, ModelRef) and member.name in inputs.twins:
            inputs.twin_models.add(member.name)
            annotation = inputs.twins[member.name]
        else:
            annotation = inputs.annotation(member)
        if annotation not in members:
            members.append(annotation)
    return UnionTwinView(
        name=inputs.twins[model.name],
        model=model_identifier(model.name),
        members=py_string(" | ".join(members)),
    )


def _twin_view(model: api.ObjectModel, inputs: InputTypes) -> TwinView:
    fields = []
    for field in model.fields:
        annotation = inputs.annotation(field.type)
        fields.append(
            TwinField(
                field.wire_name,
                f"Required[{annotation}]" if field.required else annotation,
            )
        )
    extra = model.extra_values
    return TwinView(
        name=inputs.twins[model.name],
        model=model_identifier(model.name),
        docstring=docstring(
            f"`{model_identifier(model.name)}` as a dict: its wire names as keys, required ones marked `Required`."
        ),
        fields=tuple(fields),
        class_syntax=False,  # decided by `_twin_views` once every import is known
        extra_items=_extra_items(extra, inputs),
    )


_BUILTIN_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "None"}
)


def _extra_items(extra: api.TypeRef | None, inputs: InputTypes) -> str | None:
    """The free keys' type for `extra_items=` (a Python expression): a string for type checkers
    when it is made of builtins (`"str"`, `"list[int] | None"`), else `object` (any value). In a
    class keyword's string, an imported name (a model, `Optional`) would count as unused for
    pyflakes; and the model keeps free values as plain JSON anyway."""
    if extra is None:
        return None
    inner = api.strip_null(extra)
    if isinstance(inner, api.AnyValue) or api.referenced_models(inner):
        return "object"
    # Not `inputs.plain`: a name it records for import would be unused if this gives `object`.
    annotation = inputs.models.annotation(inner, set())
    annotation += " | None" if api.is_nullable(extra) else ""
    if set(re.findall(r"[A-Za-z_]\w*", annotation)) <= _BUILTIN_TYPES:
        return py_string(annotation)
    return "object"


def _class_syntax_fits(keys: Iterable[str], class_names: set[str]) -> bool:
    """Every key can be a class attribute without shadowing a name the annotations use."""
    return all(
        key.isidentifier()
        and not keyword.iskeyword(key)
        and key not in _ANNOTATION_NAMES
        and key not in class_names
        and not key.startswith("__")
        for key in keys
    )

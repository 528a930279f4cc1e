"""Model classes: one pydantic v2 module per model, exported lazily from `<package>.models`.

Python decides here (annotations, defaults, aliases, import placement); the templates in
templates/python/ only lay the decided lines out.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from jinja2 import Environment
from typing_extensions import assert_never

from .. import api
from ..api import (
    AnyValue,
    ArrayOf,
    ConstValue,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
)
from ..naming import module_name
from .cycles import cycle_components
from .pysyntax import (
    docstring,
    import_statement,
    model_identifier,
    py_literal,
    py_string,
)

# Names the annotations use that come from the package's `_base` module, not `typing`.
BASE_NAMES = {"Lazy", "Number", "OpenEnum", "OpenIntEnum"}
_PRIMITIVES = {"string": "str", "integer": "int", "number": "Number", "boolean": "bool"}
# The value type an enum class mixes in. Booleans and numbers get none: an `int` or `float`
# mixin would turn `true` into 1 and 1 into 1.0; a plain Enum keeps each value as written.
_ENUM_MIXINS: dict[api.PrimitiveName, str | None] = {
    "string": "str",
    "integer": "int",
    "number": None,
    "boolean": None,
}
# The capitalised names of Python's builtins (3.11 to 3.13), which a model may be named: a
# fixed list, so that the output does not depend on the Python that generates it.
PYTHON_BUILTIN_CLASSES = frozenset(
    {
        "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
        "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError",
        "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
        "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
        "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup",
        "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
        "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError",
        "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
        "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError",
        "NotImplemented", "NotImplementedError", "OSError", "OverflowError",
        "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
        "PythonFinalizationError", "RecursionError", "ReferenceError", "ResourceWarning",
        "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration",
        "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
        "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError", "UnicodeWarning",
        "UserWarning", "ValueError", "Warning", "ZeroDivisionError",
    }
)  # fmt: skip
# Where each group's modules live, relative to the package root.
GROUP_DIRS = {
    "models": "models",
    "operations": "models/operations",
    "errors": "models/errors",
}


@dataclass(frozen=True)
class FieldLine:
    statement: str  # `name: annotation` or `name: annotation = default`
    docstring: str | None


@dataclass(frozen=True)
class ModelImports:
    """What a model module imports: at the top, for type checkers only, and by linking."""

    top: list[str]
    type_checking: list[str]
    linked: list[tuple[str, str]]  # (class name, relative module)
    linked_later: list[tuple[str, str]]  # the same, for classes only `Lazy` fields name


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str


class ModelsRenderer:
    def __init__(self, model_api: api.Api, package: str, env: Environment):
        self.api = model_api
        self.package = package
        self.env = env
        self.models = model_api.models_by_name
        self.cycles = self._cycles_of_objects()
        # The model whose module is being rendered: in it, its class goes by its class name
        # (see `local_name`); None while other modules borrow `annotation`.
        self._home: api.Model | None = None

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for model in self.api.models:
            files[self.module_path(model)] = self.render_model(model)
        for alias in self.api.aliases:
            target = self.models[alias.target]
            path = f"{self.package}/{GROUP_DIRS[target.group]}/{module_name(alias.class_name)}.py"
            files[path] = self.env.get_template("python/alias.py.jinja").render(
                name=alias.class_name,
                target=target.class_name,
                import_line=import_statement(
                    "." + module_name(target.class_name), target.class_name
                ),
            )
        for group, directory in GROUP_DIRS.items():
            members = sorted(
                [m.class_name for m in self.api.models if m.group == group]
                + [
                    a.class_name
                    for a in self.api.aliases
                    if self.models[a.target].group == group
                ]
            )
            files[f"{self.package}/{directory}/__init__.py"] = self.env.get_template(
                "python/models_init.py.jinja"
            ).render(
                exports=members,
                modules={name: module_name(name) for name in members},
                type_checking_imports=[
                    import_statement("." + module_name(name), name, "    ")
                    for name in members
                ],
                subpackages=["errors", "operations"] if group == "models" else [],
                group=group,
                package=self.package,
            )
        files[f"{self.package}/_base.py"] = self.env.get_template(
            "python/base.py.jinja"
        ).render(package=self.package)
        return files

    def module_path(self, model: api.Model) -> str:
        return f"{self.package}/{GROUP_DIRS[model.group]}/{module_name(model.class_name)}.py"

    # ---- one module ----------------------------------------------------------------------

    def render_model(self, model: api.Model) -> str:
        self._home = model
        try:
            return self._render_module(model)
        finally:
            self._home = None

    def local_name(self, target: api.Model) -> str:
        """What the module being rendered calls a model: its own class by its class name, any
        other by `model_identifier`, but by its folder's name too where that would be the
        module's own class name (an operation's `CreateKeyRequest` holding the component
        `CreateKeyRequest` calls it `ModelsCreateKeyRequest`)."""
        home = self._home
        if home is not None and target.name == home.name:
            return target.class_name
        name = model_identifier(target.name)
        if home is not None and name == home.class_name:
            return target.group.capitalize() + target.class_name
        return name

    def _render_module(self, model: api.Model) -> str:
        if isinstance(model, api.EnumModel):
            return self.env.get_template("python/enum.py.jinja").render(
                name=model.class_name,
                mixin=_enum_mixin(model),
                docstring=docstring(model.description, "    "),
                members=[
                    EnumMember(v.member_name, py_literal(v.value)) for v in model.values
                ],
                is_open=model.open,
                deprecated=_deprecation(model),
            )
        typing_names: set[str] = set()
        if isinstance(model, api.UnionModel):
            template, context = "python/union.py.jinja", self._union_context(
                model, typing_names
            )
        else:
            template, context = "python/model.py.jinja", self._object_context(
                model, typing_names
            )
        imports = self._model_imports(model)
        base_names = sorted(typing_names & BASE_NAMES)
        typing_names -= BASE_NAMES
        if isinstance(model, api.ObjectModel):
            base_names.insert(0, "DeprecatedModel" if model.deprecated else "BaseModel")
        elif context.get("discriminator"):
            base_names.append("tag_of")
        if imports.linked or imports.linked_later:
            typing_names.add("TYPE_CHECKING")
            base_names.append("link_models")
        return self.env.get_template(template).render(
            name=model.class_name,
            base_module=self._base_module(model),
            base_names=sorted(base_names),
            typing_names=sorted(typing_names),
            imports=imports.top,
            type_checking_imports=imports.type_checking,
            links=imports.linked,
            later_links=imports.linked_later,
            deprecated=_deprecation(model),
            **context,
        )

    def _object_context(self, model: api.ObjectModel, typing_names: set[str]) -> dict:
        lines = [
            self._field_line(field, typing_names, lazy=self._is_lazy(model, field))
            for field in model.fields
        ]
        return {
            "docstring": docstring(model.description, "    "),
            "fields": lines,
            "uses_field": any(" = Field(" in line.statement for line in lines),
        }

    def _cycles_of_objects(self) -> dict[str, frozenset[str]]:
        """The cycles of references that pass through two object models or more.

        One object that nests itself (a tree, through unions or not) is one validator that
        refers to itself; each object of a longer cycle would hold the validators of all the
        others, so their fields into the cycle are validated lazily.
        """
        components = cycle_components(
            {model.name: _dependencies(model) for model in self.api.models}
        )
        objects_in = {
            component: sum(
                isinstance(self.models[m], api.ObjectModel) for m in component
            )
            for component in set(components.values())
        }
        return {
            name: component
            for name, component in components.items()
            if objects_in[component] > 1
        }

    def _is_lazy(self, model: api.Model, field: api.Field) -> bool:
        """The field leads back to its own model through other objects (see `cycles`)."""
        cycle = self.cycles.get(model.name, frozenset())
        return any(
            name in cycle and name != model.name
            for name in api.referenced_models(field.type)
        )

    def _field_line(
        self, field: api.Field, typing_names: set[str], *, lazy: bool = False
    ) -> FieldLine:
        annotation = self.annotation(field.type, typing_names)
        arguments: list[str] = []
        if not field.required:
            if not isinstance(field.type, Nullable) and not isinstance(
                field.type, AnyValue
            ):
                typing_names.add("Optional")
                annotation = f"Optional[{annotation}]"
            default = (
                "None"
                if field.default is api.MISSING
                else self._default(field.type, field.default)
            )
            arguments.append(f"default={default}")
        if lazy:
            typing_names.add("Lazy")
            annotation = f"Lazy[{annotation}]"
        if field.python_name != field.wire_name:
            arguments.append(f"alias={py_string(field.wire_name)}")
        if field.deprecated:
            arguments.append(
                f"deprecated={py_string(field.wire_name + ' is deprecated')}"
            )
        statement = (
            _field_call(field.python_name, annotation, arguments)
            if len(arguments) > 1
            or (arguments and not arguments[0].startswith("default="))
            else _plain_default(field.python_name, annotation, arguments)
        )
        return FieldLine(statement, docstring(field.description, "    "))

    def _default(self, type_ref: TypeRef, value: api.JsonValue) -> str:
        """A default as Python source: the enum member where the type is an enum (and the
        value one of its members), so the default has the field's declared type."""
        target = api.strip_null(type_ref)
        if isinstance(target, ArrayOf) and isinstance(value, list):
            return "[" + ", ".join(self._default(target.item, v) for v in value) + "]"
        model = self.models.get(target.name) if isinstance(target, ModelRef) else None
        if isinstance(model, api.EnumModel):
            for member in model.values:
                if member.value == value and type(member.value) is type(value):
                    return f"{self.local_name(model)}.{member.member_name}"
        return py_literal(value)

    def _union_context(self, model: api.UnionModel, typing_names: set[str]) -> dict:
        if len(model.members) > 1:
            typing_names.add("Union")
        # A union alias is evaluated at import, before `link_models` has given the module the
        # model classes it names: those are quoted (pydantic resolves them on first use).
        late = _LinkedModels(self.models, objects=len(model.members) > 1)
        members = [
            self.annotation(member, typing_names, quoted=late)
            for member in model.members
        ]
        discriminator = None
        if model.discriminator is not None:
            tags = dict(
                (name, tag) for tag, name in reversed(model.discriminator.mapping)
            )
            by_member = []
            for member, text in zip(model.members, members, strict=True):
                tag = tags.get(member.name) if isinstance(member, ModelRef) else None
                if tag is None:
                    by_member.append(text)
                    continue
                tagged = f"Annotated[{text}, Tag({py_string(tag)})]"
                if len(tagged) + len("            ,") > 88:
                    # black's layout: one item a line
                    tagged = f"Annotated[\n                {text},\n                Tag({py_string(tag)}),\n            ]"
                by_member.append(tagged)
            members = by_member
            typing_names.add("Annotated")
            discriminator = py_string(model.discriminator.property)
        return {
            "docstring": docstring(model.description) if model.description else None,
            "members": members,
            "discriminator": discriminator,
        }

    # ---- types and imports -----------------------------------------------------------------

    def annotation(
        self,
        type_ref: TypeRef,
        typing_names: set[str],
        quoted: Container[str] = frozenset(),
    ) -> str:
        match type_ref:
            case Primitive(name=primitive):
                if primitive == "number":
                    typing_names.add("Number")
                return _PRIMITIVES[primitive]
            case AnyValue():
                typing_names.add("Any")
                return "Any"
            case ConstValue(value=value):
                typing_names.add("Literal")
                return f"Literal[{py_literal(value)}]"
            case ArrayOf(item=item):
                return f"list[{self.annotation(item, typing_names, quoted)}]"
            case MapOf(value=value_type):
                return f"dict[str, {self.annotation(value_type, typing_names, quoted)}]"
            case Nullable(inner=inner):
                typing_names.add("Optional")
                return f"Optional[{self.annotation(inner, typing_names, quoted)}]"
            case ModelRef(name=model_name):
                return self._model_annotation(model_name, typing_names, quoted)
            case _:
                assert_never(type_ref)

    def _model_annotation(
        self, name: str, typing_names: set[str], quoted: Container[str]
    ) -> str:
        target = self.models[name]
        shown = self.local_name(target)
        shown = f'"{shown}"' if target.name in quoted else shown
        if isinstance(target, api.EnumModel) and target.open:
            # an unlisted value is kept as it came: a str, or an int for an integer enum
            alias = "OpenIntEnum" if target.base == "integer" else "OpenEnum"
            typing_names.add(alias)
            return f"{alias}[{shown}]"
        return shown

    def _model_imports(self, model: api.Model) -> ModelImports:
        """Enums are imported at the top (their modules import nothing, and a default may
        name a member); object and union models are linked after the definition, but for
        those named like a Python builtin (`RuntimeError`): pydantic reads the annotations
        when the class is created, before the link, and would take the builtin for them.
        A model known here by another name than its class name (`local_name`) is imported
        at the top too, under that name: linking sets a class under its own name. Only
        operations' models are, and no component's module imports one, so none nests.
        """
        imports = ModelImports([], [], [], [])
        eager = self._eager_dependencies(model)
        for name in sorted(set(_dependencies(model)) - {model.name}):
            target = self.models[name]
            module = self._relative(model, target)
            local = self.local_name(target)
            if (
                isinstance(target, api.EnumModel)
                or local in PYTHON_BUILTIN_CLASSES
                or local != target.class_name
                or self._imported_alone(model, name)
            ):
                imports.top.append(
                    import_statement(module, target.class_name, alias=local)
                )
            else:
                imports.type_checking.append(import_statement(module, local, "    "))
                links = imports.linked if name in eager else imports.linked_later
                links.append((local, module))
        return imports

    def _eager_dependencies(self, model: api.Model) -> set[str]:
        """What the module links on import: all it names but what only `Lazy` fields name."""
        if not isinstance(model, api.ObjectModel):
            return set(_dependencies(model))
        return {
            name
            for field in model.fields
            if not self._is_lazy(model, field)
            for name in api.referenced_models(field.type)
        }

    def _imported_alone(self, model: api.Model, name: str) -> bool:
        """The one member of a one-member union, when it is an object model: imported at the
        top (its module imports no model, so nothing nests), because a value that is only a
        quoted name is no use of the name to pyflakes."""
        return (
            isinstance(model, api.UnionModel)
            and len(model.members) == 1
            and isinstance(self.models[name], api.ObjectModel)
        )

    def _base_module(self, model: api.Model) -> str:
        return "." * (GROUP_DIRS[model.group].count("/") + 2) + "_base"

    def _relative(self, source: api.Model, target: api.Model) -> str:
        source_dir = GROUP_DIRS[source.group].split("/")
        target_dir = GROUP_DIRS[target.group].split("/")
        common = 0
        while (
            common < min(len(source_dir), len(target_dir))
            and source_dir[common] == target_dir[common]
        ):
            common += 1
        dots = "." * (len(source_dir) - common + 1)
        return dots + ".".join([*target_dir[common:], module_name(target.class_name)])


def _enum_mixin(model: api.EnumModel) -> str | None:
    """`str` or `int` when every value is one (`type: integer, enum: [1, "two"]` gets none)."""
    mixin = _ENUM_MIXINS[model.base]
    value_type = {"str": str, "int": int}.get(mixin or "")
    if value_type is None or not all(
        type(member.value) is value_type for member in model.values
    ):
        return None
    return mixin


def _field_call(python_name: str, annotation: str, arguments: list[str]) -> str:
    """`name: annotation = Field(...)`, laid out as black lays it out."""
    rhs = "Field(" + ", ".join(arguments) + ")"
    if len(f"    {python_name}: {annotation} = {rhs}") > 88:
        # black's own layout for a call that does not fit: one argument a line.
        rhs = "Field(\n" + "".join(f"        {a},\n" for a in arguments) + "    )"
    return f"{python_name}: {annotation} = {rhs}"


def _plain_default(python_name: str, annotation: str, arguments: list[str]) -> str:
    """`name: annotation` or `name: annotation = default` (arguments: none or `default=`)."""
    if not arguments:
        return f"{python_name}: {annotation}"
    rhs = arguments[0][len("default=") :]
    statement = f"{python_name}: {annotation} = {rhs}"
    if (
        len("    " + statement) > 88
        and len(f"    {python_name}: {annotation} = (") <= 88
    ):
        # black's layout for a default that does not fit: the right-hand side in parentheses.
        statement = f"{python_name}: {annotation} = (\n        {rhs}\n    )"
    return statement


def _deprecation(model: api.Model) -> str | None:
    return py_string(f"{model.class_name} is deprecated") if model.deprecated else None


def _dependencies(model: api.Model) -> list[str]:
    if isinstance(model, api.ObjectModel):
        # Undeclared keys (`extra_values`) are kept as plain JSON, so their type is not imported.
        return [n for field in model.fields for n in api.referenced_models(field.type)]
    if isinstance(model, api.UnionModel):
        return [n for member in model.members for n in api.referenced_models(member)]
    return []


class _LinkedModels:
    """The names of the models a module gets from `link_models`: every model but an enum,
    and but an object model when `objects` is false (see `_imported_alone`)."""

    def __init__(self, models: dict[str, api.Model], *, objects: bool = True) -> None:
        self.models = models
        self.objects = objects

    def __contains__(self, name: object) -> bool:
        model = self.models.get(str(name))
        if model is None or isinstance(model, api.EnumModel):
            return False
        return self.objects or not isinstance(model, api.ObjectModel)


def render_models(model_api: api.Api, package: str, env: Environment) -> dict[str, str]:
    return ModelsRenderer(model_api, package, env).render()

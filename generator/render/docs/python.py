"""The `python` flavour: Python types linked to model pages, snake_case fields, snippets that run."""

from __future__ import annotations

from ... import api
from ...api import ConstValue, ModelRef, Primitive, TypeRef
from ..pysyntax import model_identifier, py_literal, py_string
from .flavor import TypeCells
from .settings import NO_EXAMPLES, OPEN_ENUM_PY, PY_MODULE
from .values import Value, VDate, VEnum, VList, VMap, VObject, VScalar

_LINE_LENGTH = 88  # black's: a longer import is split over lines

# `number` is `int | float` in the models (an integer stays an integer); `\|` keeps the table intact.
_PY_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "int \\| float",
    "boolean": "bool",
}


class PythonFlavor(TypeCells):
    language = "python"
    italic_unions = False  # union pages are model pages too: linked
    date_link = None  # date-times are `str` in the generated models

    extra_values_name: str | None = None  # the row of `additionalProperties`

    def field_name(self, f: api.Field) -> str:
        return f.python_name

    @staticmethod
    def array_of(item: str) -> str:
        return f"list[{item}]"

    @staticmethod
    def map_of(value: str) -> str:
        return f"dict[str, {value}]"

    def scalar_type(self, t: TypeRef) -> str:
        if isinstance(t, Primitive):
            return _PY_PRIMITIVES[t.name]
        if isinstance(t, ConstValue):
            return f"Literal[{py_literal(t.value)}]"
        return "Any"

    def stream_heading(self, name: str, envelope: str | None) -> str:
        # the stream yields each event's data, unwrapped
        model = self.models[name]
        return f"Stream[{model.group}.{model.class_name}]"

    def enum_values(self, model: api.EnumModel) -> str:
        members = [
            f"{model_identifier(model.name)}.{v.member_name}  # {py_literal(v.value)}"
            for v in model.values
        ]
        return "\n".join([*self.import_lines(model, None), "", *members])

    def open_enum_note(self, model: api.EnumModel) -> str:
        return OPEN_ENUM_PY

    def open_enum_comment(self, model: api.EnumModel) -> str:
        return "# Open enum: unrecognized values are accepted and kept as plain strings"

    # -- snippets --

    def import_lines(self, model: api.Model | None, value: Value | None) -> list[str]:
        """`from <package>.models import ...` for the page's model and every class the value
        builds, each by its `model_identifier` (`Modality as OperationsModality`)."""
        names: dict[str, set[str]] = {}
        if model is not None:
            self._add_class(model.name, names)
        if value is not None:
            self._collect(value, names)
        lines = []
        for module in sorted(names):
            package = self.context.package
            imported = sorted(names[module], key=lambda n: n.split(" as ")[-1])
            line = f"from {package}.{module} import {', '.join(imported)}"
            if len(line) > _LINE_LENGTH:
                inner = "".join(f"    {n},\n" for n in imported)
                line = f"from {package}.{module} import (\n{inner})"
            lines.extend(line.split("\n"))
        return lines

    def _collect(self, value: Value, names: dict[str, set[str]]) -> None:
        if isinstance(value, VObject):
            self._add_class(value.model, names)
            for _, v in value.entries:
                self._collect(v, names)
        elif isinstance(value, VEnum) and self._enum_member(value):
            self._add_class(value.model, names)
        elif isinstance(value, VList):
            for v in value.items:
                self._collect(v, names)
        elif isinstance(value, VMap):
            for _, v in value.entries:
                self._collect(v, names)

    def _add_class(self, key: str, names: dict[str, set[str]]) -> None:
        model = self.models[key]
        identifier = model_identifier(key)
        imported = model.class_name
        if identifier != imported:
            imported += f" as {identifier}"
        names.setdefault(PY_MODULE[model.group], set()).add(imported)

    def declaration(self, model: api.Model, value: Value) -> list[str]:
        lines = self._lines(value, 0)
        return [f"value = {lines[0]}", *lines[1:]]

    def member_snippet(self, type_ref: TypeRef, value: Value) -> list[str]:
        target = (
            self.models.get(type_ref.name) if isinstance(type_ref, ModelRef) else None
        )
        imports = self.import_lines(target, value)
        # the heading names the type; an annotation would need imports
        lines = self._lines(value, 0)
        return [*imports, *([""] if imports else []), f"value = {lines[0]}", *lines[1:]]

    def no_examples(self) -> str:
        return f"# {NO_EXAMPLES}"

    def _enum_member(self, value: VEnum) -> str | None:
        model = self.models[value.model]
        assert isinstance(model, api.EnumModel)
        for member in model.values:
            if member.value == value.value and type(member.value) is type(value.value):
                return member.member_name
        return None

    def _scalar(self, value: VScalar | VEnum | VDate) -> str:
        if isinstance(value, VDate):
            return py_string(value.text)
        if isinstance(value, VEnum):
            member = self._enum_member(value)
            return (
                f"{model_identifier(value.model)}.{member}"
                if member
                else py_literal(value.value)
            )
        return py_literal(value.value)

    def value_lines(self, value: Value, depth: int) -> list[str]:
        """A value as an expression: the first line continues what precedes it, the others
        carry their indent (`depth` levels of four spaces for the closing bracket)."""
        return self._lines(value, depth)

    def _lines(self, value: Value, depth: int) -> list[str]:
        if isinstance(value, (VScalar, VEnum, VDate)):
            return [self._scalar(value)]
        entries: list[tuple[str, Value]]
        if isinstance(value, VList):
            open_, close, entries = "[", "]", [("", v) for v in value.items]
        elif isinstance(value, VObject):
            open_, close = f"{model_identifier(value.model)}(", ")"
            entries = [(f"{f.python_name}=", v) for f, v in value.entries]
        else:
            open_, close = "{", "}"
            entries = [(f"{py_string(k)}: ", v) for k, v in value.entries]
        if not entries:
            return [open_ + close]
        pad = "    " * (depth + 1)
        out = [open_]
        for key, item in entries:
            inner = self._lines(item, depth + 1)
            out.append(pad + key + inner[0])
            out.extend(inner[1:])
            out[-1] += ","
        out.append("    " * depth + close)
        return out

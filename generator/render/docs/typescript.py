"""The `typescript` flavour: the reference generator's pages, byte for byte."""

from __future__ import annotations

import json
import re

from ... import api
from ...api import ConstValue, ModelRef, Primitive, TypeRef
from ..models import GROUP_DIRS
from .files import BYTES, FILE_TYPES
from .flavor import TypeCells
from .literals import ts_literal
from .settings import DATE_LINK, NO_EXAMPLES, OPEN_ENUM
from .values import Value, VDate, VEnum, VList, VObject, VScalar

_PRINT_WIDTH = 80  # prettier's printWidth for the TypeScript snippets
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_SHORT_KEY = 5  # prettier keeps keys shorter than this on a long string value's line


class TypeScriptFlavor(TypeCells):
    language = "typescript"
    italic_unions = True  # a union shows as `*models.X*`, never linked
    date_link = DATE_LINK

    extra_values_name: str | None = (
        "additionalProperties"  # the row of `additionalProperties`
    )

    def field_name(self, f: api.Field) -> str:
        return f.camel_name

    @staticmethod
    def array_of(item: str) -> str:
        return item + "[]"

    @staticmethod
    def map_of(value: str) -> str:
        return f"Record<string, {value}>"

    def type_cell(self, type_ref: TypeRef, group: str) -> str:
        t = api.strip_null(type_ref)
        if isinstance(t, ModelRef) and t.name in self.context.file_parts:
            return f"{FILE_TYPES} \\| {self.link(t.name, group)}"
        return super().type_cell(type_ref, group)

    def scalar_type(self, t: TypeRef) -> str:
        if isinstance(t, Primitive):
            if t.name == "string" and t.format == "date-time":
                return "Date"
            if t == BYTES:
                return "ReadableStream<Uint8Array>"
            return "number" if t.name in ("integer", "number") else t.name
        if isinstance(t, ConstValue):
            if self.context.const_literals:
                return ts_literal(t.value)
            return "number" if t.base in ("integer", "number") else t.base
        return "any"

    def stream_heading(self, name: str, envelope: str | None) -> str:
        # the reference's EventStream yields whole events (`{data: ...}`), as its pages say
        model = self.models[envelope or name]
        return f"EventStream<{model.group}.{model.class_name}>"

    def enum_values(self, model: api.EnumModel) -> str:
        values = " | ".join(ts_literal(v.value) for v in model.values)
        return f"{values} | {_unrecognized(model)}" if model.open else values

    def open_enum_note(self, model: api.EnumModel) -> str:
        return OPEN_ENUM.format(unrecognized=_unrecognized(model))

    def open_enum_comment(self, model: api.EnumModel) -> str:
        return (
            f"// Open enum: unrecognized values are captured as {_unrecognized(model)}"
        )

    # -- snippets --

    def import_lines(self, model: api.Model, value: Value | None) -> list[str]:
        return [
            f'import {{ {model.class_name} }} from "{self.context.package}/{GROUP_DIRS[model.group]}";'
        ]

    def declaration(self, model: api.Model, value: Value) -> list[str]:
        return self._assign(f"let value: {model.class_name} =", value, ";")

    def member_snippet(self, type_ref: TypeRef, value: Value) -> list[str]:
        return self._assign(f"const value: {self.type_heading(type_ref)} =", value, ";")

    def no_examples(self) -> str:
        return f"// {NO_EXAMPLES}"

    def _assign(self, left: str, value: Value, end: str) -> list[str]:
        lines = self._lines(value, 0)
        if (
            len(lines) == 1
            and _is_string(value)
            and len(left) + 1 + len(lines[0]) + len(end) > _PRINT_WIDTH
        ):
            # prettier breaks after `=` before a long string
            return [left, "  " + lines[0] + end]
        lines = [f"{left} {lines[0]}", *lines[1:]]
        lines[-1] += end
        return lines

    def _lines(self, value: Value, depth: int) -> list[str]:
        """A value as lines; the first line continues its key, the others carry their indent."""
        if isinstance(value, VDate):
            return [f'new Date("{value.text}")']
        if isinstance(value, (VScalar, VEnum)):
            return [ts_literal(value.value)]
        if isinstance(value, VList):
            return self._list_lines(value, depth)
        if isinstance(value, VObject):
            entries = [(_object_key(f.camel_name), v) for f, v in value.entries]
        else:
            entries = [(json.dumps(k, ensure_ascii=False), v) for k, v in value.entries]
        return self._object_lines(entries, depth)

    def _list_lines(self, value: VList, depth: int) -> list[str]:
        if not value.items:
            return ["[]"]
        pad = "  " * (depth + 1)
        out = ["["]
        for item in value.items:
            inner = self._lines(item, depth + 1)
            out.append(pad + inner[0])
            out.extend(inner[1:])
            out[-1] += ","
        out.append("  " * depth + "]")
        return out

    def _object_lines(self, entries: list[tuple[str, Value]], depth: int) -> list[str]:
        if not entries:
            return ["{}"]
        pad = "  " * (depth + 1)
        out = ["{"]
        for key, item in entries:
            inner = self._lines(item, depth + 1)
            line = f"{pad}{key}: {inner[0]}"
            if (
                len(inner) == 1
                and _is_string(item)
                and len(line) + 1 > _PRINT_WIDTH
                and len(key) >= _SHORT_KEY
            ):
                out.append(f"{pad}{key}:")
                out.append(f"{pad}  {inner[0]},")
                continue
            out.append(line)
            out.extend(inner[1:])
            out[-1] += ","
        out.append("  " * depth + "}")
        return out


def _object_key(name: str) -> str:
    """A property name as an object key: bare when it is an identifier, quoted otherwise."""
    return name if _IDENTIFIER.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _is_string(value: Value) -> bool:
    return isinstance(value, (VScalar, VEnum)) and isinstance(value.value, str)


def _unrecognized(model: api.EnumModel) -> str:
    """The branded type of an open enum's unknown values: a number enum's stay numbers."""
    numeric = all(
        isinstance(v.value, (int, float)) and not isinstance(v.value, bool)
        for v in model.values
    )
    return f"Unrecognized<{'number' if numeric else 'string'}>"

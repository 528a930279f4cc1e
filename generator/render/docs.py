"""Docs pages: one Markdown page per model, operation type and error model, plus an index.

The layout and every rule are those of `docs-format.md`. Python decides everything here
(which rows, which cells, the snippet text, the padding width); the templates under
templates/docs/ only lay the decided pieces out. Two flavours share those templates:
`typescript` reproduces the reference generator's pages byte for byte, `python` (the
default) shows Python types, snake_case names and a snippet that runs against the
generated package.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment

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
from ..naming import page_name
from .models import GROUP_DIRS
from .pysyntax import py_literal, py_string
from .templates import template_environment

Flavor = Literal["python", "typescript"]
OptionalProperties = Literal["with-example", "always", "never"]

# A group's pages sit where its modules do, under docs/ (docs/models/operations/...); types are
# labelled with their group (`models.X`, `operations.X`) and imported from the group's module.
PAGE_DIRS = {group: f"docs/{directory}" for group, directory in GROUP_DIRS.items()}
_UP = {
    group: "../" * directory.count("/") + "../"
    for group, directory in GROUP_DIRS.items()
}  # to docs/
_PY_MODULE = {
    group: directory.replace("/", ".") for group, directory in GROUP_DIRS.items()
}

DATE_LINK = "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)"
DEPRECATED_FIELD = ": warning: ** DEPRECATED **: This will be removed in a future release, please migrate away from it as soon as possible."
DEPRECATED_MODEL = "> :warning: **DEPRECATED**: This will be removed in a future release, please migrate away from it as soon as possible."
OPEN_ENUM = "This is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type."
OPEN_ENUM_PY = (
    "This is an open enum. Unrecognized values are accepted and kept as plain strings."
)
NO_EXAMPLES = "No examples available for this model"

_PRINT_WIDTH = 80  # prettier's printWidth for the TypeScript snippets
_SCALAR_ARRAY_ITEMS = (
    3  # generated arrays of scalars get three items, arrays of objects one
)


@dataclass(frozen=True)
class DocsSettings:
    """What the docs look like.

    flavor: `python` (Python types and snippets) or `typescript` (the reference generator's pages).
    package: the import package shown in snippets (`openrouter_sdk`, `@openrouter/sdk`).
    optional_properties: which optional properties the Example Usage snippets show: those with
        an example (`with-example`), all (`always`) or none (`never`).
    const_style: how a `const` property shows in the TypeScript Type column: as its base type
        (`*string*`, the reference generator up to late 2025), as a literal (`*"text"*`), or
        `auto`: literal when the spec carries the newer generator's `x-speakeasy-globals`.
    """

    flavor: Flavor = "python"
    package: str = "openrouter_sdk"
    optional_properties: OptionalProperties = "never"
    const_style: Literal["auto", "base", "literal"] = "auto"

    def __post_init__(self) -> None:
        if self.flavor not in ("python", "typescript"):
            raise ValueError(
                f"flavor must be python or typescript, not {self.flavor!r}"
            )
        if self.optional_properties not in ("with-example", "always", "never"):
            raise ValueError(
                f"optional_properties must be with-example, always or never, not {self.optional_properties!r}"
            )
        if self.const_style not in ("auto", "base", "literal"):
            raise ValueError(
                f"const_style must be auto, base or literal, not {self.const_style!r}"
            )


def page_path(model: api.Model) -> str:
    """The output-relative path of a model's page."""
    return f"{PAGE_DIRS[model.group]}/{page_name(model.name)}.md"


def render_docs(
    model_api: api.Api,
    settings: DocsSettings = DocsSettings(),
    env: Environment | None = None,
    templates_dir: str | Path | None = None,
) -> dict[str, str]:
    """Every docs page of the API: output-relative path -> page text.

    `env` is the shared template environment (its loader decides where templates come from, so
    user overrides apply); without one, templates load from `templates_dir` (overrides) and then
    the built-in templates/.
    """
    return _DocsRenderer(model_api, settings, _environment(env, templates_dir)).render()


def _environment(
    env: Environment | None, templates_dir: str | Path | None
) -> Environment:
    if env is None:
        env = template_environment(Path(templates_dir) if templates_dir else None)
    # The docs templates are written for these whitespace rules; an overlay shares the loader
    # and cache of the caller's environment, whatever its own whitespace settings are.
    return env.overlay(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


# ---- snippet values ------------------------------------------------------------------------
# A value to show in a snippet, independent of the flavour that prints it.


@dataclass(frozen=True)
class VScalar:
    value: Any  # str, int, float, bool or None


@dataclass(frozen=True)
class VDate:
    text: str  # an RFC 3339 date-time


@dataclass(frozen=True)
class VEnum:
    model: str
    value: Any


@dataclass(frozen=True)
class VObject:
    model: str
    entries: tuple[tuple[api.Field, Any], ...]


@dataclass(frozen=True)
class VMap:
    entries: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class VList:
    items: tuple[Any, ...]


Value = Any  # one of the V* classes above


class _Examples:
    """Example values: the spec's examples where there are some, deterministic placeholders elsewhere.

    A property's value is its own example, else the parent's example for that key, else the
    example of the model it references, else a placeholder. Which optional properties show is
    the `optional_properties` setting; required ones always do.
    """

    def __init__(self, models: dict[str, api.Model], mode: str, strict: bool):
        self.models = models
        self.mode = mode
        self.strict = strict  # Python: an example the type would reject is replaced by a placeholder
        self.expanded: set[str] = set()
        self.stack: list[str] = []

    def top(self, model: api.Model) -> Value:
        self.expanded = set()
        self.stack = []
        return self.value(ModelRef(model.name), MISSING, model.name)

    def of_type(self, type_ref: TypeRef, example: Any, seed: str) -> Value:
        self.expanded = set()
        self.stack = []
        return self.value(type_ref, example, seed)

    # -- one value --

    def value(
        self, type_ref: TypeRef, example: Any, seed: str, key: str | None = None
    ) -> Value:
        if (
            example is not MISSING
            and self.strict
            and not self.accepts(type_ref, example)
        ):
            example = MISSING
        if isinstance(type_ref, Nullable):
            if example is None:
                return VScalar(None)
            return self.value(type_ref.inner, example, seed, key)
        if example is None:
            return VScalar(None)
        if isinstance(type_ref, ConstValue):
            return VScalar(type_ref.value)
        if isinstance(type_ref, Primitive):
            if example is not MISSING:
                if type_ref.format == "date-time" and isinstance(
                    example, (str, datetime, date)
                ):
                    return VDate(_plain(example))
                return _json_value(example)
            return self._placeholder(type_ref, seed, key)
        if isinstance(type_ref, AnyValue):
            return (
                _json_value(example) if example is not MISSING else VScalar("<value>")
            )
        if isinstance(type_ref, ArrayOf):
            return self._array(type_ref, example, seed, key)
        if isinstance(type_ref, MapOf):
            if isinstance(example, dict):
                return VMap(
                    tuple(
                        (str(k), self.value(type_ref.value, v, f"{seed}.{k}"))
                        for k, v in example.items()
                    )
                )
            if example is not MISSING:
                return _json_value(example)
            return VMap((("key", self.value(type_ref.value, MISSING, seed + ".key")),))
        model = self.models[type_ref.name]
        if example is MISSING:
            example = model.example
            if (
                example is not MISSING
                and self.strict
                and not self.accepts(type_ref, example)
            ):
                example = MISSING
        if isinstance(model, api.EnumModel):
            if example is not MISSING:
                return VEnum(model.name, example)
            return VEnum(model.name, model.values[0].value)
        if isinstance(model, api.UnionModel):
            member = self.choose_member(model, example)
            if member is None:
                return (
                    _json_value(example)
                    if example is not MISSING
                    else VScalar("<value>")
                )
            return self.value(member, example, seed, key)
        if example is not MISSING and not isinstance(example, dict):
            return _json_value(example)
        return self._object(model, example, seed)

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
            return _json_value(example)
        item = api.strip_null(type_ref.item)
        if isinstance(item, ModelRef):
            target = self.models[item.name]
            if (
                isinstance(target, api.ObjectModel)
                and target.name in self.expanded
                and target.example is MISSING
            ):
                return VList(
                    ()
                )  # a model shown once already in this snippet is not shown again
        count = (
            _SCALAR_ARRAY_ITEMS
            if isinstance(item, Primitive) and item.format != "date-time"
            else 1
        )
        return VList(
            tuple(
                self.value(type_ref.item, MISSING, f"{seed}[{i}]", key)
                for i in range(count)
            )
        )

    def _object(self, model: api.ObjectModel, example: Any, seed: str) -> Value:
        if model.name in self.stack:
            return VObject(model.name, ())
        self.expanded.add(model.name)
        self.stack.append(model.name)
        try:
            entries = []
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
            or _referenced_example(self.models, f.type) is not MISSING
        )

    def _placeholder(self, prim: Primitive, seed: str, key: str | None) -> Value:
        if prim.name == "string":
            if prim.format == "date-time":
                return VDate("2025-01-01T00:00:00Z")
            return VScalar("<id>" if key == "id" else "<value>")
        if prim.name == "boolean":
            return VScalar(True)
        n = zlib.crc32(seed.encode("utf-8"))
        if prim.name == "integer":
            return VScalar(n % 1000)
        return VScalar(round((n % 1_000_000) / 100 + 0.01, 2))

    # -- unions and type checks --

    def choose_member(self, model: api.UnionModel, example: Any) -> TypeRef | None:
        members = [
            m
            for m in model.members
            if not (isinstance(m, ModelRef) and m.name in model.event_stream_members)
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
        if depth > 12:
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
            return _fits_primitive(type_ref.name, example)
        if isinstance(type_ref, ArrayOf):
            return isinstance(example, list) and all(
                self.accepts(type_ref.item, e, depth + 1) for e in example
            )
        if isinstance(type_ref, MapOf):
            return isinstance(example, dict) and all(
                self.accepts(type_ref.value, v, depth + 1) for v in example.values()
            )
        model = self.models[type_ref.name]
        if isinstance(model, api.EnumModel):
            values = [v.value for v in model.values]
            return example in values or (
                model.open and _fits_primitive(model.base, example)
            )
        if isinstance(model, api.UnionModel):
            return any(self.accepts(m, example, depth + 1) for m in model.members)
        # An object: the keys it has must fit (placeholders fill in the required ones it lacks).
        return isinstance(example, dict) and all(
            self.accepts(f.type, example[f.wire_name], depth + 1)
            for f in model.fields
            if f.wire_name in example
        )


def _fits_primitive(name: str, example: Any) -> bool:
    if name == "string":
        return isinstance(example, (str, datetime, date))
    if name == "boolean":
        return isinstance(example, bool)
    if name == "integer":
        return isinstance(example, int) and not isinstance(example, bool)
    return isinstance(example, (int, float)) and not isinstance(example, bool)


def _referenced_example(models: dict[str, api.Model], type_ref: TypeRef) -> Any:
    target = api.strip_null(type_ref)
    if isinstance(target, ModelRef):
        return models[target.name].example
    return MISSING


def _plain(value: Any) -> Any:
    """YAML timestamps the loader turned into dates go back to text, as the spec wrote them."""
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json_value(example: Any) -> Value:
    """An untyped example (any, or one that does not fit its type) as a plain JSON value."""
    if isinstance(example, dict):
        return VMap(tuple((str(k), _json_value(v)) for k, v in example.items()))
    if isinstance(example, list):
        return VList(tuple(_json_value(v) for v in example))
    return VScalar(_plain(example))


# ---- number and string spellings -------------------------------------------------------------


def _shortest(x: float) -> tuple[str, str, int]:
    """(sign, digits, dp) with x = sign 0.digits * 10**dp, in the shortest digits that round-trip."""
    sign = "-" if x < 0 else ""
    if x == 0:
        return sign, "0", 1
    t = Decimal(repr(abs(x))).as_tuple()
    digits = "".join(map(str, t.digits))
    return sign, digits.rstrip("0"), len(digits) + t.exponent


def _fixed(sign: str, digits: str, dp: int) -> str:
    if dp <= 0:
        return f"{sign}0." + "0" * (-dp) + digits
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return sign + digits[:dp] + "." + digits[dp:]


def _exponent(sign: str, digits: str, dp: int, min_exp_digits: int) -> str:
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp = dp - 1
    return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):0{min_exp_digits}d}"


def js_number(x: int | float) -> str:
    """A number as JavaScript's Number#toString writes it."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if -6 < dp <= 21:
        return _fixed(sign, digits, dp)
    return _exponent(sign, digits, dp, 1)


def go_number(x: int | float) -> str:
    """A number as Go's fmt `%v` writes it (an example shown as a table cell): `%g`, shortest."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if (
        x != 0 and not -4 <= dp - 1 < 6
    ):  # shortest %g switches to %e outside [1e-4, 1e6)
        return _exponent(sign, digits, dp, 2)
    return _fixed(sign, digits, dp)


def go_json_number(x: int | float) -> str:
    """A number inside JSON as Go's encoding/json writes it."""
    if isinstance(x, bool) or not isinstance(x, float):
        return str(x)
    sign, digits, dp = _shortest(x)
    if x != 0 and (abs(x) < 1e-6 or abs(x) >= 1e21):
        return _exponent(sign, digits, dp, 1)
    return _fixed(sign, digits, dp)


_GO_JSON_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
}


def go_json_string(text: str) -> str:
    out = []
    for char in text:
        if char in _GO_JSON_ESCAPES:
            out.append(_GO_JSON_ESCAPES[char])
        elif ord(char) < 0x20 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def go_json_lines(value: Any) -> list[str]:
    """The lines of Go's `json.MarshalIndent(value, "", "  ")`, keys in their order, unindented."""
    if isinstance(value, dict) and value:
        entries, brackets = [
            (go_json_string(str(k)) + ": ", v) for k, v in value.items()
        ], "{}"
    elif isinstance(value, list) and value:
        entries, brackets = [("", v) for v in value], "[]"
    elif isinstance(value, (dict, list)):
        return ["{}" if isinstance(value, dict) else "[]"]
    elif value is None or isinstance(value, bool):
        return [{None: "null", True: "true", False: "false"}[value]]
    elif isinstance(value, (int, float)):
        return [go_json_number(value)]
    else:
        return [go_json_string(str(_plain(value)))]
    lines = [brackets[0]]
    for i, (prefix, item) in enumerate(entries):
        inner = go_json_lines(item)
        lines += [prefix + inner[0], *inner[1:]]
        if i < len(entries) - 1:
            lines[-1] += ","
    return [*lines, brackets[1]]


def example_cell(value: Any) -> str:
    """An example in the Example column (before `\\n` becomes `<br/>`)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return go_number(value)
    if isinstance(value, (dict, list)):
        return "\n".join(
            go_json_lines(value)
        )  # each line trimmed, joined by what becomes `<br/>`
    return str(_plain(value))


def ts_string(text: str) -> str:
    """A string literal as prettier prints it: double quotes unless the text has more of them."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for char in text:
        if char == quote or char == "\\":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or char in "\u2028\u2029":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return quote + "".join(out) + quote


# ---- flavours ------------------------------------------------------------------------------


class _Flavor:
    language: str

    def __init__(self, renderer: _DocsRenderer):
        self.r = renderer
        self.models = renderer.models

    def link(self, name: str, from_group: str) -> str:
        """A link from a page of `from_group` to a model's page, labelled with the model's group."""
        target = self.models[name]
        return f"[{target.group}.{name}]({_UP[from_group]}{GROUP_DIRS[target.group]}/{page_name(name)}.md)"

    def type_cell(self, type_ref: TypeRef, group: str) -> str:
        """The Type column: named objects and enums linked, everything else in italics; no nullability."""
        t = api.strip_null(type_ref)
        if isinstance(t, ArrayOf):
            return self.array_of(self.type_cell(t.item, group))
        if isinstance(t, MapOf):
            return self.map_of(self.type_cell(t.value, group))
        if isinstance(t, ModelRef) and not (
            isinstance(self.models[t.name], api.UnionModel) and self.italic_unions
        ):
            return self.link(t.name, group)
        if isinstance(t, Primitive) and t.format == "date-time" and self.date_link:
            return self.date_link
        return f"*{self.type_heading(t)}*"

    def type_heading(self, type_ref: TypeRef) -> str:
        """A type as code: a union page's member heading."""
        t = api.strip_null(type_ref)
        if isinstance(t, ArrayOf):
            return self.array_of(self.type_heading(t.item))
        if isinstance(t, MapOf):
            return self.map_of(self.type_heading(t.value))
        if isinstance(t, ModelRef):
            return f"{self.models[t.name].group}.{t.name}"
        return self.scalar_type(t)


class _TypeScript(_Flavor):
    language = "typescript"

    def field_name(self, f: api.Field) -> str:
        return f.camel_name

    italic_unions = True  # a union shows as `*models.X*`, never linked
    date_link = DATE_LINK

    @staticmethod
    def array_of(item: str) -> str:
        return item + "[]"

    @staticmethod
    def map_of(value: str) -> str:
        return f"Record<string, {value}>"

    def scalar_type(self, t: TypeRef) -> str:
        if isinstance(t, Primitive):
            if t.name == "string" and t.format == "date-time":
                return "Date"
            return "number" if t.name in ("integer", "number") else t.name
        if isinstance(t, ConstValue):
            if self.r.const_literals:
                return self._literal(t.value)
            return "number" if t.base in ("integer", "number") else t.base
        return "any"

    def stream_heading(self, name: str) -> str:
        return f"EventStream<{self.models[name].group}.{name}>"

    @staticmethod
    def _literal(value: Any) -> str:
        if isinstance(value, bool) or value is None:
            return {True: "true", False: "false", None: "null"}[value]
        if isinstance(value, (int, float)):
            return js_number(value)
        return ts_string(str(value))

    # -- snippets --

    def import_lines(self, model: api.Model, value: Value | None) -> list[str]:
        return [
            f'import {{ {model.name} }} from "{self.r.settings.package}/{GROUP_DIRS[model.group]}";'
        ]

    def declaration(self, model: api.Model, value: Value) -> list[str]:
        return self._assign(f"let value: {model.name} =", value, ";")

    def member_snippet(self, type_ref: TypeRef, value: Value) -> list[str]:
        return self._assign(f"const value: {self.type_heading(type_ref)} =", value, ";")

    def no_examples(self) -> str:
        return f"// {NO_EXAMPLES}"

    def _assign(self, left: str, value: Value, end: str) -> list[str]:
        lines = self._lines(value, 0)
        if (
            len(lines) == 1
            and self._is_string(value)
            and len(left) + 1 + len(lines[0]) + len(end) > _PRINT_WIDTH
        ):
            return [
                left,
                "  " + lines[0] + end,
            ]  # prettier breaks after `=` before a long string
        lines = [f"{left} {lines[0]}", *lines[1:]]
        lines[-1] += end
        return lines

    @staticmethod
    def _is_string(value: Value) -> bool:
        return isinstance(value, (VScalar, VEnum)) and isinstance(value.value, str)

    def _scalar(self, value: Value) -> str:
        if isinstance(value, VDate):
            return f'new Date("{value.text}")'
        return self._literal(value.value)

    def _lines(self, value: Value, depth: int) -> list[str]:
        """A value as lines; the first line continues its key, the others carry their indent."""
        if isinstance(value, (VScalar, VEnum, VDate)):
            return [self._scalar(value)]
        pad = "  " * (depth + 1)
        if isinstance(value, VList):
            if not value.items:
                return ["[]"]
            out = ["["]
            for item in value.items:
                inner = self._lines(item, depth + 1)
                out.append(pad + inner[0])
                out.extend(inner[1:])
                out[-1] += ","
            out.append("  " * depth + "]")
            return out
        if isinstance(value, VObject):
            entries = [(f.camel_name, v) for f, v in value.entries]
        else:
            entries = [(json.dumps(k, ensure_ascii=False), v) for k, v in value.entries]
        if not entries:
            return ["{}"]
        out = ["{"]
        for key, item in entries:
            inner = self._lines(item, depth + 1)
            line = f"{pad}{key}: {inner[0]}"
            if (
                len(inner) == 1
                and self._is_string(item)
                and len(line) + 1 > _PRINT_WIDTH
                and len(key) >= 5  # prettier keeps short keys on the value's line
            ):
                out.append(f"{pad}{key}:")
                out.append(f"{pad}  {inner[0]},")
                continue
            out.append(line)
            out.extend(inner[1:])
            out[-1] += ","
        out.append("  " * depth + "}")
        return out


class _Python(_Flavor):
    language = "python"

    def field_name(self, f: api.Field) -> str:
        return f.python_name

    italic_unions = False  # union pages are model pages too: linked
    date_link = None  # date-times are `str` in the generated models

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

    def stream_heading(self, name: str) -> str:
        return f"Stream[{self.models[name].group}.{name}]"

    # -- snippets --

    def import_lines(self, model: api.Model | None, value: Value | None) -> list[str]:
        """`from <package>.models import ...` for the page's model and every class the value builds."""
        names: dict[str, set[str]] = {}
        if model is not None:
            names.setdefault(_PY_MODULE[model.group], set()).add(model.name)
        if value is not None:
            self._collect(value, names)
        lines = []
        for module in sorted(names):
            line = f"from {self.r.settings.package}.{module} import {', '.join(sorted(names[module]))}"
            if len(line) > 88:
                inner = "".join(f"    {n},\n" for n in sorted(names[module]))
                line = f"from {self.r.settings.package}.{module} import (\n{inner})"
            lines.extend(line.split("\n"))
        return lines

    def _collect(self, value: Value, names: dict[str, set[str]]) -> None:
        if isinstance(value, VObject):
            names.setdefault(_PY_MODULE[self.models[value.model].group], set()).add(
                value.model
            )
            for _, v in value.entries:
                self._collect(v, names)
        elif isinstance(value, VEnum) and self._enum_member(value):
            names.setdefault(_PY_MODULE[self.models[value.model].group], set()).add(
                value.model
            )
        elif isinstance(value, VList):
            for v in value.items:
                self._collect(v, names)
        elif isinstance(value, VMap):
            for _, v in value.entries:
                self._collect(v, names)

    def declaration(self, model: api.Model, value: Value) -> list[str]:
        lines = self._lines(value, 0)
        return [f"value = {lines[0]}", *lines[1:]]

    def member_snippet(self, type_ref: TypeRef, value: Value) -> list[str]:
        target = (
            self.models.get(type_ref.name) if isinstance(type_ref, ModelRef) else None
        )
        imports = self.import_lines(target, value)
        lines = self._lines(
            value, 0
        )  # the heading names the type; an annotation would need imports
        return [*imports, *([""] if imports else []), f"value = {lines[0]}", *lines[1:]]

    def no_examples(self) -> str:
        return f"# {NO_EXAMPLES}"

    def _enum_member(self, value: VEnum) -> str | None:
        model = self.models[value.model]
        for member in model.values:
            if member.value == value.value and type(member.value) is type(value.value):
                return member.member_name
        return None

    def _scalar(self, value: Value) -> str:
        if isinstance(value, VDate):
            return py_string(value.text)
        if isinstance(value, VEnum):
            member = self._enum_member(value)
            return f"{value.model}.{member}" if member else py_literal(value.value)
        return py_literal(value.value)

    def _lines(self, value: Value, depth: int) -> list[str]:
        if isinstance(value, (VScalar, VEnum, VDate)):
            return [self._scalar(value)]
        pad = "    " * (depth + 1)
        if isinstance(value, VList):
            open_, close, entries = "[", "]", [(None, v) for v in value.items]
        elif isinstance(value, VObject):
            open_, close, entries = (
                f"{value.model}(",
                ")",
                [(f"{f.python_name}=", v) for f, v in value.entries],
            )
        else:
            open_, close, entries = (
                "{",
                "}",
                [(f"{py_string(k)}: ", v) for k, v in value.entries],
            )
        if not entries:
            return [open_ + close]
        out = [open_]
        for key, item in entries:
            inner = self._lines(item, depth + 1)
            out.append(pad + (key or "") + inner[0])
            out.extend(inner[1:])
            out[-1] += ","
        out.append("    " * depth + close)
        return out


# `number` is `int | float` in the models (an integer stays an integer); `\|` keeps the table intact.
_PY_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "int \\| float",
    "boolean": "bool",
}


# ---- pages ---------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    width: int = 0

    def __post_init__(self) -> None:
        self.width = max(len(cell) for row in [self.header, *self.rows] for cell in row)


@dataclass
class Member:
    heading: str
    snippet: list[str] | None  # None for an event-stream member: no code block


@dataclass
class IndexEntry:
    name: str
    path: str
    summary: str


@dataclass
class IndexGroup:
    title: str
    entries: list[IndexEntry] = field(default_factory=list)


class _DocsRenderer:
    def __init__(self, model_api: api.Api, settings: DocsSettings, env: Environment):
        self.api = model_api
        self.settings = settings
        self.env = env
        self.models = model_api.models_by_name
        self.flavor: _TypeScript | _Python = (
            _TypeScript if settings.flavor == "typescript" else _Python
        )(self)
        strict = settings.flavor == "python"
        self.examples = _Examples(self.models, settings.optional_properties, strict)
        style = settings.const_style
        if style == "auto":
            style = (
                "literal" if "x-speakeasy-globals" in model_api.extensions else "base"
            )
        self.const_literals = style == "literal"
        self.response_descriptions = self._response_descriptions()

    def render(self) -> dict[str, str]:
        pages: dict[str, str] = {}
        templates = {
            kind: self.env.get_template(f"docs/{kind}.md.jinja")
            for kind in ("object", "enum", "union", "index")
        }
        for model in self.api.models:
            if isinstance(model, api.ObjectModel):
                text = templates["object"].render(self.object_page(model))
            elif isinstance(model, api.EnumModel):
                text = templates["enum"].render(self.enum_page(model))
            else:
                text = templates["union"].render(self.union_page(model))
            pages[page_path(model)] = text
        pages["docs/README.md"] = templates["index"].render(self.index_page())
        return pages

    # -- shared pieces --

    def _common(self, model: api.Model) -> dict[str, Any]:
        description = model.description
        if description is None:
            description = self.response_descriptions.get(model.name)
        return {
            "name": model.name,
            "deprecated": model.deprecated,
            "deprecation": DEPRECATED_MODEL,
            "description": description,
            "language": self.flavor.language,
        }

    def _response_descriptions(self) -> dict[str, str]:
        """An operation's inline response body is described by its response."""
        found: dict[str, str] = {}
        for op in self.api.operations:
            if op.response_description is None:
                continue
            names = []
            if isinstance(op.response, ModelRef):
                names.append(op.response.name)
            if op.stream is not None and op.stream.envelope:
                names.append(op.stream.envelope)
            for name in names:
                model = self.models.get(name)
                if (
                    model is not None
                    and model.group == "operations"
                    and model.description is None
                ):
                    found.setdefault(name, op.response_description)
        return found

    def _snippet(self, model: api.Model) -> list[str]:
        if model.group == "errors" and not _has_example(model, self.models):
            return [
                *self.flavor.import_lines(model, None),
                "",
                self.flavor.no_examples(),
            ]
        value = self.examples.top(model)
        return [
            *self.flavor.import_lines(model, value),
            "",
            *self.flavor.declaration(model, value),
        ]

    # -- page kinds --

    def object_page(self, model: api.ObjectModel) -> dict[str, Any]:
        rows = []
        with_examples = False
        for f in model.fields:
            example = (
                f.example
                if f.example is not MISSING
                else _referenced_example(self.models, f.type)
            )
            with_examples = with_examples or example is not MISSING
            name = f"`{self.flavor.field_name(f)}`"
            description = f.description
            if description is None:
                target = api.strip_null(f.type)
                description = (
                    self.models[target.name].description
                    if isinstance(target, ModelRef)
                    else None
                )
            description = "N/A" if description is None else description
            if f.deprecated:
                name = f"~~{name}~~"
                description = f"{DEPRECATED_FIELD}<br/><br/>{description}"
            rows.append(
                [
                    name,
                    self.flavor.type_cell(f.type, model.group),
                    ":heavy_check_mark:" if f.required else ":heavy_minus_sign:",
                    description,
                    example_cell(example) if example is not MISSING else "",
                ]
            )
        header = ["Field", "Type", "Required", "Description"]
        if with_examples:
            header.append("Example")
        else:
            rows = [row[:4] for row in rows]
        return {
            **self._common(model),
            "snippet": self._snippet(model),
            "table": Table(header, rows),
        }

    def enum_page(self, model: api.EnumModel) -> dict[str, Any]:
        if self.settings.flavor == "typescript":
            values = " | ".join(_TypeScript._literal(v.value) for v in model.values)
            if model.open:
                values += " | Unrecognized<string>"
            open_note = OPEN_ENUM
        else:
            members = [
                f"{model.name}.{v.member_name}  # {py_literal(v.value)}"
                for v in model.values
            ]
            values = "\n".join([*self.flavor.import_lines(model, None), "", *members])
            open_note = OPEN_ENUM_PY
        return {
            **self._common(model),
            "snippet": self._snippet(model),
            "values": values,
            "open_enum": open_note if model.open else None,
        }

    def union_page(self, model: api.UnionModel) -> dict[str, Any]:
        members = []
        for member in model.members:
            if (
                isinstance(member, ModelRef)
                and member.name in model.event_stream_members
            ):
                members.append(Member(self.flavor.stream_heading(member.name), None))
                continue
            example = (
                model.example
                if model.example is not MISSING
                and self.examples.choose_member(model, model.example) == member
                else MISSING
            )
            value = self.examples.of_type(
                member, example, f"{model.name}.{self.flavor.type_heading(member)}"
            )
            members.append(
                Member(
                    self.flavor.type_heading(member),
                    self.flavor.member_snippet(member, value),
                )
            )
        return {**self._common(model), "members": members}

    def index_page(self) -> dict[str, Any]:
        groups = {key: IndexGroup(title) for key, title in (
            ("operations", "Operations"), ("streams", "Streams"), ("models", "Models"),
            ("unions", "Unions"), ("enums", "Enums"), ("errors", "Errors"),
        )}  # fmt: skip
        for model in sorted(self.api.models, key=lambda m: m.name.lower()):
            description = self._common(model)["description"]
            entry = IndexEntry(
                model.name, page_path(model)[len("docs/") :], _summary(description)
            )
            if model.group == "operations":
                groups["operations"].entries.append(entry)
            elif model.group == "errors":
                groups["errors"].entries.append(entry)
            elif isinstance(model, api.EnumModel):
                groups["enums"].entries.append(entry)
            elif isinstance(model, api.UnionModel):
                groups["unions"].entries.append(entry)
            else:
                groups["models"].entries.append(entry)
        for op in self.api.operations:
            item = api.strip_null(op.stream.item) if op.stream is not None else None
            if isinstance(item, ModelRef):
                target = self.models[item.name]
                summary = f"`{op.operation_id}` ({op.method.upper()} {op.path}): each event is a {item.name}"
                groups["streams"].entries.append(
                    IndexEntry(item.name, page_path(target)[len("docs/") :], summary)
                )
        return {
            "title": self.api.title,
            "language": self.flavor.language,
            "groups": [g for g in groups.values() if g.entries],
        }


def _has_example(model: api.Model, models: dict[str, api.Model]) -> bool:
    if model.example is not MISSING:
        return True
    if isinstance(model, api.ObjectModel):
        return any(
            f.example is not MISSING
            or _referenced_example(models, f.type) is not MISSING
            for f in model.fields
        )
    return False


def _summary(description: str | None) -> str:
    """The first line of a description, for the index; table pipes and newlines cannot stay."""
    if not description:
        return ""
    first = next(
        (line.strip() for line in description.splitlines() if line.strip()), ""
    )
    return re.sub(r"\s+", " ", first).replace("|", "\\|")

"""The declared interface of a docs flavour, and the Type-column logic both flavours share.

A flavour decides how a language shows types, field names, enum values and snippets; the
pages (pages.py) ask it through `DocsFlavor` only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Protocol

from ... import api
from ...api import ArrayOf, MapOf, ModelRef, Primitive, TypeRef
from ...naming import page_name
from ..models import GROUP_DIRS
from . import escape
from .settings import UP_TO_DOCS
from .values import Value


@dataclass(frozen=True)
class FlavorContext:
    """What a flavour needs to know about the API and the settings."""

    models: dict[str, api.Model]
    package: str  # the package the snippets import
    const_literals: bool  # TypeScript: a const shows as its literal, not its base type
    # TypeScript: the models that stand for a multipart file part (see files.py)
    file_parts: frozenset[str] = frozenset()


class DocsFlavor(Protocol):
    """How one language shows the API on the docs pages."""

    language: str  # the code fences' language
    extra_values_name: str | None  # the Fields row of a declared `additionalProperties`

    def field_name(self, f: api.Field) -> str: ...

    def type_cell(self, type_ref: TypeRef, group: str) -> str:
        """The Type column of a field on a page of `group`."""
        ...

    def type_heading(self, type_ref: TypeRef) -> str:
        """A type as code: a union page's member heading."""
        ...

    def stream_heading(self, name: str, envelope: str | None) -> str:
        """The heading of a union member that is an event stream of model `name`, each event
        an `envelope` (`{data: <name>}`) when the spec names one."""
        ...

    def import_lines(self, model: api.Model, value: Value | None) -> list[str]:
        """The snippet's imports: the page's model and, in Python, every class the value builds."""
        ...

    def declaration(self, model: api.Model, value: Value) -> list[str]:
        """The snippet's statement that builds `value` as a `model`."""
        ...

    def member_snippet(self, type_ref: TypeRef, value: Value) -> list[str]:
        """The whole snippet of a union member."""
        ...

    def no_examples(self) -> str:
        """The snippet line of an error model without any example."""
        ...

    def enum_values(self, model: api.EnumModel) -> str:
        """The Values block of an enum page."""
        ...

    def open_enum_note(self, model: api.EnumModel) -> str:
        """The note under an open enum's values."""
        ...

    def open_enum_comment(self, model: api.EnumModel) -> str:
        """The last line of an open enum's snippet in the mintlify layout (instead of the note)."""
        ...


class TypeCells(ABC):
    """Type cells and headings, built from the three language-specific spellings below."""

    italic_unions: ClassVar[bool]  # a union type shows in italics instead of linked
    date_link: ClassVar[
        str | None
    ]  # what a date-time shows as, when not its scalar type

    def __init__(self, context: FlavorContext):
        self.context = context
        self.models = context.models

    @staticmethod
    @abstractmethod
    def array_of(item: str) -> str: ...

    @staticmethod
    @abstractmethod
    def map_of(value: str) -> str: ...

    @abstractmethod
    def scalar_type(self, t: TypeRef) -> str:
        """A primitive, const or any type as code."""

    def link(self, name: str, from_group: str) -> str:
        """A link from a page of `from_group` to a model's page, labelled with the model's group."""
        target = self.models[name]
        shown = target.class_name
        return f"[{target.group}.{shown}]({UP_TO_DOCS[from_group]}{GROUP_DIRS[target.group]}/{page_name(shown)}.md)"

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
        return f"*{escape.cell(self.type_heading(t))}*"  # a const's value is spec text

    def type_heading(self, type_ref: TypeRef) -> str:
        """A type as code: a union page's member heading."""
        t = api.strip_null(type_ref)
        if isinstance(t, ArrayOf):
            return self.array_of(self.type_heading(t.item))
        if isinstance(t, MapOf):
            return self.map_of(self.type_heading(t.value))
        if isinstance(t, ModelRef):
            return f"{self.models[t.name].group}.{t.class_name}"
        return self.scalar_type(t)

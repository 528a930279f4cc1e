"""The pages: what each page kind shows (rows, cells, widths, snippet lines), laid out by templates."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template

from ... import api
from ...api import MISSING, MapOf, ModelRef
from ...naming import pascal
from ..templates import template_environment
from . import escape
from .examples import Examples, has_example, referenced_example
from .files import with_file_parts
from .flavor import DocsFlavor, FlavorContext
from .literals import example_cell
from .python import PythonFlavor
from .sdks import SdkDocs
from .settings import (
    DEFAULT_SETTINGS,
    DEPRECATED_FIELD,
    DEPRECATED_MODEL,
    DocsSettings,
    page_path,
)
from .tables import Table
from .tags import with_tag_literals
from .typescript import TypeScriptFlavor
from .values import VObject


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


def render_docs(
    model_api: api.Api,
    settings: DocsSettings = DEFAULT_SETTINGS,
    env: Environment | None = None,
    templates_dir: str | Path | None = None,
) -> dict[str, str]:
    """Every docs page of the API: output-relative path -> page text.

    `env` is the shared template environment (its loader decides where templates come from, so
    user overrides apply); without one, templates load from `templates_dir` (overrides) and then
    the built-in templates/.
    """
    return DocsRenderer(model_api, settings, _environment(env, templates_dir)).render()


def _environment(
    env: Environment | None, templates_dir: str | Path | None
) -> Environment:
    if env is None:
        env = template_environment(Path(templates_dir) if templates_dir else None)
    # The docs templates are written for these whitespace rules; an overlay shares the loader
    # and cache of the caller's environment, whatever its own whitespace settings are.
    return env.overlay(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _const_literals(model_api: api.Api, settings: DocsSettings) -> bool:
    if settings.const_style == "auto":
        return "x-speakeasy-globals" in model_api.extensions
    return settings.const_style == "literal"


def make_flavor(
    model_api: api.Api,
    settings: DocsSettings,
    file_parts: frozenset[str] = frozenset(),
) -> DocsFlavor:
    context = FlavorContext(
        model_api.models_by_name,
        settings.package,
        _const_literals(model_api, settings),
        file_parts,
    )
    if settings.flavor == "typescript":
        return TypeScriptFlavor(context)
    return PythonFlavor(context)


class DocsRenderer:
    def __init__(self, model_api: api.Api, settings: DocsSettings, env: Environment):
        file_parts: frozenset[str] = frozenset()
        if settings.flavor == "typescript":
            if _const_literals(model_api, settings):
                model_api = with_tag_literals(model_api)
            model_api, file_parts = with_file_parts(model_api)
        self.api = model_api
        self.settings = settings
        self.env = env
        self.models = model_api.models_by_name
        self.flavor = make_flavor(model_api, settings, file_parts)
        strict = settings.flavor == "python"
        self.examples = Examples(self.models, settings.optional_properties, strict)
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
            pages[self.page_path(model)] = text
        if isinstance(self.flavor, TypeScriptFlavor):
            pages.update(self.paged_response_pages(templates["object"], pages))
        index = f"docs/README{self.settings.extension}"
        pages[index] = templates["index"].render(self.index_page())
        if isinstance(self.flavor, PythonFlavor) and self.api.operations:
            pages.update(self._sdk_pages(index))
        return pages

    def _sdk_pages(self, index: str) -> dict[str, str]:
        """The per-group pages and the SDK's README.md (Python flavour: their snippets are
        Python, as the generated package is)."""
        assert isinstance(self.flavor, PythonFlavor)
        sdk = SdkDocs(
            self.api,
            self.flavor,
            self.examples,
            self.settings.package,
            self.settings.mintlify,
            self.settings.extension,
            self.settings.env_prefix,
        )
        group_template = self.env.get_template("docs/sdks.md.jinja")
        pages = {
            sdk.group_path(group): group_template.render(context)
            for group, context in sdk.pages()
        }
        readme = self.env.get_template("docs/readme.md.jinja")
        pages["README.md"] = readme.render(sdk.readme(index))
        return pages

    # -- shared pieces --

    def page_path(self, model: api.Model) -> str:
        return page_path(model, self.settings.extension)

    def _index_text(self, text: str) -> str:
        return escape.mdx_text(text) if self.settings.mintlify else text

    def _prose(self, text: str | None) -> str | None:
        """Spec text shown as a paragraph: escaped, and made MDX in the mintlify format."""
        if text is None:
            return None
        text = escape.text(text)
        return escape.mdx_text(text) if self.settings.mintlify else text

    def _description(self, model: api.Model) -> str | None:
        """The model's description, else (an inline response body) its response's."""
        if model.description is None:
            return self.response_descriptions.get(model.name)
        return model.description

    def _common(self, model: api.Model) -> dict[str, Any]:
        description = self._description(model)
        return {
            "name": model.class_name,
            "deprecated": model.deprecated,
            "deprecation": DEPRECATED_MODEL,
            "description": self._prose(description),
            "language": self.flavor.language,
            "mintlify": self.settings.mintlify,
        }

    def _response_descriptions(self) -> dict[str, str]:
        """An operation's inline response body is described by its response."""
        found: dict[str, str] = {}
        for op in self.api.operations:
            if op.response_description is None:
                continue
            for name in _response_models(op):
                model = self.models.get(name)
                if (
                    model is not None
                    and model.group == "operations"
                    and model.description is None
                ):
                    found.setdefault(name, op.response_description)
        return found

    def _snippet(self, model: api.Model) -> list[str]:
        if model.group == "errors" and not has_example(model, self.models):
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
        return {
            **self._common(model),
            "snippet": self._snippet(model),
            "table": self._fields_table(model),
        }

    def _fields_table(self, model: api.ObjectModel) -> Table:
        rows = []
        with_examples = False
        for f in model.fields:
            example = (
                f.example
                if f.example is not MISSING
                else referenced_example(self.models, f.type)
            )
            with_examples = with_examples or example is not MISSING
            rows.append(self._field_row(f, example, model.group))
        extra_row = self._extra_values_row(model)
        if extra_row is not None:
            with_examples = with_examples or model.example is not MISSING
            rows.append(extra_row)
        header = ["Field", "Type", "Required", "Description"]
        if with_examples:
            header.append("Example")
        else:
            rows = [row[:4] for row in rows]
        return Table(header, rows, self.settings.mintlify)

    def paged_response_pages(
        self, template: Template, taken: Container[str]
    ) -> dict[str, str]:
        """TypeScript: the reference's SDK returns a paged operation's body wrapped, as
        `{Op}Response` with the one field `result` (`operations/{op}response`); the body is
        `{Op}ResponseBody`, or a component (which may have the same name: its page is under
        `models/`). `taken`: the pages written already."""
        pages = {}
        for op in self.api.operations:
            paged = op.pagination is not None and op.pagination.declared
            if not paged or op.response is None:
                continue
            result = api.Field(
                "result", "result", "result", op.response, True, op.pointer
            )
            model = api.ObjectModel(
                pascal(op.operation_id) + "Response",
                (result,),
                op.pointer,
                "operations",
            )
            path = self.page_path(model)
            if path in pages or path in taken:  # an operation model has the page
                continue
            value = VObject(
                model.name,
                ((result, self.examples.of_type(op.response, MISSING, model.name)),),
            )
            snippet = [
                *self.flavor.import_lines(model, value),
                "",
                *self.flavor.declaration(model, value),
            ]
            context = {
                **self._common(model),
                "snippet": snippet,
                "table": self._fields_table(model),
            }
            pages[path] = template.render(context)
        return pages

    def _field_row(self, f: api.Field, example: Any, group: str) -> list[str]:
        name = escape.code_cell(self.flavor.field_name(f))
        description = escape.cell(self._field_description(f))
        if f.deprecated:
            name = f"~~{name}~~"
            description = f"{DEPRECATED_FIELD}\n\n{description}"
        return [
            name,
            self.flavor.type_cell(f.type, group),
            ":heavy_check_mark:" if f.required else ":heavy_minus_sign:",
            description,
            _example_cell(example, self.settings.mintlify),
        ]

    def _extra_values_row(self, model: api.ObjectModel) -> list[str] | None:
        """The row of a declared `additionalProperties` (TypeScript: the reference's row, with
        the model's example); Python pages have none: the keys are not an attribute there.
        """
        name = self.flavor.extra_values_name
        if model.extra_values is None or name is None:
            return None
        return [
            escape.code_cell(name),
            self.flavor.type_cell(MapOf(model.extra_values), model.group),
            ":heavy_minus_sign:",
            "N/A",
            _example_cell(model.example, self.settings.mintlify),
        ]

    def _field_description(self, f: api.Field) -> str:
        return "N/A" if f.description is None else f.description

    def enum_page(self, model: api.EnumModel) -> dict[str, Any]:
        return {
            **self._common(model),
            "snippet": self._snippet(model),
            "values": self.flavor.enum_values(model),
            "open_enum": self.flavor.open_enum_note(model) if model.open else None,
            "open_enum_comment": (
                self.flavor.open_enum_comment(model)
                if model.open and self.settings.mintlify
                else None
            ),
        }

    def union_page(self, model: api.UnionModel) -> dict[str, Any]:
        members = []
        for member in model.members:
            if (
                isinstance(member, ModelRef)
                and member.name in model.event_stream_members
            ):
                heading = escape.code_span(
                    self.flavor.stream_heading(member.name, model.event_stream_envelope)
                )
                members.append(Member(heading, None))
                continue
            example = (
                model.example
                if model.example is not MISSING
                and self.examples.choose_member(model, model.example) == member
                else MISSING
            )
            heading = self.flavor.type_heading(member)
            value = self.examples.of_type(member, example, f"{model.name}.{heading}")
            snippet = self.flavor.member_snippet(member, value)
            members.append(Member(escape.code_span(heading), snippet))
        return {**self._common(model), "members": members}

    def index_page(self) -> dict[str, Any]:
        groups = {key: IndexGroup(title) for key, title in (
            ("operations", "Operations"), ("streams", "Streams"), ("models", "Models"),
            ("unions", "Unions"), ("enums", "Enums"), ("errors", "Errors"),
        )}  # fmt: skip
        for model in sorted(self.api.models, key=lambda m: m.name.lower()):
            description = self._description(model)
            entry = IndexEntry(
                model.class_name,
                self.page_path(model)[len("docs/") :],
                self._index_text(_summary(description)),
            )
            groups[_index_group(model)].entries.append(entry)
        for op in self.api.operations:
            item = api.strip_null(op.stream.item) if op.stream is not None else None
            if isinstance(item, ModelRef):
                target = self.models[item.name]
                summary = escape.cell(
                    f"`{op.operation_id}` ({op.method.upper()} {op.path}): each event is a {item.class_name}"
                )
                groups["streams"].entries.append(
                    IndexEntry(
                        item.class_name,
                        self.page_path(target)[len("docs/") :],
                        self._index_text(summary),
                    )
                )
        return {
            "title": self._prose(escape.one_line(self.api.title)),
            "plain_title": escape.one_line(self.api.title),  # for front matter, as JSON
            "language": self.flavor.language,
            "mintlify": self.settings.mintlify,
            "groups": [g for g in groups.values() if g.entries],
        }


def _example_cell(example: Any, mintlify: bool) -> str:
    """The Example cell: empty without an example, null as the reference's generator of that
    format writes it (`<nil>` on Markdown pages, `null` on Mintlify's), else the escaped example.
    """
    if example is MISSING:
        return ""
    if example is None:
        return "null" if mintlify else example_cell(None)  # ours, not text to escape
    return escape.cell(example_cell(example))


def _response_models(op: api.Operation) -> list[str]:
    names = []
    if isinstance(op.response, ModelRef):
        names.append(op.response.name)
    if op.stream is not None and op.stream.envelope:
        names.append(op.stream.envelope)
    return names


def _index_group(model: api.Model) -> str:
    if model.group in ("operations", "errors"):
        return model.group
    if isinstance(model, api.EnumModel):
        return "enums"
    if isinstance(model, api.UnionModel):
        return "unions"
    return "models"


def _summary(description: str | None) -> str:
    """The first line of a description, for the index; table pipes and newlines cannot stay."""
    if not description:
        return ""
    first = next(
        (line.strip() for line in description.splitlines() if line.strip()), ""
    )
    return escape.cell(escape.one_line(first))

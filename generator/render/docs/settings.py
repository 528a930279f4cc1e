"""What the docs look like (the settings), where pages go, and the fixed texts of the pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from ... import api
from ...naming import page_name
from ..models import GROUP_DIRS

Flavor = Literal["python", "typescript"]
OptionalProperties = Literal["with-example", "always", "never"]
ConstStyle = Literal["auto", "base", "literal"]
DocsFormat = Literal["markdown", "mintlify"]
EXTENSIONS: dict[str, str] = {"markdown": ".md", "mintlify": ".mdx"}

# A group's pages sit where its modules do, under docs/ (docs/models/operations/...); types are
# labelled with their group (`models.X`, `operations.X`) and imported from the group's module.
PAGE_DIRS = {group: f"docs/{directory}" for group, directory in GROUP_DIRS.items()}
UP_TO_DOCS = {
    group: "../" * directory.count("/") + "../"
    for group, directory in GROUP_DIRS.items()
}
PY_MODULE = {
    group: directory.replace("/", ".") for group, directory in GROUP_DIRS.items()
}

DATE_LINK = "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)"
DEPRECATED_FIELD = ": warning: ** DEPRECATED **: This will be removed in a future release, please migrate away from it as soon as possible."
DEPRECATED_MODEL = "> :warning: **DEPRECATED**: This will be removed in a future release, please migrate away from it as soon as possible."
OPEN_ENUM = "This is an open enum. Unrecognized values will be captured as the `{unrecognized}` branded type."
OPEN_ENUM_PY = (
    "This is an open enum. Unrecognized values are accepted and kept as plain strings."
)
NO_EXAMPLES = "No examples available for this model"


def _check_choice(name: str, value: str, kind: object) -> None:
    choices = get_args(kind)
    if value not in choices:
        raise ValueError(
            f"{name} must be {', '.join(choices[:-1])} or {choices[-1]}, not {value!r}"
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
    format: `markdown` (`.md` pages, `# Title`) or `mintlify` (`.mdx` pages with `title:` front
        matter, MDX escapes and links to `.mdx`, the reference generator's 2026 layout).
    env_prefix: the prefix of the environment variables the client reads, as snippets show them.
    """

    flavor: Flavor = "python"
    package: str = "openrouter_sdk"
    optional_properties: OptionalProperties = "never"
    const_style: ConstStyle = "auto"
    format: DocsFormat = "markdown"
    # The client's environment variables are `<env_prefix>_API_KEY` and `<env_prefix>_BASE_URL`.
    env_prefix: str = "OPENROUTER"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def mintlify(self) -> bool:
        return self.format == "mintlify"

    def __post_init__(self) -> None:
        _check_choice("flavor", self.flavor, Flavor)
        _check_choice(
            "optional_properties", self.optional_properties, OptionalProperties
        )
        _check_choice("const_style", self.const_style, ConstStyle)
        _check_choice("format", self.format, DocsFormat)


DEFAULT_SETTINGS = DocsSettings()


def page_path(model: api.Model, extension: str = ".md") -> str:
    """The output-relative path of a model's page."""
    return f"{PAGE_DIRS[model.group]}/{page_name(model.class_name)}{extension}"

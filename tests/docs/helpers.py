"""Shared pieces of the docs tests: the real specs, the reference pages, rendering with a cache."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sdkforge import api
from sdkforge.build import build_api
from sdkforge.render.docs import DocsSettings, render_docs
from sdkforge.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SPECS = SHARED / "specs" / "openrouter"
REFERENCE = SHARED / "reference" / "pages"
RULE_SPECS = Path(__file__).resolve().parent / "specs"
VERSIONS = ("2025-08-21", "2025-10-07", "2025-10-30", "2026-02-20", "2026-08-22")

# The settings that produced each reference page (issue 3): package and optional-properties.
REFERENCE_SETTINGS = {
    "2025-08-21": ("open-router", "with-example"),
    "2025-10-07": ("@openrouter/sdk", "always"),
    "2025-10-30": ("@openrouter/sdk", "always"),
    "2026-02-20": ("@openrouter/sdk", "never"),
}


@cache
def real_api(version: str) -> api.Api:
    return build_api(load_spec(SPECS / f"{version}.yaml"))


@cache
def real_pages(
    version: str,
    flavor: str,
    package: str,
    optional_properties: str,
    docs_format: str = "markdown",
) -> dict[str, str]:
    settings = DocsSettings(
        flavor=flavor,
        package=package,
        optional_properties=optional_properties,
        format=docs_format,
    )
    return render_docs(real_api(version), settings)


def rule_api(name: str) -> api.Api:
    return build_api(load_spec(RULE_SPECS / name))


def rule_pages(
    name: str,
    flavor: str = "typescript",
    package: str = "@acme/sdk",
    optional_properties: str = "never",
    docs_format: str = "markdown",
    **extra,
) -> dict[str, str]:
    settings = DocsSettings(
        flavor=flavor,
        package=package,
        optional_properties=optional_properties,
        format=docs_format,
        **extra,
    )
    return render_docs(rule_api(name), settings)


def reference_pages() -> list[tuple[str, str, str]]:
    """(file name, spec version, output path of the page) for every reference page."""
    found = []
    for page in sorted(REFERENCE.glob("*.md")):
        version, _, rest = page.stem.partition("_")
        folder = (
            "docs/models/operations"
            if rest.startswith("operations_")
            else "docs/models"
        )
        found.append(
            (page.name, version, f"{folder}/{rest.removeprefix('operations_')}.md")
        )
    return found


_EXAMPLE_BLOCK = re.compile(r"(## Example Usage\n\n```typescript\n)(.*?)(\n```)", re.S)
_VALUE = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\bnull\b')


def mask_placeholders(page: str) -> str:
    """The page with every value in the Example Usage snippet (after the import line) replaced by `<v>`.

    The reference draws generated placeholders from a random faker; ours are deterministic.
    What stays compared is everything else: layout, keys, nesting, item counts.
    """

    def masked(match: re.Match) -> str:
        head, _, body = match.group(2).partition("\n")
        return match.group(1) + head + "\n" + _VALUE.sub("<v>", body) + match.group(3)

    return _EXAMPLE_BLOCK.sub(masked, page, count=1)


LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"```(\w+)\n(.*?)\n```", re.S)

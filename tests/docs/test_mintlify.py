"""The `mintlify` docs format (issue 13 item 3): `.mdx` pages with `title:` front matter, the
2026-08-22 reference set's heading layout, MDX escapes, links to `.mdx`; for both flavours.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sdkforge.config import Settings
from sdkforge.pipeline import generate_files

from .helpers import RULE_SPECS, SHARED, real_pages, rule_pages

REFERENCE_2026_08_22 = (
    SHARED / "reference" / "speakeasy" / "2026-08-22" / "docs" / "models"
)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


def prose(page: str) -> str:
    """The page without front matter, fenced code and code spans: what MDX parses as markup."""
    body = page.split("---\n", 2)[2] if page.startswith("---\n") else page
    kept, in_fence = [], False
    for line in body.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        elif not in_fence:
            kept.append(CODE_SPAN.sub("", line))
    return "\n".join(kept)


def mdx(name: str, flavor: str = "typescript", **extra) -> dict[str, str]:
    return rule_pages(name, flavor=flavor, docs_format="mintlify", **extra)


@pytest.mark.parametrize("flavor", ["typescript", "python"])
def test_front_matter_replaces_the_title_line(flavor: str):
    pages = mdx("object_page.yaml", flavor)
    assert all(path.endswith(".mdx") for path in pages)
    for path, page in pages.items():
        assert page.startswith("---\ntitle: "), path
        assert "\n# " not in page.split("```")[0], path


def test_a_deprecated_model_puts_its_description_before_the_notice():
    page = mdx("deprecated.yaml")
    deprecated = [p for p in page.values() if p.startswith('---\ntitle: "~~')]
    assert deprecated
    for text in deprecated:
        head = text.split("## ", 1)[0]
        if head.count("\n\n") > 2:  # it has a description
            assert head.index(":warning:") > head.index("---\n\n") + 5


def test_an_open_enum_says_so_in_its_snippet():
    pages = mdx("enum_page.yaml")
    open_pages = [p for p in pages.values() if "Unrecognized<string>" in p]
    assert open_pages
    for page in open_pages:
        snippet = page.split("## Values")[0]
        assert snippet.rstrip().endswith(
            "\n\n// Open enum: unrecognized values are captured as Unrecognized<string>\n```"
        )
        assert "This is an open enum" not in page


def test_braces_and_tags_are_escaped_outside_code():
    for flavor in ("typescript", "python"):
        pages = mdx("hostile_text.yaml", flavor, optional_properties="always")
        for path, page in pages.items():
            text = prose(page).replace("<br/>", "")
            assert re.findall(r"(?<!\\)[{]", text) == [], path
            assert re.findall(r"(?<!\\)<[A-Za-z/]", text) == [], path


def test_the_reference_layout_on_real_pages():
    """Pages whose content our naming already matches are byte-identical outside Example Usage;
    these cover escaped examples (`\\{`), `Record\\<...>`, links, a union and an open enum.
    """
    pages = real_pages(
        "2026-08-22", "typescript", "@openrouter/sdk", "never", "mintlify"
    )
    for name in (
        "advisorservertoolconfig",
        "badrequestresponseerrordata",
        "activityresponse",
        "anthropicimageblockparamsource",
        "additionaltoolsitemrole",
    ):
        expected = (REFERENCE_2026_08_22 / f"{name}.mdx").read_text(encoding="utf-8")
        ours = pages[f"docs/models/{name}.mdx"]
        assert without_example_usage(ours) == without_example_usage(expected), name


def without_example_usage(page: str) -> list[str]:
    return [
        s
        for s in re.split(r"(?m)^(?=## )", page)
        if not s.startswith("## Example Usage")
    ]


def test_the_setting_reaches_the_output(tmp_path: Path):
    generation = generate_files(
        Settings(
            spec=RULE_SPECS / "object_page.yaml",
            out=tmp_path,
            package="mdx_pkg",
            docs_format="mintlify",
        )
    )
    docs = [p for p in generation.files if p.startswith("docs/")]
    assert docs and all(p.endswith(".mdx") for p in docs)
    assert "docs/README.mdx" in docs

"""Hostile text and shapes in a spec (issue 9): the pages stay well-formed Markdown, and the
example walk ends on unions that contain themselves and on long chains.

The pages are parsed with markdown-it (CommonMark plus GFM tables), so what is checked is what a
Markdown renderer would make of them, not what the escaping code meant to write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sdkforge.build import build_api
from sdkforge.render.docs import DocsSettings, render_docs
from sdkforge.render.docs.examples import MAX_OBJECT_DEPTH
from sdkforge.spec import load_spec

from .helpers import RULE_SPECS, rule_pages

HOSTILE = Path(__file__).resolve().parent / "hostile"
FLAVORS = ("typescript", "python")
PARSER = MarkdownIt("commonmark").enable("table")


def tokens(page: str) -> list[Token]:
    return PARSER.parse(page)


def html_in(page: str) -> list[str]:
    """Every piece of raw HTML the page would put into the output, but our own `<br/>`."""
    found = []
    for token in tokens(page):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline" and child.content != "<br/>":
                found.append(child.content)
    return found


def table_shapes(page: str) -> list[tuple[int, list[int]]]:
    """Per table: the number of header cells, and the number of cells of each body row."""
    shapes: list[tuple[int, list[int]]] = []
    cells = 0
    for token in tokens(page):
        if token.type == "table_open":
            shapes.append((0, []))
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            header, rows = shapes[-1]
            shapes[-1] = (cells, rows) if header == 0 else (header, [*rows, cells])
            cells = 0
    return shapes


@pytest.fixture(params=FLAVORS)
def hostile_pages(request: pytest.FixtureRequest) -> dict[str, str]:
    return rule_pages(
        "hostile_text.yaml", flavor=request.param, optional_properties="always"
    )


def test_no_html_gets_through(hostile_pages: dict[str, str]):
    for path, page in hostile_pages.items():
        assert html_in(page) == [], path


def test_every_row_keeps_its_cells(hostile_pages: dict[str, str]):
    widget = table_shapes(hostile_pages["docs/models/widget.md"])
    assert widget == [(5, [5] * 6)]  # six fields, Field..Example each
    for path, page in hostile_pages.items():
        for header, rows in table_shapes(page):
            assert rows and all(cells == header for cells in rows), path


def test_a_fence_in_a_description_does_not_swallow_the_page(
    hostile_pages: dict[str, str],
):
    page = hostile_pages["docs/models/widget.md"]
    headings = [t.content for t in tokens(page) if t.type == "inline" and t.map]
    assert "Example Usage" in headings and "Fields" in headings
    fences = [t for t in tokens(page) if t.type == "fence"]
    assert len(fences) == 1  # the snippet, nothing else
    # and the snippet's strings stay inside it, whole
    assert "a | b <i>c</i> ``` d" in fences[0].content


def test_the_escaped_text_reads_as_the_spec_wrote_it(hostile_pages: dict[str, str]):
    page = hostile_pages["docs/models/widget.md"]
    html = PARSER.render(page)
    assert "A widget &lt;script&gt;alert(&quot;model&quot;)&lt;/script&gt;" in html
    assert "<td>a | b &lt;i&gt;c&lt;/i&gt; ``` d</td>" in html
    assert "<td>root ::= &quot;yes&quot; | &quot;no&quot;</td>" in html
    assert "<code>code | span &lt;kept&gt;</code>" in html
    # a property name is an identifier in both flavours: the backtick splits words ...
    assert "<code>backTick</code>" in html or "<code>back_tick</code>" in html
    # ... but one of symbols only stays itself in TypeScript, escaped in its code span
    assert "<code>`|`</code>" in html or "<code>field___</code>" in html


def test_a_title_stays_one_heading():
    for flavor in FLAVORS:
        index = rule_pages("hostile_text.yaml", flavor=flavor)["docs/README.md"]
        headings = [t for t in tokens(index) if t.type == "heading_open"]
        assert [h.tag for h in headings[:2]] == ["h1", "h2"]
        assert html_in(index) == []


def test_typescript_keys_that_are_not_identifiers_are_quoted():
    page = rule_pages("hostile_text.yaml", optional_properties="always")[
        "docs/models/widget.md"
    ]
    assert (
        '  weirdName: "<value>",' in page
    )  # an identifier made of the wire name's words
    assert "  backTick: 3," in page
    assert '  "`|`": 4,' in page  # no word in it: the wire name, quoted


# ---- the example walk: unions containing themselves, long chains --------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_union_that_contains_itself(flavor: str):
    pages = render_docs(
        build_api(load_spec(HOSTILE / "self_union.yaml")),
        DocsSettings(flavor=flavor, optional_properties="always"),
    )
    union = pages["docs/models/u.md"]
    # U = U | str is str: the builder drops a union's membership in itself, so the page shows the
    # one real member (and the walk that renders it does not recurse)
    assert union.count("```") == 2 and '"<value>"' in union
    assert {"python": "### `str`", "typescript": "### `string`"}[flavor] in union
    holder = pages["docs/models/holder.md"]
    assert "## Fields" in holder


def chain_spec(tmp_path: Path, length: int) -> Path:
    """`length` objects each requiring the next, and `length` unions each of the next and a string
    (the last one closing the loop back to the first)."""
    schemas = {}
    for i in range(length):
        last = i == length - 1
        schemas[f"Obj{i}"] = (
            {"type": "object", "properties": {"x": {"type": "string"}}}
            if last
            else {
                "type": "object",
                "required": ["next"],
                "properties": {"next": {"$ref": f"#/components/schemas/Obj{i + 1}"}},
            }
        )
        schemas[f"Uni{i}"] = {
            "oneOf": [
                {"$ref": f"#/components/schemas/Uni{0 if last else i + 1}"},
                {"type": "string"},
            ]
        }
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "chains", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "chains.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("flavor", FLAVORS)
def test_long_chains_of_models_and_unions(flavor: str, tmp_path: Path):
    length = 600  # several times Python's default recursion limit in frames per level
    pages = render_docs(
        build_api(load_spec(chain_spec(tmp_path, length))), DocsSettings(flavor=flavor)
    )
    assert len(pages) == 2 * length + 1
    snippet = pages["docs/models/obj0.md"].split("## Fields")[0]
    # cut at the documented depth: that many objects have their `next`, the last one is empty
    assert snippet.count("next") == MAX_OBJECT_DEPTH
    assert '"<value>"' in pages["docs/models/uni0.md"]


def test_the_hostile_specs_are_in_the_rule_folder():
    assert (RULE_SPECS / "hostile_text.yaml").is_file()

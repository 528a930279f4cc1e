"""How close the TypeScript flavour is to the reference generator on its three whole docs sets
(issue 13): for each set, with that set's own settings, how many of its `docs/models/**` pages
exist in ours under the same path (`matched/present, missing`), and how many of the present ones
have every section but Example Usage byte-identical.

The numbers are floors: the test fails when a change makes fewer pages match or more go missing,
and prints the current counts so a change that improves them can raise the floors. The remaining
gap is mostly naming (the reference names inline schemas differently), which is issue 13 item 1.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from sdkforge.render.docs import DocsSettings, render_docs

from .helpers import SHARED, real_api

SETS = SHARED / "reference" / "speakeasy"

# version: (optional properties, format) from the set's gen.yaml, and the floors last measured:
# (matched, missing). Raise them when a change improves the counts; never lower them.
TRAINING = {
    "2025-10-07": ("always", "markdown", 441, 15),
    "2026-02-20": ("never", "markdown", 521, 17),
    "2026-08-22": ("never", "mintlify", 1480, 22),
}


def sections_but_example_usage(page: str) -> list[str]:
    return [
        s
        for s in re.split(r"(?m)^(?=## )", page)
        if not s.startswith("## Example Usage")
    ]


def pages_side_by_side(version: str) -> tuple[dict[str, str], list[tuple[str, Path]]]:
    """Our TypeScript pages with the set's own settings, and the set's model pages as
    (our path for it, its file)."""
    optional, docs_format, _, _ = TRAINING[version]
    settings = DocsSettings(
        flavor="typescript",
        package="@openrouter/sdk",
        optional_properties=optional,
        format=docs_format,
    )
    ours = render_docs(real_api(version), settings)
    root = SETS / version / "docs"
    references = sorted(p for p in (root / "models").rglob("*") if p.is_file())
    return ours, [("docs/" + p.relative_to(root).as_posix(), p) for p in references]


@cache
def comparison(version: str) -> tuple[int, int, int, int]:
    """(matched, present, missing, total) for one training set."""
    ours, references = pages_side_by_side(version)
    matched = present = 0
    for path, page in references:
        if path not in ours:
            continue
        present += 1
        expected = page.read_text(encoding="utf-8")
        if sections_but_example_usage(ours[path]) == sections_but_example_usage(
            expected
        ):
            matched += 1
    return matched, present, len(references) - present, len(references)


@pytest.mark.parametrize("version", sorted(TRAINING))
def test_training_set_does_not_regress(version: str):
    matched, present, missing, total = comparison(version)
    print(
        f"{version}: {matched}/{present} matched/present, {missing} missing of {total}"
    )
    _, _, matched_floor, missing_ceiling = TRAINING[version]
    assert matched >= matched_floor
    assert missing <= missing_ceiling

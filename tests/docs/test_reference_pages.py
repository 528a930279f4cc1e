"""Golden tests: the TypeScript flavour reproduces the five reference pages.

The 2026-02-20 pages come from spec examples only and must match byte for byte. The 2025
pages contain placeholders the reference drew from a random faker; those values are
masked and everything else (layout, keys, nesting, item counts, tables) must match.
"""

from __future__ import annotations

import pytest

from .helpers import (
    REFERENCE,
    REFERENCE_SETTINGS,
    mask_placeholders,
    real_pages,
    reference_pages,
)

PAGES = reference_pages()


def test_the_five_reference_pages_are_there():
    assert len(PAGES) == 5


@pytest.mark.parametrize("name, version, path", PAGES, ids=[p[0] for p in PAGES])
def test_reference_page(name: str, version: str, path: str):
    package, optional = REFERENCE_SETTINGS[version]
    pages = real_pages(version, "typescript", package, optional)
    assert path in pages, f"no page {path} for {version}"
    expected = (REFERENCE / name).read_text(encoding="utf-8")
    if version.startswith("2026"):
        assert pages[path] == expected
    else:
        assert mask_placeholders(pages[path]) == mask_placeholders(expected)


def test_masking_only_hides_values_in_the_snippet():
    page = (REFERENCE / "2025-10-07_data.md").read_text(encoding="utf-8")
    masked = mask_placeholders(page)
    assert 'import { Data } from "@openrouter/sdk/models";' in masked
    assert "  model: <v>," in masked and "        refusal: <v>," in masked
    assert masked.split("## Fields")[1] == page.split("## Fields")[1]


@pytest.mark.parametrize("version", sorted(REFERENCE_SETTINGS))
def test_placeholders_are_deterministic(version: str):
    package, optional = REFERENCE_SETTINGS[version]
    first = real_pages(version, "typescript", package, optional)
    real_pages.cache_clear()
    assert real_pages(version, "typescript", package, optional) == first

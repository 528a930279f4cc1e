"""Every link in every page points to a page that exists, on all five real specs and both flavours."""

from __future__ import annotations

import posixpath

import pytest

from .helpers import LINK, VERSIONS, real_api, real_pages

FLAVORS = [("typescript", "@openrouter/sdk"), ("python", "openrouter_sdk")]


@pytest.mark.parametrize("docs_format", ["markdown", "mintlify"])
@pytest.mark.parametrize("flavor, package", FLAVORS, ids=[f for f, _ in FLAVORS])
@pytest.mark.parametrize("version", VERSIONS)
def test_every_link_resolves(version: str, flavor: str, package: str, docs_format: str):
    pages = real_pages(version, flavor, package, "never", docs_format)
    extension = {"markdown": ".md", "mintlify": ".mdx"}[docs_format]
    # every docs page in the format; the SDK's README.md stays Markdown (GitHub, PyPI)
    assert all(p.endswith(extension) for p in pages if p.startswith("docs/"))
    broken = []
    for path, text in pages.items():
        for target in LINK.findall(text):
            if target.startswith(("http://", "https://", "/")):
                continue  # the web, or a site-absolute link a spec's description makes
            file, _, anchor = target.partition("#")
            resolved = (
                posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
                if file
                else path  # an anchor on the same page
            )
            if resolved not in pages or (
                anchor and f"\n## {anchor}\n" not in pages[resolved]
            ):
                broken.append(f"{path} -> {target}")
    assert broken == []


@pytest.mark.parametrize("version", VERSIONS)
def test_one_page_per_model_and_the_index_lists_them_all(version: str):
    model_api = real_api(version)
    pages = real_pages(version, "python", "openrouter_sdk", "never")
    model_pages = [p for p in pages if p.startswith("docs/models/")]
    assert len(model_pages) == len(model_api.models)
    index = pages["docs/README.md"]
    linked = {
        posixpath.normpath(posixpath.join("docs", t))
        for t in LINK.findall(index)
        if not t.startswith(("http://", "https://"))
    }
    assert linked == set(model_pages)
    for model in model_api.models:
        folder = {
            "models": "docs/models",
            "operations": "docs/models/operations",
            "errors": "docs/models/errors",
        }[model.group]
        assert f"{folder}/{model.class_name.lower()}.md" in pages

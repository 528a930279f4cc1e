"""The Python flavour's snippets run.

Every ```python block of every page is compiled for all five real specs. They are executed
against the committed package `generated/openrouter_sdk` when it is there (skipped
otherwise), and against packages generated now for each real spec.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path

import pytest
from sdkforge.build import build_api
from sdkforge.render.docs import DocsSettings, render_docs
from sdkforge.spec import load_spec

from .helpers import FENCE, REPO, RULE_SPECS, SPECS, VERSIONS, real_pages

GENERATED = REPO / "generated"


def python_blocks(pages: dict[str, str]) -> list[tuple[str, str]]:
    """The model pages' Python blocks (the client snippets of docs/sdks/ and README.md call an
    API: test_sdk_pages.py runs them against a loopback server)."""
    return [
        (path, code)
        for path, text in sorted(pages.items())
        if path.startswith("docs/models/")
        for language, code in FENCE.findall(text)
        if language == "python"
    ]


def run_blocks(
    blocks: list[tuple[str, str]], package_dir: Path, package: str
) -> list[str]:
    """Execute each block in a fresh namespace with the package importable; the failures, described."""
    failures = []
    sys.path.insert(0, str(package_dir))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore", DeprecationWarning
            )  # deprecated models warn when built
            for path, code in blocks:
                try:
                    exec(compile(code, path, "exec"), {"__name__": "snippet"})
                except Exception as exc:
                    failures.append(f"{path}: {type(exc).__name__}: {exc}"[:400])
    finally:
        sys.path.remove(str(package_dir))
        for name in [
            m for m in sys.modules if m == package or m.startswith(package + ".")
        ]:
            del sys.modules[name]
        importlib.invalidate_caches()
    return failures


@pytest.mark.parametrize("version", VERSIONS)
def test_every_python_snippet_compiles(version: str):
    blocks = python_blocks(real_pages(version, "python", "openrouter_sdk", "always"))
    assert blocks
    for path, code in blocks:
        compile(code, path, "exec")


@pytest.mark.skipif(
    not (GENERATED / "openrouter_sdk").is_dir(),
    reason="generated/openrouter_sdk is not there",
)
def test_snippets_run_against_the_committed_package():
    spec = REPO / "specs" / "openrouter.yaml"
    pages = render_docs(
        build_api(load_spec(spec)),
        DocsSettings(
            flavor="python", package="openrouter_sdk", optional_properties="always"
        ),
    )
    blocks = python_blocks(pages)
    assert len(blocks) > 100
    assert run_blocks(blocks, GENERATED, "openrouter_sdk") == []


@pytest.mark.parametrize("version", VERSIONS)
def test_snippets_run_against_a_freshly_generated_package(version: str, tmp_path: Path):
    from sdkforge.config import Settings
    from sdkforge.pipeline import generate_files

    package = "sdk_" + version.replace("-", "_")
    settings = Settings(
        spec=SPECS / f"{version}.yaml",
        out=tmp_path,
        package=package,
        optional_properties="always",
    )
    generation = generate_files(settings)
    for path, text in generation.files.items():
        if path.startswith(package + "/"):
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    blocks = python_blocks(
        {p: t for p, t in generation.files.items() if p.startswith("docs/")}
    )
    assert len(blocks) > 100
    assert run_blocks(blocks, tmp_path, package) == []


@pytest.mark.parametrize("spec", sorted(p.name for p in RULE_SPECS.glob("*.yaml")))
def test_snippets_of_the_rule_specs_run(spec: str, tmp_path: Path):
    from sdkforge.config import Settings
    from sdkforge.pipeline import generate_files

    package = "rule_" + spec.removesuffix(".yaml")
    generation = generate_files(
        Settings(
            spec=RULE_SPECS / spec,
            out=tmp_path,
            package=package,
            optional_properties="always",
        )
    )
    for path, text in generation.files.items():
        if path.startswith(package + "/"):
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    blocks = python_blocks(
        {p: t for p, t in generation.files.items() if p.startswith("docs/")}
    )
    assert blocks
    assert run_blocks(blocks, tmp_path, package) == []

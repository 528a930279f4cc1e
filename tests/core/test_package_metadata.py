"""The generated distribution: a PEP 440 version pip accepts, the API's own version as a
constant, valid TOML for any title; and the defects of issue 8: the version of sdkforge
typed twice, the tests' TOML imports."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from .helpers import ROOT, TINY_SPEC, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib


def spec_with(tmp_path: Path, title: str, info_version: str) -> Path:
    text = TINY_SPEC.read_text(encoding="utf-8")
    text = text.replace(
        "  title: Tiny pets API\n",
        f"  title: {json.dumps(title, ensure_ascii=False)}\n",
    )
    text = text.replace(
        "  version: 1.0.0\n", f"  version: {json.dumps(info_version)}\n"
    )
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("info_version", "expected"),
    [
        ("2023-08-16", "2023.8.16"),  # Stripe
        ("2020-09-14_1.697.4", "2020.9.14.1.697.4"),  # Plaid
        ("v1.2", "1.2"),  # valid PEP 440, normalised
        ("1.0.0-beta.2", "1.0.0b2"),
        ("1.0.0-SNAPSHOT", "1.0.0"),  # not PEP 440: its numbers
        ("latest", "0.0.0"),  # no number at all
    ],
)
def test_sdk_version_mapping(info_version, expected):
    from sdkforge.render.package import sdk_version

    assert sdk_version(info_version) == expected


@pytest.mark.parametrize(
    ("title", "info_version", "installed_version"),
    [
        ('Stripe API 🚀 "quoted" \\ back', "2023-08-16", "2023.8.16"),
        ("Plaid", "2020-09-14_1.697.4", "2020.9.14.1.697.4"),
    ],
)
def test_generated_package_installs_with_pip_and_keeps_the_api_version(
    tmp_path, title, info_version, installed_version
):
    spec = spec_with(tmp_path, title, info_version)
    out = tmp_path / "out"
    result = run_cli(
        "generate", "--spec", spec, "--out", out, "--package", "ver_sdk", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    meta = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["version"] == installed_version
    assert meta["project"]["description"] == f"Python SDK for {title}"
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[1]); from importlib.metadata import version; "
         "import ver_sdk; print(version('ver-sdk')); print(ver_sdk.__version__); print(ver_sdk.API_VERSION)",
         str(target)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.splitlines() == [
        installed_version,
        installed_version,
        info_version,
    ]


def test_sdk_version_setting_overrides_the_derived_version(tmp_path):
    spec = spec_with(tmp_path, "Stripe", "2023-08-16")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.sdkforge]\nspec = "{spec.name}"\nout = "out"\npackage = "ver_sdk"\nsdk-version = "7.1.0"\n',
        encoding="utf-8",
    )
    assert run_cli("generate", cwd=tmp_path).returncode == 0
    meta = tomllib.loads(
        (tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert meta["project"]["version"] == "7.1.0"
    init = (tmp_path / "out" / "ver_sdk" / "__init__.py").read_text(encoding="utf-8")
    assert 'API_VERSION = "2023-08-16"' in init and '__version__ = "7.1.0"' in init
    assert (
        run_cli("generate", "--sdk-version", "8.0.0rc1", cwd=tmp_path).returncode == 0
    )
    meta = tomllib.loads(
        (tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8")
    )
    assert meta["project"]["version"] == "8.0.0rc1"


def test_an_sdk_version_that_is_not_pep_440_is_exit_2(tmp_path):
    result = run_cli(
        "generate", "--spec", TINY_SPEC, "--out", tmp_path / "out", "--package", "ver_sdk",
        "--sdk-version", "2023-08-16", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--sdk-version '2023-08-16' is not a PEP 440 version" in result.stderr
    assert not (tmp_path / "out").exists()


# ---- issue 8 defects ---------------------------------------------------------------------------------


def test_sdkforge_version_is_typed_once_in_pyproject(tmp_path):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    typed = declared["project"]["version"]
    assert version("sdkforge") == typed
    literal = re.compile(rf"""["']{re.escape(typed)}["']""")
    copies = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "generator").rglob("*.py")
        if literal.search(path.read_text(encoding="utf-8"))
    ]
    assert not copies, f"the version is typed again in {copies}; read package metadata"
    out = tmp_path / "out"
    run_cli(
        "generate",
        "--spec",
        TINY_SPEC,
        "--out",
        out,
        "--package",
        "tiny_sdk",
        cwd=tmp_path,
    )
    manifest = json.loads(
        (out / ".sdkforge" / "manifest.json").read_text(encoding="utf-8")
    )
    assert manifest["generator"] == f"sdkforge {typed}"


def test_tests_import_tomllib_with_the_fallback_for_python_3_10():
    """The package claims Python 3.10, which has no tomllib: tomli is declared for it."""
    unguarded = []
    for path in (ROOT / "tests").rglob("*.py"):
        if "golden" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for (
            node
        ) in tree.body:  # a top-level `import tomllib`, not inside a version check
            if isinstance(node, ast.Import) and any(
                a.name == "tomllib" for a in node.names
            ):
                unguarded.append(str(path.relative_to(ROOT)))
    assert not unguarded, unguarded

"""The wheel ships every package of generator/ under the import name `sdkforge`."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def test_every_source_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    source = ROOT / "generator"
    on_disk = {
        ".".join(("sdkforge", *init.parent.relative_to(source).parts))
        for init in source.rglob("__init__.py")
    }
    on_disk.add("sdkforge.templates")  # templates/ is mapped in through package-dir
    assert listed == on_disk, (
        "[tool.setuptools] packages must list every folder of generator/ with an __init__.py "
        f"(missing: {sorted(on_disk - listed)}, not a folder: {sorted(listed - on_disk)})"
    )


def test_the_import_name_is_sdkforge_not_generator():
    import sdkforge

    assert Path(sdkforge.__file__).resolve().parent == source_dir()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"]["sdkforge"] == "sdkforge.cli:main"


def source_dir() -> Path:
    return (ROOT / "generator").resolve()

"""Render the streaming runtime templates into a throw-away package.

Later the generator will do this rendering; this fixture only needs the two
templates, so it stays small and easy to swap for the real generator.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import jinja2
import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates" / "python"
PACKAGE = "sse_runtime"
RENDERED = ("streaming.py", "errors.py")


def render_runtime(dest: Path, package: str = PACKAGE) -> Path:
    """Render the runtime templates into ``dest/<package>/``; return that dir."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), keep_trailing_newline=True
    )
    pkg = dest / package
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    for name in RENDERED:
        text = env.get_template(f"{name}.jinja").render(package=package)
        (pkg / name).write_text(text)
    return pkg


@pytest.fixture(scope="session")
def runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runtime")
    render_runtime(root)
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))


@pytest.fixture(scope="session")
def streaming(runtime_dir: Path):
    return importlib.import_module(f"{PACKAGE}.streaming")


@pytest.fixture(scope="session")
def errors(runtime_dir: Path):
    return importlib.import_module(f"{PACKAGE}.errors")

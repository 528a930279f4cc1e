"""Copy the runtime modules into a throw-away package, as `generate` does.

The runtime is copied verbatim into every generated package; testing a copy under another
package name proves it depends on nothing but itself, httpx and pydantic.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from sdkforge.runtime import runtime_sources

PACKAGE = "sse_runtime"


def render_runtime(dest: Path, package: str = PACKAGE) -> Path:
    """Copy the runtime modules into ``dest/<package>/``; return that dir."""
    pkg = dest / package
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    for name, source in runtime_sources().items():
        (pkg / name).write_text(source)
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

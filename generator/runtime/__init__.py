"""The runtime of every generated SDK: real Python modules, copied verbatim.

`render/package.py` copies each module listed in `MODULES` into the generated package
unchanged, so they are linted and type-checked here, in place, like the rest of sdkforge.
What varies per spec (the package name, the sentinel, the chunk model) reaches them as
constructor arguments and class attributes set by the rendered client.
Their imports between each other are relative (`from .errors import ...`), so they work
both as `sdkforge.runtime.*` and inside the generated package.
"""

from __future__ import annotations

from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parent

# Module file names, in the order they are copied.
MODULES = (
    "errors.py",
    "streaming.py",
    "_base_client.py",
    "_omit.py",
    "_params.py",
    "_request.py",
    "_files.py",
    "_auth.py",
    "_servers.py",
    "_pagination.py",
    "_linking.py",
)


def runtime_sources() -> dict[str, str]:
    """`{module file name: source text}` of every runtime module."""
    return {name: (RUNTIME_DIR / name).read_text(encoding="utf-8") for name in MODULES}

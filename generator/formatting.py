"""Formatting with black, the formatter of record, made cheap: skip, cache, parallelise.

1. Templates and `render/pysyntax.py` emit black's style directly, so only modules with a code
   line over the limit have anything left for black to do (the tests run `black --check` over
   every generated tree to keep this honest).
2. Those go through a content-addressed cache: the key is the unformatted text, black's version
   and its mode, the value black's output. It lives in the user cache folder (`SDKFORGE_CACHE_DIR`,
   else `$XDG_CACHE_HOME/sdkforge` or the platform's equivalent), one file per entry written to a
   temporary name and renamed into place, so concurrent runs never see half an entry.
   `SDKFORGE_NO_CACHE=1` turns it off.
3. What the cache misses, black formats in parallel worker processes when there is enough of it.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import black

from .memo import cache_dir
from .output import LINE_LENGTH

BLACK_MODE = black.Mode(line_length=LINE_LENGTH)
_MODE_KEY = f"black {black.__version__} {BLACK_MODE!r}".encode()
# Below this many modules to format, starting worker processes costs more than it saves.
PARALLEL_MIN_MODULES = 8


def needs_black(text: str) -> bool:
    """A code line over the limit that black could shorten.

    Docstrings, comments and a `from module import (` opening are left as they are by
    black too: there is nothing in them to split.
    """
    in_docstring = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if in_docstring:
            in_docstring = '"""' not in line
            continue
        if stripped.startswith('"""'):  # generated docstrings open a line
            in_docstring = stripped.count('"""') == 1
            continue
        if (
            len(line) > LINE_LENGTH
            and not stripped.startswith("#")
            and not line.endswith(" import (")
        ):
            return True
    return False


def format_python(files: dict[str, str]) -> dict[str, str]:
    """`files` with every Python module exactly as black formats it."""
    pending = {
        path: text
        for path, text in files.items()
        if path.endswith(".py") and needs_black(text)
    }
    formatted = _FormatCache(cache_dir()).format_all(pending)
    return {path: formatted.get(path, text) for path, text in files.items()}


def format_one(text: str) -> str:
    return black.format_str(text, mode=BLACK_MODE)


class _FormatCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _entry(self, text: str) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(_MODE_KEY + b"\0" + text.encode("utf-8")).hexdigest()
        return self.folder / "black" / key[:2] / f"{key}.py"

    def format_all(self, pending: dict[str, str]) -> dict[str, str]:
        done: dict[str, str] = {}
        misses: dict[str, str] = {}
        for path, text in pending.items():
            cached = self._load(text)
            if cached is None:
                misses[path] = text
            else:
                done[path] = cached
        for (path, text), result in zip(
            misses.items(), _run_black(misses.values()), strict=True
        ):
            done[path] = result
            self._store(text, result)
        return done

    def _load(self, text: str) -> str | None:
        entry = self._entry(text)
        if entry is None:
            return None
        try:
            return entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _store(self, text: str, result: str) -> None:
        entry = self._entry(text)
        if entry is None:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(result)
            os.replace(temporary, entry)  # atomic: readers see the whole entry or none
        except OSError:
            pass  # a cache that cannot be written only costs time


def _run_black(texts: Iterable[str]) -> list[str]:
    texts = list(texts)
    workers = min(os.cpu_count() or 1, len(texts) // PARALLEL_MIN_MODULES)
    if workers < 2 or sys.platform != "linux":
        return [format_one(text) for text in texts]
    import multiprocessing

    # fork: the workers start with black already imported
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(format_one, texts, chunksize=4))

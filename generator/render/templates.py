"""The one Jinja environment every renderer uses: templates/ plus the user's overrides."""

from __future__ import annotations

import hashlib
import sys
from importlib.metadata import version
from pathlib import Path

import jinja2
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)


def _built_in_templates() -> Path:
    """templates/ of a source checkout, or the copy a wheel installs as generator/templates."""
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    return (
        checkout
        if checkout.is_dir()
        else Path(__file__).resolve().parent.parent / "templates"
    )


TEMPLATES_DIR = _built_in_templates()


def template_environment(override_dir: Path | None = None) -> Environment:
    """A file in `override_dir` with the same relative name as a built-in template replaces it."""
    search_path = [str(override_dir)] if override_dir else []
    search_path.append(str(TEMPLATES_DIR))
    env = Environment(
        loader=FileSystemLoader(search_path),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=StrictUndefined,
    )
    env.bytecode_cache = _bytecode_cache(env)
    return env


class _PythonLikeBytecodeCache(FileSystemBytecodeCache):
    """Writes nothing under `python -B` / PYTHONDONTWRITEBYTECODE, as Python does for .pyc."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not sys.dont_write_bytecode:
            super().dump_bytecode(bucket)


def _bytecode_cache(env: Environment) -> FileSystemBytecodeCache | None:
    """Compiled templates are the generator's own bytecode, so they are kept where Python keeps
    the .pyc of its modules: in `__pycache__` beside them, or under PYTHONPYCACHEPREFIX.
    Compiling the templates costs 0.14 s a run. Each entry is checked against its template's
    source (Jinja's checksum); the folder's name covers the Jinja version and the options, which
    change the compiled code too. Where that folder cannot be written, templates compile each run.
    """
    options = (
        version("jinja2"),
        env.keep_trailing_newline,
        env.trim_blocks,
        env.lstrip_blocks,
        env.autoescape,
        env.optimized,
    )
    options_digest = hashlib.sha256(repr(options).encode())
    name = f"jinja-{options_digest.hexdigest()[:16]}"
    if sys.pycache_prefix:
        folder = Path(sys.pycache_prefix, *TEMPLATES_DIR.parts[1:], name)
    else:
        folder = TEMPLATES_DIR / "__pycache__" / name
    if not sys.dont_write_bytecode:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    return _PythonLikeBytecodeCache(str(folder)) if folder.is_dir() else None

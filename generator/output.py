"""The last stage: format Python with black, then write the whole tree atomically or compare it.

`generated/` is owned by sdkforge: a run builds the complete new tree next to it and swaps
it in, so an error at any point leaves the old tree untouched, and files that no longer
belong to the spec disappear. A file lock keeps two runs from interleaving.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import black
from filelock import FileLock, Timeout

MARKER_DIR = ".sdkforge"  # present in every tree sdkforge wrote; its absence protects other folders
LINE_LENGTH = 88
_BLACK_MODE = black.Mode(line_length=LINE_LENGTH)


class OutputError(Exception):
    """The output directory cannot be written (CLI exit code 3)."""


def format_python(files: dict[str, str]) -> dict[str, str]:
    """Run black on the Python files that need it.

    Templates and `render/pysyntax.py` emit black's style directly (quotes, blank lines,
    docstrings), so only modules with a code line over the limit have anything left for black
    to do; black costs ~20 ms a module, which on 1,800 modules would be most of a run.
    The test suite runs `black --check` over every generated tree to keep this honest.
    """
    formatted = {}
    for path, text in files.items():
        if path.endswith(".py") and _needs_black(text):
            text = black.format_str(text, mode=_BLACK_MODE)
        formatted[path] = text
    return formatted


def _needs_black(text: str) -> bool:
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
        if stripped.startswith(
            '"""'
        ):  # the generated docstrings open a line; quotes inside are escaped
            in_docstring = stripped.count('"""') == 1
            continue
        if (
            len(line) > LINE_LENGTH
            and not stripped.startswith("#")
            and not line.endswith(" import (")
        ):
            return True
    return False


@dataclass(frozen=True)
class WriteResult:
    changed: int  # files added, modified or removed


def write_tree(out: Path, files: dict[str, str]) -> WriteResult:
    """Replace `out` with exactly `files`, atomically, under a lock."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(out.parent / f".{out.name}.sdkforge.lock"), timeout=120):
            _refuse_foreign_directory(out)
            changed = len(compare_tree(out, files).changed_paths)
            if changed == 0:
                return WriteResult(
                    changed=0
                )  # already exactly this tree: nothing to swap
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
            os.chmod(
                staging, 0o777 & ~_umask()
            )  # mkdtemp makes it private; the tree is not
            try:
                for path, text in files.items():
                    target = staging / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8", newline="\n")
                _swap(staging, out)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            return WriteResult(changed=changed)
    except Timeout:
        raise OutputError(
            f"{out}: another sdkforge run holds the lock; try again when it finishes"
        ) from None
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the generated tree: {exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _refuse_foreign_directory(out: Path) -> None:
    if out.exists() and any(out.iterdir()) and not (out / MARKER_DIR).is_dir():
        raise OutputError(
            f"{out} is not empty and was not written by sdkforge (no {MARKER_DIR}/ inside); "
            "refusing to replace it: choose another --out or empty it"
        )


def _swap(staging: Path, out: Path) -> None:
    backup = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.replace(out, backup)
    try:
        os.replace(staging, out)
    except OSError:
        if backup.exists():
            os.replace(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


@dataclass(frozen=True)
class Drift:
    modified: list[str]
    missing: list[str]  # expected but not on disk
    extra: list[str]  # on disk but no longer generated
    diff: str  # unified diff, capped

    @property
    def changed_paths(self) -> list[str]:
        return self.modified + self.missing + self.extra

    @property
    def up_to_date(self) -> bool:
        return not self.changed_paths


def compare_tree(out: Path, files: dict[str, str], max_diff_lines: int = 200) -> Drift:
    on_disk = _read_tree(out)
    modified = sorted(p for p in files if p in on_disk and on_disk[p] != files[p])
    missing = sorted(p for p in files if p not in on_disk)
    extra = sorted(p for p in on_disk if p not in files)
    lines: list[str] = []
    for path in modified + missing + extra:
        old = on_disk.get(path, "").splitlines(keepends=True)
        new = files.get(path, "").splitlines(keepends=True)
        lines.extend(difflib.unified_diff(old, new, f"a/{path}", f"b/{path}"))
        if len(lines) > max_diff_lines:
            break
    shown = lines[:max_diff_lines]
    diff = "".join(line if line.endswith("\n") else line + "\n" for line in shown)
    if len(lines) > max_diff_lines:
        diff += f"... diff cut at {max_diff_lines} lines\n"
    return Drift(modified, missing, extra, diff)


def _read_tree(out: Path) -> dict[str, str]:
    if not out.is_dir():
        return {}
    tree = {}
    for path in sorted(out.rglob("*")):
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and not path.name.endswith(".pyc")
        ):
            try:
                tree[path.relative_to(out).as_posix()] = path.read_text(
                    encoding="utf-8"
                )
            except UnicodeDecodeError:
                tree[path.relative_to(out).as_posix()] = "<binary>"
    return tree

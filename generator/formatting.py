"""Formatting with black, the formatter of record, made cheap: skip, cache, parallelise.

1. Templates and `render/pysyntax.py` emit black's style directly, so only modules with a code
   line over the limit have anything left for black to do (the tests run `black --check` over
   every generated tree to keep this honest).
2. Those go through a content-addressed cache: the key is the unformatted text, black's version
   and its mode, the value black's output. It lives in the user cache folder (`SDKFORGE_CACHE_DIR`,
   else `$XDG_CACHE_HOME/sdkforge` or the platform's equivalent), one file per entry written to a
   temporary name and renamed into place, so concurrent runs never see half an entry.
   `SDKFORGE_NO_CACHE=1` turns it off.
3. What the cache misses, black formats in parallel worker processes when there is enough of it,
   and only the statements that hold an over-long line (`format_one`): a method's signature, one
   call, one field. The rest of such a module is in black's style already (point 1), so black's
   output for the statement, put back in its place, is black's output for the whole module; the
   tests compare the two on real specs and run `black --check` over every generated tree.
4. Of a signature written one parameter a line with a magic trailing comma (the client's methods
   and overloads), black splits at the commas and formats each parameter line alone; so only
   the over-long parameter lines go to black, each in a minimal `def _(...): ...`, and each
   distinct line once (overloads repeat them). This is most of the client's black time: black
   on a whole long signature costs ~4x black on its one long parameter.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

import black

from .memo import cache_dir
from .output import LINE_LENGTH

BLACK_MODE = black.Mode(line_length=LINE_LENGTH)
_MODE_KEY = f"black {black.__version__} {BLACK_MODE!r}".encode()
# Below this many modules to format, starting worker processes costs more than it saves.
PARALLEL_MIN_MODULES = 8


# A line black cannot split: one name or plain string, or a dict entry `"key": <one of them>`,
# with its comma; black has no bracket or operator in it to break at. (Not `name: Name`: black
# puts a long annotation in parentheses.)
_STRING = r'"[^"\\]*"'
_ATOM = rf"(?:[A-Za-z_][A-Za-z0-9_.]*|{_STRING})"
_UNSPLITTABLE = re.compile(rf"(?:{_STRING}: )?{_ATOM},?")


def needs_black(text: str) -> bool:
    """A code line over the limit that black could shorten."""
    return next(_long_lines(text), None) is not None


def _long_lines(text: str) -> Iterator[int]:
    """The numbers (from 1) of the code lines over the limit.

    Docstrings, comments, a `from module import (` opening and a line of one name or string
    are left as they are by black too: there is nothing in them to split.
    """
    in_docstring = False
    for number, line in enumerate(text.splitlines(), 1):
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
            and not _UNSPLITTABLE.fullmatch(stripped)
        ):
            yield number


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
    """Black's output for `text`, running black on the statements with an over-long line only.

    A module that is not what the templates write (it does not parse, or black moves a
    statement's first line) goes to black whole.
    """
    try:
        return _format_statements(text)
    except (SyntaxError, _NotLocal):
        return black.format_str(text, mode=BLACK_MODE)


class _Span(NamedTuple):
    """Lines `start`..`end` (from 1, inclusive) of one statement, `depth` blocks deep."""

    start: int
    end: int
    depth: int
    header: bool  # a def or class line alone: its body is on lines of its own


class _NotLocal(Exception):
    """Black changed a statement beyond its own lines: format the whole module instead."""


def _format_statements(text: str) -> str:
    long_lines = set(_long_lines(text))
    lines = text.splitlines(keepends=True)
    spans = list(_spans(ast.parse(text).body, long_lines, 0, lines))
    for span in reversed(spans):  # from the end: earlier line numbers stay valid
        lines[span.start - 1 : span.end] = _format_span(lines, span)
    return "".join(lines)


def _spans(
    body: list[ast.stmt], long_lines: set[int], depth: int, lines: list[str]
) -> Iterator[_Span]:
    """The smallest statements holding the long lines: a def/class header apart from its body."""
    for node in body:
        decorators = getattr(node, "decorator_list", ())
        start = min([node.lineno, *(d.lineno for d in decorators)])
        end = node.end_lineno or node.lineno
        if not any(start <= number <= end for number in long_lines):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = node.body[0]
            if not lines[first.lineno - 1][: first.col_offset].strip():
                # the body starts a line of its own: the header and each body statement apart
                if any(start <= number < first.lineno for number in long_lines):
                    yield _Span(start, first.lineno - 1, depth, header=True)
                yield from _spans(node.body, long_lines, depth + 1, lines)
                continue
        yield _Span(start, end, depth, header=False)


_INDENT = "    "
# `def name(` or `async def name(` alone on its line: a signature exploded one parameter a line
_EXPLODED_DEF = re.compile(r"(?:async )?def \w+\($")


def _format_span(lines: list[str], span: _Span) -> list[str]:
    """Black's lines for one statement, formatted inside blocks as deep as its own."""
    statement = lines[span.start - 1 : span.end]
    parameters = _exploded_parameters(statement, span.depth)
    if parameters is not None:
        try:
            return _format_parameters(statement, parameters, span.depth)
        except _NotLocal:
            pass  # black did more than split the parameter: give it the whole statement
    closing = _INDENT * (span.depth + 1) + "pass\n" if span.header else ""
    return list(_black_in_blocks("".join(statement), span.depth, "", closing))


def _exploded_parameters(statement: list[str], depth: int) -> range | None:
    """The parameter lines of a signature written one parameter a line, else None.

    Black keeps such a signature as it is (its magic trailing comma) and formats each parameter
    line on its own, so when only parameter lines are too long, black's output for the
    statement is each of them formatted alone. Decorators, the `def name(` line and the
    closing `) -> Type:` line must be within the limit, and every parameter line one
    parameter deep with its comma: anything else goes to black whole.
    """
    opening = next(
        (i for i, line in enumerate(statement) if not line.lstrip().startswith("@")),
        len(statement),
    )
    inner = _INDENT * (depth + 1)
    if (
        opening + 2 >= len(statement)
        or not _EXPLODED_DEF.fullmatch(statement[opening].strip())
        or not statement[-1].lstrip().startswith(")")
        or any(_too_long(line) for line in statement[: opening + 1])
        or _too_long(statement[-1])
    ):
        return None
    parameters = range(opening + 1, len(statement) - 1)
    for index in parameters:
        line = statement[index]
        if not (
            line.startswith(inner)
            and not line[len(inner)].isspace()
            and line.rstrip().endswith(",")
        ):
            return None
    return parameters


def _too_long(line: str) -> bool:
    return len(line.rstrip("\n")) > LINE_LENGTH


def _format_parameters(
    statement: list[str], parameters: range, depth: int
) -> list[str]:
    """The statement with each over-long parameter line as black splits it."""
    signature = _INDENT * depth + "def _(\n"
    stub = _INDENT * depth + "): ...\n"
    formatted: list[str] = []
    for index, line in enumerate(statement):
        if index in parameters and _too_long(line):
            formatted.extend(_black_in_blocks(line, depth, signature, stub))
        else:
            formatted.append(line)
    return formatted


@functools.lru_cache(maxsize=4096)
def _black_in_blocks(text: str, depth: int, before: str, after: str) -> tuple[str, ...]:
    """Black's lines for `text` between `before` and `after`, inside blocks `depth` deep.

    Cached: the overloads of a method repeat the same long parameter lines.
    """
    opening = (
        "".join(
            _INDENT * level + ("class _:\n" if level == 0 else "async def _():\n")
            for level in range(depth)
        )
        + before
    )
    try:
        formatted = black.format_str(opening + text + after, mode=BLACK_MODE)
    except black.InvalidInput as error:  # not a statement of its own after all
        raise _NotLocal from error
    if not (formatted.startswith(opening) and formatted.endswith(after)):
        raise _NotLocal
    return tuple(
        formatted[len(opening) : len(formatted) - len(after)].splitlines(keepends=True)
    )


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

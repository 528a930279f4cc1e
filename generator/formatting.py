"""Formatting with black, the formatter of record, made cheap: skip, cache, parallelise.

1. Templates and `render/pysyntax.py` emit black's style directly, so only modules with a code
   line over the limit have anything left for black to do (the tests run `black --check` over
   every generated tree to keep this honest).
2. Those go through a content-addressed cache: the key is the unformatted text, black's version
   and its mode, the value black's output. It lives in the user cache folder (`SDKFORGE_CACHE_DIR`,
   else `$XDG_CACHE_HOME/sdkforge` or the platform's equivalent), one file per entry written to a
   temporary name and renamed into place, so concurrent runs never see half an entry.
   `SDKFORGE_NO_CACHE=1` turns it off.
3. What the cache misses, black formats in parallel worker processes when there is enough of it
   (started at once by `start_formatting`: they work while the parent renders the docs), and
   only the statements that hold an over-long line (`format_one`): a method's signature, one
   call, one field. The rest of such a module is in black's style already (point 1), so black's
   output for the statement, put back in its place, is black's output for the whole module; the
   tests compare the two on real specs and run `black --check` over every generated tree. The
   statements are found from the text's logical lines (its brackets, strings and comments):
   `ast.parse` of a large module costs more than black on its long statements.
4. A statement written one element a line with magic trailing commas, in every bracket (the
   client's signatures and calls), black keeps split and formats each element line on its own:
   so only its over-long element lines go to black, each in a bracket of the same kind, and each
   distinct line once per process (overloads repeat them). Black on a whole long signature
   costs ~4x black on its one long parameter.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import NamedTuple

import black

from .forked import can_fork, end_with_parent
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


def start_formatting(files: dict[str, str]) -> FormattingJob:
    """Starts black on the modules of `files` that need it, in worker processes when there are
    enough of them, and returns at once: the caller renders the docs meanwhile."""
    pending = {
        path: text
        for path, text in files.items()
        if path.endswith(".py") and needs_black(text)
    }
    return FormattingJob(pending, _FormatCache(cache_dir()))


class FormattingJob:
    """Black's output for the `pending` modules, given as each is ready (`completed()`).

    A context manager: leaving it early (the docs failed to render, say) stops the workers.
    """

    def __init__(self, pending: dict[str, str], cache: _FormatCache) -> None:
        self.pending = pending
        self._cache = cache
        self._done: dict[str, str | None] = {
            path: cache.load(text) for path, text in pending.items()
        }
        self._misses = {
            path: pending[path] for path, hit in self._done.items() if hit is None
        }
        self._black = _BlackRun(list(self._misses.values()))

    def completed(self) -> Iterator[tuple[str, str]]:
        """(path, black's text) of each pending module, in the order black finishes them: the
        caller checks each while black formats the rest."""
        for path, hit in self._done.items():
            if hit is not None:
                yield path, hit
        paths = list(self._misses)
        for index, text in self._black.completed():
            path = paths[index]
            self._cache.store(self._misses[path], text)
            yield path, text

    def __enter__(self) -> FormattingJob:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._black.__exit__(*exc_info)


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
    header: bool  # a block's header alone (def, class, if, ...): its body follows


class _NotLocal(Exception):
    """Black changed a statement beyond its own lines: format the whole module instead."""


def _format_statements(text: str) -> str:
    long_lines = set(_long_lines(text))
    lines = text.splitlines(keepends=True)
    spans = list(_spans(lines, long_lines))
    for span in reversed(spans):  # from the end: earlier line numbers stay valid
        lines[span.start - 1 : span.end] = _format_span(lines, span)
    return "".join(lines)


class _Logical(NamedTuple):
    """Lines `first`..`last` (from 0) of one logical line: a statement or a block's header."""

    first: int
    last: int
    code: str  # its last line without strings and comments: a block's header ends with `:`


# A string or a comment (dropped to count brackets), or the quotes opening a long string.
_STRING_OR_COMMENT = re.compile(
    r'"""|\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#.*'
)
_QUOTE_OR_COMMENT = re.compile(r"[\"'#]")
# The headers of blocks black formats like a statement followed by its body
_BLOCK = re.compile(r"(?:async )?(?:def|class|if|for|while|with)\b")


def _spans(lines: list[str], long_lines: set[int]) -> Iterator[_Span]:
    """The smallest statements holding the long lines: a block's header apart from its body.

    Found from the logical lines (the text's brackets, strings and comments), not from
    `ast.parse`, which on a large module costs more than black on its long statements. A
    text this reading does not fit raises SyntaxError: black formats the whole module.
    """
    # the first line of the decorators above a def or class
    decorated: int | None = None
    for logical in _logical_lines(lines):
        code = lines[logical.first].lstrip()
        depth, misaligned = divmod(len(lines[logical.first]) - len(code), len(_INDENT))
        if misaligned:
            raise SyntaxError("not indented by blocks of four spaces")
        if code.startswith("@"):
            decorated = logical.first if decorated is None else decorated
            continue
        start = logical.first if decorated is None else decorated
        decorated = None
        if not any(
            number in long_lines for number in range(start + 1, logical.last + 2)
        ):
            continue
        header = logical.code.rstrip().endswith(":")
        if header and not _BLOCK.match(code):
            raise SyntaxError("a long else, elif, try, except or case line")
        yield _Span(start + 1, logical.last + 1, depth, header)


def _logical_lines(lines: list[str]) -> Iterator[_Logical]:
    """The logical lines of a module: its lines joined while a bracket or a string is open."""
    depth = 0
    first: int | None = None
    quotes: str | None = None  # the quotes of a long string still open
    for index, line in enumerate(lines):
        if first is None:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first = index
        code, quotes = _code(line, quotes)
        for opening, closing in _BRACKETS.items():
            depth += code.count(opening) - code.count(closing)
        if depth < 0:
            raise SyntaxError(f"line {index + 1} closes a bracket it did not open")
        if not depth and quotes is None and not code.rstrip().endswith("\\"):
            yield _Logical(first, index, code)
            first = None
    if first is not None:
        raise SyntaxError("a bracket or a string is still open at the end")


def _code(line: str, quotes: str | None) -> tuple[str, str | None]:
    """The code of `line` without its strings and comment, and the quotes of a long string
    still open at its end; `quotes`: the long string open before it."""
    if quotes is None and not _QUOTE_OR_COMMENT.search(line):
        return line, None  # most lines
    code: list[str] = []
    position = 0
    if quotes is not None:
        position = _closed_at(line, 0, quotes)
        if position < 0:
            return "", quotes
    while match := _STRING_OR_COMMENT.search(line, position):
        code.append(line[position : match.start()])
        token = match.group()
        if token.startswith("#"):
            return "".join(code), None
        position = match.end()
        if token in ('"""', "'''"):
            position = _closed_at(line, position, token)
            if position < 0:
                return "".join(code), token
    code.append(line[position:])
    return "".join(code), None


def _closed_at(line: str, position: int, quotes: str) -> int:
    """Where the long string opened by `quotes` ends in `line` (after its quotes), or -1."""
    while (end := line.find(quotes, position)) >= 0:
        escapes = len(line[:end]) - len(line[:end].rstrip("\\"))
        if escapes % 2 == 0:
            return end + len(quotes)
        position = end + 1
    return -1


_INDENT = "    "
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
# `def name(` or `async def name(` alone on its line: a signature exploded one parameter a line
_EXPLODED_DEF = re.compile(r"(?:async )?def \w+\($")


def _format_span(lines: list[str], span: _Span) -> list[str]:
    """Black's lines for one statement, formatted inside blocks as deep as its own."""
    statement = lines[span.start - 1 : span.end]
    elements = _long_elements(statement, span.depth)
    if elements is not None:
        try:
            return _format_elements(statement, elements)
        except _NotLocal:
            pass  # black did more than split the element: give it the whole statement
    closing = _INDENT * (span.depth + 1) + "pass\n" if span.header else ""
    return list(_black_in_blocks("".join(statement), span.depth, "", closing))


class _Element(NamedTuple):
    """An over-long line holding one element of an exploded bracket, and a bracket like it."""

    line: int  # its index in the statement
    depth: int  # the bracket's line is this many blocks deep (its elements one more)
    opening: str  # the bracket's first line and a first element, at `depth`
    closing: str  # its last line


class _NotExploded(Exception):
    """The statement is not written one element a line: black formats all of it."""


def _long_elements(statement: list[str], depth: int) -> list[_Element] | None:
    """The over-long element lines of a statement exploded with magic trailing commas, else None.

    Black keeps a bracket whose elements end with a comma split one element a line, and
    formats each element line on its own (a signature's parameters, a call's arguments, at
    any nesting). So when only element lines are too long, black's output for the statement
    is each of them formatted alone in a bracket of the same kind. Every other line (the
    decorators, each bracket's first and last line) must be within the limit.
    """
    head = next(
        (i for i, line in enumerate(statement) if not line.lstrip().startswith("@")),
        len(statement),
    )
    if head >= len(statement) - 1 or any(map(_too_long, statement[: head + 1])):
        return None
    reader = _ExplodedReader(statement)
    try:
        last = reader.bracket(head, depth)
    except _NotExploded:
        return None
    if last != len(statement) - 1 or _too_long(statement[last]):
        return None
    return reader.long_elements


class _ExplodedReader:
    """Reads the brackets of a statement written the way the templates write them."""

    def __init__(self, statement: list[str]) -> None:
        self.statement = statement
        self.long_elements: list[_Element] = []

    def bracket(self, index: int, depth: int) -> int:
        """Reads the bracket that line `index` opens; the index of its closing line."""
        head = self.statement[index].strip()
        if head[-1] not in _BRACKETS or head.startswith(("from ", "import ")):
            raise _NotExploded
        opening, closing = _bracket_like(head, depth)
        close = _INDENT * depth + _BRACKETS[self.statement[index].rstrip()[-1]]
        inner = _INDENT * (depth + 1)
        index += 1
        while not self._line(index).startswith(close):
            line = self._line(index)
            if not line.startswith(inner) or line[len(inner)].isspace():
                raise _NotExploded
            if line.rstrip()[-1] in _BRACKETS:  # a nested bracket, itself an element
                if _too_long(line):
                    raise _NotExploded
                index = self.bracket(index, depth + 1)
                if self._line(index).strip()[1:] != ",":
                    raise _NotExploded
            elif not line.rstrip().endswith(","):
                raise _NotExploded
            elif _too_long(line):
                self.long_elements.append(_Element(index, depth, opening, closing))
            index += 1
        if not self._line(index - 1).rstrip().endswith(","):
            raise _NotExploded  # no element, so no magic trailing comma
        return index

    def _line(self, index: int) -> str:
        if index >= len(self.statement):
            raise _NotExploded
        return self.statement[index]


def _bracket_like(line: str, depth: int) -> tuple[str, str]:
    """The first and last line of a bracket of the same kind as the one `line` opens, holding
    a first element `_` (so that a subscript's or a tuple's comma is magic too)."""
    bracket = line[-1]
    inner = _INDENT * (depth + 1)
    if _EXPLODED_DEF.fullmatch(line):
        opening, closing = "def _(", "): ..."
    elif bracket == "{":
        opening, closing = "_ = {", "}"  # a set's element makes black refuse the `**_`
    elif len(line) > 1 and (line[-2].isalnum() or line[-2] in "_)]"):
        opening, closing = "_" + bracket, _BRACKETS[bracket]  # a call or a subscript
    else:
        opening, closing = "_ = " + bracket, _BRACKETS[bracket]  # a tuple or a list
    first = inner + ("**_" if bracket == "{" else "_") + ",\n"
    indent = _INDENT * depth
    return indent + opening + "\n" + first, indent + closing + "\n"


def _too_long(line: str) -> bool:
    return len(line.rstrip("\n")) > LINE_LENGTH


def _format_elements(statement: list[str], elements: list[_Element]) -> list[str]:
    """The statement with each over-long element line as black splits it."""
    formatted = list(statement)
    for element in reversed(elements):  # from the end: earlier indexes stay valid
        formatted[element.line : element.line + 1] = _black_in_blocks(
            statement[element.line], element.depth, element.opening, element.closing
        )
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

    def load(self, text: str) -> str | None:
        entry = self._entry(text)
        if entry is None:
            return None
        try:
            return entry.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def store(self, text: str, result: str) -> None:
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


class _BlackRun:
    """`format_one` over `texts`, started in worker processes when there is enough of it
    (else run by `completed()` in this process)."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[str]] = []
        workers = min(os.cpu_count() or 1, len(texts) // PARALLEL_MIN_MODULES)
        if workers < 2 or not can_fork():
            return
        import multiprocessing

        # fork: the workers start with black already imported
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=end_with_parent,
            initargs=(os.getpid(),),
        )
        # Largest first, one module a task: the workers then finish together, where a large
        # module coming last kept one of them busy alone (Stripe's types.py is 4 s of black).
        largest_first = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        submitted = {i: self._pool.submit(format_one, texts[i]) for i in largest_first}
        self._futures = [submitted[i] for i in range(len(texts))]

    def completed(self) -> Iterator[tuple[int, str]]:
        """(index, black's text) of each text, as black finishes them."""
        if self._pool is None:
            yield from enumerate(map(format_one, self._texts))
            return
        index_of = {future: index for index, future in enumerate(self._futures)}
        for future in as_completed(self._futures):
            yield index_of[future], future.result()

    def __enter__(self) -> _BlackRun:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:  # what is not started yet is dropped
            self._pool.shutdown(cancel_futures=True)

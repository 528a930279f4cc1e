"""The loader's limits, and the checks that keep a hostile document from growing or nesting past them.

A spec is untrusted input (the GitHub Action runs `diff` on pull requests), so before the C
YAML composer builds a node tree (it recurses in C and crashes past a few thousand levels)
one cheap pass over libyaml's event stream checks nesting depth and how much the aliases
expand; after parsing, one iterative walk over the data checks what only the data shows
(depth of JSON, keys that are not strings, lone surrogates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol

import yaml
from jsonpointer import escape as escape_token

from .errors import SpecError

MAX_DOCUMENT_BYTES = 128 * 1024 * 1024
"""The largest spec file read. The biggest real specs we know are GitHub's dereferenced ones
(`@octokit/openapi`: 60-75 MB of JSON, every `$ref` inlined; 18,484 models from the 73 MB one in
42 s and 0.8 GB); the memory for parsing grows with the file, so the cap stays finite."""

MAX_DEPTH = 100
"""Deepest nesting of mappings and sequences (real specs stay under 35)."""

MAX_ALIAS_NODES = 100_000
"""How many nodes YAML aliases may add by repetition, in total (a 1 KB alias bomb adds 10^9)."""

_SURROGATE = re.compile("[\ud800-\udfff]")

# Where an integer key is an HTTP status code (`200:` unquoted), read as the string it means.
_STATUS_MAPS = frozenset({"responses"})


class _Open:
    """A mapping or sequence whose end event has not come yet."""

    __slots__ = ("anchor", "at_key", "index", "is_mapping", "key", "start")

    def __init__(self, is_mapping: bool, anchor: str | None, start: int) -> None:
        self.is_mapping = is_mapping
        self.anchor = anchor
        self.start = start
        self.key = ""  # mapping: the key whose value is being read
        self.at_key = True
        self.index = 0  # sequence: the item being read

    def token(self) -> str:
        return escape_token(self.key) if self.is_mapping else str(self.index)

    def finish_child(self, scalar: str | None) -> None:
        if not self.is_mapping:
            self.index += 1
        elif self.at_key:
            self.key = "?" if scalar is None else scalar
            self.at_key = False
        else:
            self.at_key = True


class _AnyMark(Protocol):
    """A place in the YAML text (the pure-Python and libyaml parsers have their own Mark classes)."""

    line: int


class YamlShape:
    """One pass over the event stream: depth and alias expansion, with the place of a violation."""

    def __init__(self, events: Iterator[yaml.Event], file: str) -> None:
        self.events = events
        self.file = file
        self.stack: list[_Open] = []
        self.open_anchors: dict[str, int] = {}
        self.sizes: dict[str, int] = (
            {}
        )  # anchor -> nodes it stands for, aliases expanded
        self.total = 0  # nodes so far, aliases expanded
        self.added_by_aliases = 0

    def check(self) -> None:
        for _ in self.checked():
            pass

    def checked(self) -> Iterator[yaml.Event]:
        """The events, each given once it has passed the checks (for a reader of the same pass)."""
        for event in self.events:
            self._check(event)
            yield event

    def _check(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._node(event.anchor, 1)
            self._finish(event.value)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._start(event, isinstance(event, yaml.MappingStartEvent))
        elif isinstance(event, yaml.CollectionEndEvent):
            self._end()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)

    def _node(self, anchor: str | None, size: int) -> None:
        self.total += size
        if anchor is not None:
            self.sizes[anchor] = size

    def _start(self, event: yaml.NodeEvent, is_mapping: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.too_deep(event.start_mark)
        anchor = event.anchor
        if anchor is not None:
            self.open_anchors[anchor] = self.open_anchors.get(anchor, 0) + 1
        self.stack.append(_Open(is_mapping, anchor, self.total))
        self.total += 1

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            self.sizes[frame.anchor] = self.total - frame.start
            self.open_anchors[frame.anchor] -= 1
        self._finish(None)

    def _alias(self, event: yaml.AliasEvent) -> None:
        anchor = event.anchor or ""
        if self.open_anchors.get(anchor):
            raise self._error(
                f"recursive YAML alias *{anchor}: it refers to a node that contains it",
                event,
                "replace the alias with a `$ref` to a component (a $ref may be recursive, an alias may not)",
            )
        size = self.sizes.get(anchor, 1)  # an undefined alias is the composer's error
        self.added_by_aliases += size
        self.total += size
        if self.added_by_aliases > MAX_ALIAS_NODES:
            raise self._error(
                f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes (*{anchor} and those before it)",
                event,
                "write the repeated parts once under components and `$ref` them instead of aliasing them",
            )
        self._finish(None)

    def _finish(self, scalar: str | None) -> None:
        if self.stack:
            self.stack[-1].finish_child(scalar)

    def too_deep(self, mark: _AnyMark | None) -> SpecError:
        """The depth error at `mark`, pointing at the nodes opened so far.

        Also used when PyYAML's own scanner gives up first: from 6.0.4 it limits flow nesting
        while it reads ahead, before the events reach this check."""
        return self._error_at(
            f"the document nests deeper than {MAX_DEPTH} levels",
            mark,
            f"flatten the structure: move nested schemas to components and `$ref` them "
            f"(sdkforge reads at most {MAX_DEPTH} levels)",
        )

    def _error(self, message: str, event: yaml.Event, hint: str) -> SpecError:
        return self._error_at(message, event.start_mark, hint)

    def _error_at(self, message: str, mark: _AnyMark | None, hint: str) -> SpecError:
        pointer = "".join(f"/{frame.token()}" for frame in self.stack)
        return SpecError(
            message,
            file=self.file,
            line=mark.line + 1 if mark is not None else None,
            pointer=pointer,
            hint=hint,
        )


class DataProblem(Exception):
    """Something wrong in the parsed data; the loader adds the line from the pointer."""

    def __init__(self, message: str, pointer: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer
        self.hint = hint


def check_data(data: Any) -> None:
    """Depth, string keys (HTTP status codes made strings in place) and lone surrogates, iteratively."""
    stack: list[tuple[Any, tuple[Any, ...], int, str]] = [(data, (), 1, "")]
    while stack:
        value, path, depth, parent_key = stack.pop()
        if isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, dict):
            _check_depth(depth, path)
            if parent_key in _STATUS_MAPS:
                _status_keys_as_strings(value, path)
            for key, child in value.items():
                _check_key(key, path)
                stack.append((child, (path, key), depth + 1, key))
        elif isinstance(value, list):
            _check_depth(depth, path)
            for index, child in enumerate(value):
                stack.append((child, (path, index), depth + 1, ""))


def pointer_of(path: tuple[Any, ...]) -> str:
    """A JSON pointer from the walk's linked path `((((), a), b), c)`."""
    tokens: list[str] = []
    while path:
        path, token = path
        tokens.append(escape_token(str(token)))
    return "".join(f"/{token}" for token in reversed(tokens))


def _check_depth(depth: int, path: tuple[Any, ...]) -> None:
    if depth > MAX_DEPTH:
        raise DataProblem(
            f"the document nests deeper than {MAX_DEPTH} levels",
            pointer_of(path),
            f"flatten the structure: move nested schemas to components and `$ref` them "
            f"(sdkforge reads at most {MAX_DEPTH} levels)",
        )


def _check_key(key: Any, path: tuple[Any, ...]) -> None:
    if not isinstance(key, str):
        raise DataProblem(
            f"the key {key!r} is not a string (YAML reads it as {type(key).__name__})",
            pointer_of((path, key)),
            f"quote it: '{key}': (an unquoted YAML key like 1, yes or null is not a name)",
        )
    _check_text(key, path)


def _check_text(text: str, path: tuple[Any, ...]) -> None:
    if _SURROGATE.search(text):
        raise DataProblem(
            "a string holds a lone UTF-16 surrogate (such as \\ud800), which is not text",
            pointer_of(path),
            "remove the escape or write the character it was meant to be",
        )


def _status_keys_as_strings(responses: dict, path: tuple[Any, ...]) -> None:
    """`200:` unquoted is an int in YAML; it means the status "200", as OpenAPI says."""
    if all(isinstance(key, str) for key in responses):
        return
    converted: dict[str, Any] = {}
    for key, value in responses.items():
        name = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if name in converted:
            raise DataProblem(
                f"duplicate response status {name!r} (written both quoted and unquoted)",
                pointer_of((path, name)),
                "keep one of the two responses",
            )
        converted[name] = value
    responses.clear()
    responses.update(converted)

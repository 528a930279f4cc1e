"""Read a spec file into plain Python data, keeping a way back from a JSON pointer to a line.

Line numbers are only needed when something is wrong, so a YAML document is read straight
from libyaml's events (`yamldata`, PyYAML's loader for what that leaves to it) and the YAML
node tree (which carries line marks) is built lazily, on the first error that asks for a line.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonpointer
import yaml

from .errors import SpecError
from .limits import MAX_DEPTH, MAX_DOCUMENT_BYTES, DataProblem, YamlShape, check_data
from .yamldata import NeedsPyYAML, data_from_events

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@dataclass
class SpecDocument:
    path: Path
    text: str
    data: dict[str, Any]
    _nodes: Any = field(default=None, repr=False)
    # Parts copied in from other files (pointer here -> that file and the pointer there), so an
    # error in them names their own file and line; and the files they came from, for the hash.
    origins: dict[str, tuple[SpecDocument, str]] = field(
        default_factory=dict, repr=False
    )
    sources: list[SpecDocument] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return str(self.path)

    def resolve(self, pointer: str) -> Any:
        """The value at a JSON pointer (without the leading `#`); KeyError when absent."""
        try:
            return jsonpointer.resolve_pointer(self.data, pointer)
        except jsonpointer.JsonPointerException as exc:
            raise KeyError(pointer) from exc

    def position_of(self, pointer: str) -> tuple[int, ...]:
        """Where the value at a JSON pointer comes in the document: for each token, the
        index of its key (or item) in its parent, so that sorting by it is document order.
        Like the build's pointers, it passes through a `$ref` (`X/allOf/0/properties/a`, where
        `allOf/0` is a reference): an inherited property sits where the reference does.
        """
        position: list[int] = []
        node: Any = self.data
        for token in jsonpointer.JsonPointer(pointer).parts if pointer else []:
            while isinstance(node, dict) and token not in node and "$ref" in node:
                node = self.referenced(node["$ref"])
            if isinstance(node, dict) and token in node:
                position.append(list(node).index(token))
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                position.append(int(token))
                node = node[int(token)]
            else:
                break  # not in this document (a reference to another file): it ends here
        return tuple(position)

    def referenced(self, ref: Any) -> Any:
        """What a local `$ref` (`#/...`) points at; None for any other or a missing target."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        try:
            return self.resolve(ref[1:])
        except KeyError:
            return None

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the deepest node on the pointer's path that exists."""
        if self._nodes is None:
            try:
                # YAML refuses surrogate escapes that JSON allows; equal-length stand-ins keep lines.
                text = _SURROGATE_ESCAPE.sub(r"\\uFFFD", self.text)
                self._nodes = yaml.compose(text, Loader=_Loader)
            except yaml.YAMLError:
                return None
        node = self._nodes
        for token in jsonpointer.JsonPointer(pointer).parts if pointer else []:
            child = _child_node(node, token)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1 if node is not None else None

    def origin_of(self, pointer: str) -> tuple[SpecDocument, str] | None:
        """The file and pointer a part of this document was copied from, if it was."""
        if not self.origins:
            return None
        tokens = pointer.split("/")
        for end in range(len(tokens), 0, -1):
            origin = self.origins.get("/".join(tokens[:end]))
            if origin is not None:
                rest = "".join(f"/{token}" for token in tokens[end:])
                return origin[0], origin[1] + rest
        return None

    def sha256(self) -> str:
        """The hash of the spec: this file's text, and every file it refers to when there are any."""
        digest = hashlib.sha256(self.text.encode("utf-8"))
        folder = self.path.resolve().parent
        for source in sorted(self.sources, key=lambda doc: str(doc.path)):
            name = source.path.resolve().relative_to(folder).as_posix()
            digest.update(f"\0{name}\0".encode())
            digest.update(source.text.encode("utf-8"))
        return digest.hexdigest()

    def error(self, message: str, pointer: str, hint: str = "") -> SpecError:
        origin = self.origin_of(pointer)
        if origin is not None:
            return origin[0].error(message, origin[1], hint)
        return SpecError(
            message,
            file=self.name,
            pointer=pointer,
            line=self.line_of(pointer),
            hint=hint,
        )


def escape_token(token: str) -> str:
    """One JSON pointer segment: `/` and `~` escaped (RFC 6901)."""
    return jsonpointer.escape(str(token))


def _child_node(node: Any, token: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == token:
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and token.isdigit()
        and int(token) < len(node.value)
    ):
        return node.value[int(token)]
    return None


def load_spec(path: str | Path) -> SpecDocument:
    """Read a spec and every file its `$ref`s reach, as one document. Raises SpecError (exit 2)."""
    from .refs import bundle  # refs reads the other files with read_document

    return bundle(read_document(path))


def read_document(path: str | Path) -> SpecDocument:
    """Parse one YAML or JSON file within the loader's limits. Raises SpecError naming the file and line."""
    path = Path(path)
    text = _read_text(path)
    data = (
        _parse_json(text, path)
        if path.suffix.lower() == ".json"
        else _parse_yaml(text, path)
    )
    if not isinstance(data, dict):
        raise SpecError(
            f"the document root is {type(data).__name__ if data is not None else 'empty'}, not an object",
            file=str(path),
            line=1,
            hint="an OpenAPI document is a mapping with `openapi`, `info` and `paths` keys",
        )
    document = SpecDocument(path=path, text=text, data=data)
    try:
        check_data(data)
    except DataProblem as problem:
        raise document.error(problem.message, problem.pointer, problem.hint) from None
    return document


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise SpecError(
                f"the spec is {size:,} bytes, more than the {MAX_DOCUMENT_BYTES:,} sdkforge reads",
                file=str(path),
                hint="split the spec across files (`$ref: ./schemas/x.yaml`) or drop unused parts",
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(
            "spec file not found",
            file=str(path),
            hint="pass an existing file with --spec",
        ) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise SpecError(
            f"cannot read the spec: it is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})",
            file=str(path),
            line=line,
            hint="save the spec as UTF-8 text",
        ) from None
    except OSError as exc:
        raise SpecError(
            f"cannot read the spec: {exc}",
            file=str(path),
            hint="check the path and its permissions",
        ) from None


class _DuplicateKey(Exception):
    def __init__(self, key: Any, mapping: Any = None, key_node: Any = None) -> None:
        super().__init__(key)
        self.key = key
        self.mapping = mapping
        self.key_node = key_node


def _no_duplicate_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: a key given twice is an error, not "the last one wins"."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _BoundedLoader(_Loader):  # type: ignore[misc, valid-type]
    """The fast C loader, refusing duplicate keys and keeping the root node for error places."""

    root_node: yaml.Node | None = None

    def get_single_data(self) -> Any:
        self.root_node = self.get_single_node()
        return (
            None if self.root_node is None else self.construct_document(self.root_node)
        )

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(
                key_node, yaml.ScalarNode
            ):
                continue  # merge keys may override; complex keys are PyYAML's error
            key = self.construct_object(key_node)
            if key in seen:
                raise _DuplicateKey(key, node, key_node)
            seen[key] = key_node
        return super().construct_mapping(node, deep)


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_pairs)
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}",
            file=str(path),
            line=exc.lineno,
            hint="fix the JSON syntax",
        ) from None
    except _DuplicateKey as duplicate:
        # Only now are places needed: JSON is YAML flow syntax, so the composer has them.
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None  # json.loads found an object in it
        raise _duplicate_error(
            path, root, _find_duplicate(root, duplicate.key)
        ) from None
    except RecursionError:
        line, pointer = _deep_json_place(text)
        raise SpecError(
            f"the document nests deeper than {MAX_DEPTH} levels",
            file=str(path),
            line=line,
            pointer=pointer,
            hint=f"flatten the structure: move nested schemas to components and `$ref` them "
            f"(sdkforge reads at most {MAX_DEPTH} levels)",
        ) from None


def _parse_yaml(text: str, path: Path) -> Any:
    shape = YamlShape(yaml.parse(text, Loader=_Loader), str(path))
    try:
        try:
            return data_from_events(shape.checked())
        except NeedsPyYAML:
            shape = YamlShape(yaml.parse(text, Loader=_Loader), str(path))
            return _load_with_pyyaml(text, path, shape)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if (
            "nesting depth" in problem
        ):  # PyYAML's scanner reached its own limit before ours
            raise shape.too_deep(mark) from None
        if exc.context and exc.context_mark and exc.problem:
            # PyYAML's context names where the broken construct began (an unclosed `[`, say).
            problem += f" ({exc.context} at line {exc.context_mark.line + 1})"
        raise SpecError(
            f"invalid YAML: {problem}",
            file=str(path),
            line=mark.line + 1 if mark else None,
            hint="fix the YAML syntax (indentation, quoting, a missing colon)",
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError(
            f"invalid YAML: {exc}", file=str(path), hint="fix the YAML syntax"
        ) from None


def _load_with_pyyaml(text: str, path: Path, shape: YamlShape) -> Any:
    """PyYAML's own loading, for what `data_from_events` leaves to it (merge keys, tags, a
    key given twice: the error then names the key's line)."""
    shape.check()
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except _DuplicateKey as duplicate:
        assert loader.root_node is not None
        raise _duplicate_error(path, loader.root_node, duplicate) from None
    finally:
        loader.dispose()


def _duplicate_error(
    path: Path, root: yaml.Node, duplicate: _DuplicateKey
) -> SpecError:
    pointer = _pointer_to_node(root, duplicate.mapping)
    first = next(
        key_node
        for key_node, _ in duplicate.mapping.value
        if isinstance(key_node, yaml.ScalarNode)
        and key_node.value == duplicate.key_node.value
    )
    return SpecError(
        f"duplicate key {duplicate.key!r} (first at line {first.start_mark.line + 1}): "
        "YAML and JSON keep only the last one, so the first would be silently lost",
        file=str(path),
        line=duplicate.key_node.start_mark.line + 1,
        pointer=f"{pointer}/{escape_token(str(duplicate.key))}",
        hint="remove one of the two entries or merge them",
    )


def _find_duplicate(root: yaml.Node, key: str) -> _DuplicateKey:
    """The first mapping node that has `key` twice (JSON keys are plain strings)."""
    for node in _iter_nodes(root):
        if isinstance(node, yaml.MappingNode):
            names = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if names.count(key) > 1:
                second = [k for k, _ in node.value if k.value == key][1]
                return _DuplicateKey(key, node, second)
    raise AssertionError(f"json reported the duplicate key {key!r} but it is not there")


def _iter_nodes(root: yaml.Node) -> Iterator[yaml.Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                stack.extend((value_node, key_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))


def _pointer_to_node(root: yaml.Node, target: yaml.Node) -> str:
    """The JSON pointer of a node in the composed tree (walked iteratively, first path found)."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(
                (value, f"{pointer}/{escape_token(str(key.value))}")
                for key, value in node.value
            )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(
                (value, f"{pointer}/{i}") for i, value in enumerate(node.value)
            )
    return ""


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')


def _deep_json_place(text: str) -> tuple[int | None, str]:
    """Line where JSON first nests deeper than the limit (found by brackets, outside strings)."""
    depth, line = 0, 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line, ""
        elif token in "]}":
            depth -= 1
        else:
            line += token.count("\n")
    return None, ""

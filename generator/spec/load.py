"""Read a spec file into plain Python data, keeping a way back from a JSON pointer to a line.

Line numbers are only needed when something is wrong, so the fast C loader reads the
document and the YAML node tree (which carries line marks) is built lazily, on the
first error that asks for a line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonpointer
import yaml

from .errors import SpecError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SpecDocument:
    path: Path
    text: str
    data: dict[str, Any]
    _nodes: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.path)

    def resolve(self, pointer: str) -> Any:
        """The value at a JSON pointer (without the leading `#`); KeyError when absent."""
        try:
            return jsonpointer.resolve_pointer(self.data, pointer)
        except jsonpointer.JsonPointerException as exc:
            raise KeyError(pointer) from exc

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the deepest node on the pointer's path that exists."""
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=_Loader)
            except yaml.YAMLError:
                return None
        node = self._nodes
        for token in jsonpointer.JsonPointer(pointer).parts if pointer else []:
            child = _child_node(node, token)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1 if node is not None else None

    def error(self, message: str, pointer: str, hint: str = "") -> SpecError:
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
    """Parse a YAML or JSON spec. Raises SpecError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
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
    return SpecDocument(path=path, text=text, data=data)


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SpecError(
            f"invalid JSON: {exc.msg}",
            file=str(path),
            line=exc.lineno,
            hint="fix the JSON syntax",
        ) from None


def _parse_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
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

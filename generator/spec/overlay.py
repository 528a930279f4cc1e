"""OpenAPI Overlay 1.0: documents of `update` / `remove` actions applied to a spec before the build.

An action's `target` is an RFC 9535 JSONPath (evaluated by `jsonpath-rfc9535`, a maintained
implementation of the RFC, not by hand). Actions run in order, each on the result of the ones
before it, overlay after overlay. `update` merges into every node the target selects: mappings
recursively (its keys replace or add keys), a list gets the update's items appended (or the
update itself when it is not a list), as the Overlay specification and its reference tools do.
`remove: true` deletes every selected node from its parent. A target that selects nothing is a
warning, or an error under `--strict`: a stale overlay should not pass silently.
"""

from __future__ import annotations

import copy
import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonpath_rfc9535 as jsonpath
import jsonschema

from .errors import SpecError
from .load import SpecDocument, read_document

_SCHEMA = {
    "type": "object",
    "required": ["overlay", "info", "actions"],
    "properties": {
        "overlay": {"type": "string", "pattern": r"^1\.[0-9]+\.[0-9]+$(?!\n)"},
        "info": {
            "type": "object",
            "required": ["title", "version"],
            "properties": {"title": {"type": "string"}, "version": {"type": "string"}},
        },
        "extends": {"type": "string"},
        "actions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["target"],
                "properties": {
                    "target": {"type": "string", "pattern": r"^\$"},
                    "description": {"type": "string"},
                    "update": {},
                    "remove": {"type": "boolean"},
                },
            },
        },
    },
}
_VALIDATOR = jsonschema.Draft202012Validator(_SCHEMA)


class ActionKind(enum.Enum):
    UPDATE = "update"
    REMOVE = "remove"


@dataclass(frozen=True)
class Overlay:
    document: SpecDocument


@dataclass
class OverlayResult:
    """What applying overlays did: the warnings to print (targets that selected nothing)."""

    warnings: list[str] = field(default_factory=list)


def overlay_hashes(paths: Sequence[Path]) -> list[dict[str, str]]:
    """File name and SHA-256 of each overlay, in order: what the manifest records."""
    return [
        {
            "name": Path(path).name,
            "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        }
        for path in paths
    ]


def read_overlay(path: Path) -> Overlay:
    """An overlay document read with the bounded loader and checked against the Overlay 1.0 frame."""
    if not path.is_file():
        raise SpecError(
            "overlay file not found",
            file=str(path),
            hint="fix the path given with --overlay or in [tool.sdkforge] overlays",
        )
    document = read_document(path)
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(document.data))
    if error is not None:
        pointer = "".join(f"/{part}" for part in error.absolute_path)
        raise document.error(
            f"not a valid Overlay 1.0 document: {error.message}",
            pointer,
            "an overlay has `overlay: 1.0.0`, `info: {title, version}` and a list of `actions`, "
            "each with a JSONPath `target` starting with `$` and `update: ...` or `remove: true`",
        )
    return Overlay(document)


def apply_overlays(
    spec: SpecDocument, paths: Sequence[Path], strict: bool = False
) -> OverlayResult:
    """Apply the overlays in order to `spec.data`, in place."""
    result = OverlayResult()
    for path in paths:
        overlay = read_overlay(Path(path))
        for index, action in enumerate(overlay.document.data["actions"]):
            warning = _apply_action(spec, overlay, index, action)
            if warning is not None and strict:
                raise warning
            if warning is not None:
                result.warnings.append(str(warning))
    return result


def _apply_action(
    spec: SpecDocument, overlay: Overlay, index: int, action: dict
) -> SpecError | None:
    """Run one action; a SpecError to warn with when its target selects nothing."""
    pointer = f"/actions/{index}"
    try:
        nodes = jsonpath.find(action["target"], spec.data)
    except jsonpath.JSONPathError as exc:
        raise overlay.document.error(
            f"invalid JSONPath target {action['target']!r}: {exc}",
            pointer + "/target",
            "write the target as an RFC 9535 JSONPath, e.g. `$.paths.*.get`",
        ) from None
    if not nodes:
        return overlay.document.error(
            f"the target {action['target']!r} selects nothing in {spec.name}",
            pointer + "/target",
            "fix the target or remove the action (it may be stale after a spec update)",
        )
    kind = ActionKind.REMOVE if action.get("remove") is True else ActionKind.UPDATE
    if kind is ActionKind.UPDATE and "update" not in action:
        raise overlay.document.error(
            "an action needs `update: ...` or `remove: true`",
            pointer,
            "add what to merge into the target under `update`, or `remove: true`",
        )
    # Removing from the end keeps the list indexes of the nodes not removed yet valid.
    for node in sorted(nodes, key=lambda n: _sort_key(n.location), reverse=True):
        if kind is ActionKind.REMOVE:
            _remove(spec.data, node.location)
        else:
            _update(spec.data, node.location, action["update"])
    return None


def _sort_key(location: tuple) -> tuple:
    return tuple(
        (0, item) if isinstance(item, int) else (1, str(item)) for item in location
    )


def _parent(data: Any, location: tuple) -> Any:
    for item in location[:-1]:
        data = data[item]
    return data


def _remove(data: Any, location: tuple) -> None:
    if not location:
        return  # `$` itself: removing the whole document is not an action we honour
    parent = _parent(data, location)
    key = location[-1]
    if isinstance(parent, list) or key in parent:
        del parent[key]


def _update(data: Any, location: tuple, update: Any) -> None:
    if not location:
        if isinstance(update, dict):
            _merge(data, update)
        return
    parent = _parent(data, location)
    key = location[-1]
    parent[key] = _merged(parent[key], update)


def _merged(target: Any, update: Any) -> Any:
    if isinstance(target, dict) and isinstance(update, dict):
        _merge(target, update)
        return target
    if isinstance(target, list):
        target.extend(
            copy.deepcopy(update)
            if isinstance(update, list)
            else [copy.deepcopy(update)]
        )
        return target
    return copy.deepcopy(update)


def _merge(target: dict, update: dict) -> None:
    for key, value in update.items():
        target[key] = (
            _merged(target[key], value) if key in target else copy.deepcopy(value)
        )

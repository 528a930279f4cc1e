"""The change report: its data, and its two renderings (Markdown for people, JSON for tools)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from .rules import ADDITIVE, ChangeKind, RuleSide

OperationStatus = Literal["added", "removed", "changed"]
Bump = Literal["major", "minor", "patch", "none"]
Label = Literal["wire+source", "wire", "source", "compatible"]


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW, before classification."""

    kind: ChangeKind  # a key of RULES (without the side)
    where: str  # `Model`, `Model.field`, `POST /path`, `POST /path (query q)`
    message: str  # one line of Markdown, without the classification
    old_pointer: str | None
    new_pointer: str | None
    old: Any = (
        None  # JSON-able description of the old value (type, default, enum value...)
    )
    new: Any = None
    # set for changes of an operation; model changes take the sides of their uses
    side: RuleSide | None = None
    old_model: str | None = None  # the model the change belongs to, by its name in OLD
    new_model: str | None = None  # ... and in NEW


@dataclass(frozen=True)
class Classified:
    change: Change
    sides: tuple[
        RuleSide, ...
    ]  # the rule rows applied; () for a model no operation uses
    wire: bool
    source: bool

    @property
    def label(self) -> Label:
        return _label(self.wire, self.source)

    @property
    def breaking(self) -> bool:
        return self.wire or self.source


@dataclass(frozen=True)
class OperationChanges:
    key: str  # `POST /chat/completions`
    method: str
    path: str
    old_id: str | None
    new_id: str | None
    status: OperationStatus
    changes: tuple[Classified, ...]

    @property
    def wire(self) -> bool:
        return any(c.wire for c in self.changes)

    @property
    def source(self) -> bool:
        return any(c.source for c in self.changes)


@dataclass(frozen=True)
class ChangeReport:
    old_title: str
    old_version: str
    new_title: str
    new_version: str
    changes: tuple[Classified, ...]  # every change once, classified over all its uses
    operations: tuple[OperationChanges, ...]  # changed, added and removed operations
    unused: tuple[
        Classified, ...
    ]  # changes of models no operation uses in both versions
    unchanged_operations: int

    @property
    def wire(self) -> int:
        return sum(c.wire for c in self.changes)

    @property
    def source(self) -> int:
        return sum(c.source for c in self.changes)

    @property
    def breaking(self) -> int:
        return sum(c.breaking for c in self.changes)

    @property
    def bump(self) -> Bump:
        """The suggested semantic-version bump of the SDK: major, minor, patch or none."""
        if not self.changes:
            return "none"
        if self.breaking:
            return "major"
        if any(c.change.kind in ADDITIVE for c in self.changes):
            return "minor"
        return "patch"

    def fails(self, on: str) -> bool:
        """Whether `--fail-on ON` (breaking, wire, source, any) holds."""
        if on == "any":
            return bool(self.changes)
        if on == "wire":
            return self.wire > 0
        if on == "source":
            return self.source > 0
        if on == "breaking":
            return self.breaking > 0
        raise ValueError(f"unknown --fail-on value {on!r}")


def _label(wire: bool, source: bool) -> Label:
    if wire and source:
        return "wire+source"
    return "wire" if wire else "source" if source else "compatible"


# ---- Markdown ------------------------------------------------------------------------------


def _pointer_text(c: Change) -> str:
    old = f"`#{c.old_pointer}`" if c.old_pointer else "—"
    new = f"`#{c.new_pointer}`" if c.new_pointer else "—"
    return f"{old} → {new}"


def _line(entry: Classified) -> str:
    tag = entry.label if entry.breaking else "compatible"
    return f"- **{tag}** {entry.change.message} ({_pointer_text(entry.change)})"


def _operation_ids(op: OperationChanges) -> str | None:
    if op.old_id in (None, op.new_id):
        return op.new_id
    return op.old_id if op.new_id is None else f"{op.old_id} → {op.new_id}"


def to_markdown(report: ChangeReport, title: str | None = None) -> str:
    """The report for a pull request or a CHANGELOG: grouped by operation, breaking first."""
    old = f"{report.old_title} {report.old_version}".strip()
    new = f"{report.new_title} {report.new_version}".strip()
    lines = [f"## {title or f'API changes: {old} → {new}'}", ""]
    if not report.changes:
        lines += ["No changes to the API.", "", "Suggested version bump: **none**.", ""]
        return "\n".join(lines)
    lines.append(
        f"Suggested version bump: **{report.bump}** — {len(report.changes)} change{'s' if len(report.changes) != 1 else ''}, "
        f"{report.wire} wire-breaking, {report.source} source-breaking."
    )
    lines.append("")
    lines.append(
        "Marks: **wire** = an SDK generated from the old spec fails against a server speaking the new one; **source** = code written against the old SDK no longer type-checks or runs against the new SDK."
    )
    lines.append("")
    for op in report.operations:
        lines.append(f"### `{op.key}` ({_operation_ids(op)}) — {op.status}")
        lines.append("")
        lines += [_line(entry) for entry in op.changes]
        lines.append("")
    if report.unchanged_operations:
        lines += [f"{report.unchanged_operations} other operations are unchanged.", ""]
    if report.unused:
        lines += [
            "### Other model changes",
            "",
            "Models no operation uses in both versions.",
            "",
        ]
        lines += [_line(entry) for entry in report.unused]
        lines.append("")
    return "\n".join(lines)


# ---- JSON ----------------------------------------------------------------------------------


def _change_json(entry: Classified) -> dict[str, Any]:
    c = entry.change
    data: dict[str, Any] = {
        "kind": c.kind,
        "where": c.where,
        "message": c.message,
        "wire_breaking": entry.wire,
        "source_breaking": entry.source,
        "sides": list(entry.sides),
        "old_pointer": c.old_pointer,
        "new_pointer": c.new_pointer,
    }
    if c.old_model or c.new_model:
        data["old_model"] = c.old_model
        data["new_model"] = c.new_model
    if c.old is not None:
        data["old"] = c.old
    if c.new is not None:
        data["new"] = c.new
    return data


def _operation_json(op: OperationChanges, index: dict[int, int]) -> dict[str, Any]:
    return {
        "key": op.key,
        "method": op.method,
        "path": op.path,
        "old_operation_id": op.old_id,
        "new_operation_id": op.new_id,
        "status": op.status,
        "wire_breaking": op.wire,
        "source_breaking": op.source,
        "changes": [
            {
                "id": index[id(e.change)],
                "sides": list(e.sides),
                "wire_breaking": e.wire,
                "source_breaking": e.source,
            }
            for e in op.changes
        ],
    }


def _summary_json(report: ChangeReport) -> dict[str, int]:
    def count(status: OperationStatus) -> int:
        return sum(op.status == status for op in report.operations)

    return {
        "changes": len(report.changes),
        "wire_breaking": report.wire,
        "source_breaking": report.source,
        "breaking": report.breaking,
        "operations_changed": count("changed"),
        "operations_added": count("added"),
        "operations_removed": count("removed"),
        "operations_unchanged": report.unchanged_operations,
    }


def to_json(report: ChangeReport) -> str:
    """The report for tools: one document, sorted keys, changes in a stable order. Operations
    refer to changes by their index in `changes`, with the classification for that operation.
    """
    # Changes are told apart by identity: two changes may be equal field for field.
    index = {id(entry.change): i for i, entry in enumerate(report.changes)}
    data = {
        "old": {"title": report.old_title, "version": report.old_version},
        "new": {"title": report.new_title, "version": report.new_version},
        "bump": report.bump,
        "summary": _summary_json(report),
        "changes": [dict(_change_json(e), id=i) for i, e in enumerate(report.changes)],
        "operations": [_operation_json(op, index) for op in report.operations],
        "other_model_changes": [index[id(e.change)] for e in report.unused],
    }
    return _dump(data, 0) + "\n"


def _dump(value: Any, depth: int) -> str:
    """Indented JSON down to the lists of changes, then one compact line per item: readable,
    diff-friendly, and fast (the compact parts use the C encoder)."""
    if depth >= 2 or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [
            f"{inner}{json.dumps(k)}: {_dump(v, depth + 1)}"
            for k, v in sorted(value.items())
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return (
        "[\n"
        + ",\n".join(inner + _dump(v, depth + 1) for v in value)
        + "\n"
        + pad
        + "]"
    )

"""Changes grouped under the operations that use what changed, each classified by the sides
(request, response) it is used on; the report's order."""

from __future__ import annotations

from collections import defaultdict

from .. import api
from .report import Change, ChangeReport, Classified, OperationChanges, OperationStatus
from .rules import SIDES, Side, classify
from .usage import Reach, Version

OperationPairs = list[tuple[api.Operation, api.Operation | None]]

_STATUS_ORDER: dict[OperationStatus, int] = {"removed": 0, "changed": 1, "added": 2}


class Grouping:
    """Each change classified by the sides of the operations that use what changed, and
    grouped under those operations."""

    def __init__(
        self,
        old: Version,
        new: Version,
        changes: list[Change],
        op_pairs: OperationPairs,
        op_changes: list[list[Change]],
    ):
        self.old, self.new = old, new
        self.changes = changes
        self.op_pairs = op_pairs
        self.op_changes = op_changes  # parallel to op_pairs
        self.old_reach, self.new_reach = Reach(old), Reach(new)
        self.by_old: dict[str, list[Change]] = defaultdict(list)
        for change in changes:
            if change.side is None and change.old_model is not None:
                self.by_old[change.old_model].append(change)
        # id(change) -> the sides it is used on, over all operations
        self.sides_of: dict[int, set[Side]] = defaultdict(set)

    def build(
        self, added_ops: list[api.Operation], added_changes: dict[str, Change]
    ) -> ChangeReport:
        operations: list[OperationChanges] = []
        unchanged = 0
        for (o_op, n_op), own in zip(self.op_pairs, self.op_changes, strict=True):
            grouped = self._operation(o_op, n_op, own)
            if grouped is None:
                unchanged += 1
            else:
                operations.append(grouped)
        for n_op in added_ops:
            change = added_changes[n_op.operation_id]
            operations.append(
                OperationChanges(
                    op_key(n_op),
                    n_op.method,
                    n_op.path,
                    None,
                    n_op.operation_id,
                    "added",
                    (_classified(change, set()),),
                )
            )
        operations.sort(key=_operation_order)
        classified, unused = self._classify_all()
        return ChangeReport(
            old_title=self.old.api.title,
            old_version=self.old.api.version,
            new_title=self.new.api.title,
            new_version=self.new.api.version,
            changes=tuple(sorted(classified, key=_entry_order)),
            operations=tuple(operations),
            unused=tuple(sorted(unused, key=_entry_order)),
            unchanged_operations=unchanged,
        )

    def _operation(
        self, o_op: api.Operation, n_op: api.Operation | None, own: list[Change]
    ) -> OperationChanges | None:
        """The operation's own changes, and those of the models it uses (None: no change)."""
        # id(change) -> the change and the sides this operation uses it on (its own changes
        # carry their side)
        per_change: dict[int, tuple[Change, set[Side]]] = {
            id(change): (change, set()) for change in own
        }
        if n_op is not None:
            self._add_model_changes(o_op, n_op, per_change)
        entries = [_classified(change, sides) for change, sides in per_change.values()]
        if not entries:
            return None
        op = n_op or o_op
        return OperationChanges(
            key=op_key(op),
            method=op.method,
            path=op.path,
            old_id=o_op.operation_id,
            new_id=n_op.operation_id if n_op else None,
            status="removed" if n_op is None else "changed",
            changes=tuple(sorted(entries, key=_entry_order)),
        )

    def _add_model_changes(
        self,
        o_op: api.Operation,
        n_op: api.Operation,
        per_change: dict[int, tuple[Change, set[Side]]],
    ) -> None:
        # A change of a model belongs to an operation side that uses the model in OLD and (unless
        # the model was removed) in NEW: where only one version uses it, the operation's own
        # change of type says all there is to say.
        for side in SIDES:
            names_new = self.new_reach.of(n_op, side)
            for name in self.old_reach.of(o_op, side):
                for change in self.by_old.get(name, ()):
                    if change.new_model is None or change.new_model in names_new:
                        per_change.setdefault(id(change), (change, set()))[1].add(side)
                        self.sides_of[id(change)].add(side)

    def _classify_all(self) -> tuple[list[Classified], list[Classified]]:
        """Every change over all its uses, and the changes of models no operation of both
        versions uses."""
        loose_old = self.old_reach.sides_by_model()
        loose_new = self.new_reach.sides_by_model()
        classified: list[Classified] = []
        unused: list[Classified] = []
        for change in self.changes:
            if change.side is not None:
                classified.append(_classified(change, set()))
                continue
            sides = self.sides_of.get(id(change))
            if not sides:
                # No operation of both versions sees it: judge it by where either version uses it.
                sides = loose_old.get(change.old_model or "", set()) | loose_new.get(
                    change.new_model or "", set()
                )
                if change.kind != "model.added":
                    unused.append(_classified(change, sides))
            classified.append(_classified(change, sides))
        return classified, unused


def _classified(change: Change, sides: set[Side]) -> Classified:
    """A change of an operation is judged on its own side; a model change on the sides
    it is used on (none: a model no operation uses)."""
    if change.side is not None:
        wire, source = classify(change.kind, (change.side,))
        return Classified(change, (change.side,), wire, source)
    ordered = tuple(s for s in SIDES if s in sides)
    wire, source = classify(change.kind, ordered)
    return Classified(change, ordered, wire, source)


def _entry_order(entry: Classified) -> tuple[bool, bool, str, str, str]:
    c = entry.change
    return (not entry.wire, not entry.source, c.where, c.kind, c.message)


def _operation_order(op: OperationChanges) -> tuple[bool, int, str, str, str, str]:
    """Breaking operations first, then removed, changed, added; then by route."""
    return (
        not (op.wire or op.source),
        _STATUS_ORDER[op.status],
        op.path,
        op.method,
        op.old_id or "",
        op.new_id or "",
    )


def op_key(op: api.Operation) -> str:
    return f"{op.method.upper()} {op.path}"

"""What changed between two versions of a spec, and whom it breaks.

Works only on the model of the API (`sdkforge.api`), never on the raw documents, so every
spelling the builder treats as the same (`type: [X, "null"]` or `anyOf: [X, {type: null}]`,
a reshuffled YAML, an inline schema moved to a component under the same class name) is no
change at all.

`compare(old, new)` pairs the operations (by method and path, then by operationId) and the
models (by class name, then renames found by place, by shape and by likeness), lists every
change, and classifies each one with `RULES`: *wire-breaking* (an SDK generated from OLD
fails against a server speaking NEW) and *source-breaking* (code written against the OLD
SDK no longer type-checks or runs against the NEW SDK). Whether a model change is judged
by the request rules, the response rules or both depends on where the operations use the
model: ModelRefs are followed from request bodies and parameters (request side) and from
responses, streams and error bodies (response side).

`to_markdown(report)` and `to_json(report)` render the report.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import api
from .api import (
    MISSING,
    AnyValue,
    ArrayOf,
    ConstValue,
    MapOf,
    ModelRef,
    Nullable,
    Primitive,
    TypeRef,
)

REQUEST, RESPONSE, OPERATION = "request", "response", "operation"
SIDES = (REQUEST, RESPONSE)


# ---- the rule table ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    wire: bool  # an SDK generated from OLD fails against a server speaking NEW
    source: bool  # code written against the OLD SDK no longer type-checks or runs against the NEW SDK
    reason: str


def _rule(wire: str, source: str, reason: str) -> Rule:
    return Rule(wire == "wire", source == "source", reason)


# (change kind, side) -> Rule. Model changes have a request row and a response row: a model
# used on the request side of some operation is judged by the first, on the response side by
# the second, on both sides by both (the flags are OR-ed). Changes of the operation itself
# (its URL, parameters, body, responses, stream) carry their own side.
RULES: dict[tuple[str, str], Rule] = {
    # operations
    ("operation.added", OPERATION): _rule(
        "-", "-", "a new endpoint: nothing written against OLD calls it"
    ),
    ("operation.removed", OPERATION): _rule(
        "wire",
        "source",
        "the OLD SDK calls an endpoint NEW no longer serves, and code calls a client method that is gone",
    ),
    ("operation.renamed", OPERATION): _rule(
        "-",
        "source",
        "the same HTTP request, but code calls `client.<group>.<method>` under a name that is gone",
    ),
    ("operation.moved", OPERATION): _rule(
        "wire",
        "-",
        "the OLD SDK sends the request to the old method or path; the client method keeps its name",
    ),
    ("operation.id_changed", OPERATION): _rule(
        "-",
        "-",
        "the client method keeps its name; classes named after the operation are reported as renames",
    ),
    ("operation.deprecated", OPERATION): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # parameters (request side)
    ("parameter.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK never sends it, so NEW rejects the request; the method needs a new argument",
    ),
    ("parameter.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK does not send it and NEW does not need it"
    ),
    ("parameter.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK still sends it: a strict server rejects it, a lenient one ignores what the caller asked for; the argument is gone",
    ),
    ("parameter.moved", REQUEST): _rule(
        "wire",
        "-",
        "the OLD SDK sends it in the old place (path, query, header or cookie)",
    ),
    # request body
    ("request_body.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends no body, NEW requires one; the method needs a new argument",
    ),
    ("request_body.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK sends no body and NEW accepts that"
    ),
    ("request_body.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends a body NEW does not take; the body argument is gone",
    ),
    ("request_body.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send no body; the body argument is no longer optional",
    ),
    ("request_body.optional", REQUEST): _rule(
        "-",
        "-",
        "what the OLD SDK sends is still accepted; the argument only gains a default",
    ),
    ("request_body.media_type_changed", REQUEST): _rule(
        "wire", "-", "the OLD SDK encodes the body as the old media type"
    ),
    # success responses and streams
    ("response.added", RESPONSE): _rule(
        "-",
        "-",
        "the OLD SDK ignores a body it did not expect; code that ignored the result still works",
    ),
    ("response.removed", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK expects a JSON body NEW no longer sends; code reading the result breaks",
    ),
    ("stream.added", RESPONSE): _rule(
        "-", "-", "a new way to receive the response: the OLD SDK never asks for it"
    ),
    ("stream.removed", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK asks for an event stream NEW no longer sends; the streaming call is gone",
    ),
    ("stream.sentinel_added", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK parses the new end-of-stream marker as an event and fails",
    ),
    ("stream.sentinel_removed", RESPONSE): _rule(
        "-", "-", "NEW ends the stream by closing it, which the OLD SDK handles"
    ),
    ("stream.sentinel_changed", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK does not recognise the new end-of-stream marker and parses it as an event",
    ),
    ("error.added", RESPONSE): _rule(
        "-",
        "-",
        "the OLD SDK raises its generic API error for a status it does not know",
    ),
    ("error.removed", RESPONSE): _rule(
        "-",
        "-",
        "NEW no longer sends that status; handlers for it are merely dead code",
    ),
    # models
    ("model.added", REQUEST): _rule(
        "-", "-", "a new class: nothing written against OLD uses it"
    ),
    ("model.added", RESPONSE): _rule(
        "-", "-", "a new class: nothing written against OLD uses it"
    ),
    ("model.removed", REQUEST): _rule(
        "-",
        "source",
        "code importing the class breaks; what changes on the wire is reported where the model was used",
    ),
    ("model.removed", RESPONSE): _rule(
        "-",
        "source",
        "code importing the class breaks; what changes on the wire is reported where the model was used",
    ),
    ("model.renamed", REQUEST): _rule(
        "-",
        "source",
        "the JSON is the same, but code importing the class by its old name breaks",
    ),
    ("model.renamed", RESPONSE): _rule(
        "-",
        "source",
        "the JSON is the same, but code importing the class by its old name breaks",
    ),
    ("model.kind_changed", REQUEST): _rule(
        "wire",
        "source",
        "an object became an enum or a union (or the other way round): nothing the OLD SDK sends fits",
    ),
    ("model.kind_changed", RESPONSE): _rule(
        "wire",
        "source",
        "an object became an enum or a union (or the other way round): the OLD SDK cannot parse it",
    ),
    ("model.deprecated", REQUEST): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    ("model.deprecated", RESPONSE): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # fields of object models (and the same rules for parameters, which are request fields)
    ("field.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK never sends it, so NEW rejects the request; constructing the model needs a new argument",
    ),
    ("field.added.required", RESPONSE): _rule(
        "-", "-", "the OLD SDK keeps unknown keys; code never knew the field"
    ),
    ("field.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK does not send it and NEW does not need it"
    ),
    ("field.added.optional", RESPONSE): _rule(
        "-", "-", "the OLD SDK keeps unknown keys; code never knew the field"
    ),
    ("field.removed.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK always sends it: a strict server rejects it, a lenient one drops it; the attribute is gone",
    ),
    ("field.removed.required", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK requires the key and NEW no longer sends it; code reading the attribute breaks",
    ),
    ("field.removed.optional", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends it when set: a strict server rejects it, a lenient one drops it; the attribute is gone",
    ),
    ("field.removed.optional", RESPONSE): _rule(
        "-",
        "source",
        "the OLD SDK tolerates its absence; code reading the attribute breaks",
    ),
    ("field.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may omit it and NEW rejects that; constructing the model needs the argument",
    ),
    ("field.required", RESPONSE): _rule(
        "-", "-", "the OLD SDK accepted it present or absent; code already handled both"
    ),
    ("field.optional", REQUEST): _rule(
        "-",
        "-",
        "what the OLD SDK sends is still accepted; the argument only gains a default",
    ),
    ("field.optional", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK requires the key and fails when NEW omits it; code must now handle its absence",
    ),
    ("field.renamed", REQUEST): _rule(
        "-", "source", "the same JSON key under a new Python attribute name"
    ),
    ("field.renamed", RESPONSE): _rule(
        "-", "source", "the same JSON key under a new Python attribute name"
    ),
    ("field.deprecated", REQUEST): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    ("field.deprecated", RESPONSE): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # nullability (kept apart from required-ness: absent is not null)
    ("nullable.added", REQUEST): _rule(
        "-", "-", "NEW accepts everything the OLD SDK sends, and null too"
    ),
    ("nullable.added", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK fails on a null it did not allow; code reading the value must handle None",
    ),
    ("nullable.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send null, which NEW rejects; passing None no longer type-checks",
    ),
    ("nullable.removed", RESPONSE): _rule(
        "-",
        "-",
        "NEW sends a subset of what the OLD SDK accepts; code handling None still works",
    ),
    # types (of fields, parameters, bodies, stream items, map values); `class` = the class name changes too
    ("type.wider", REQUEST): _rule(
        "-",
        "-",
        "NEW accepts everything the OLD SDK sends; code passing the old type still type-checks",
    ),
    ("type.wider", RESPONSE): _rule(
        "wire",
        "source",
        "NEW may send values the OLD SDK cannot parse; code reading the value gets a type it does not handle",
    ),
    ("type.narrower", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send values NEW rejects; code passing them no longer type-checks",
    ),
    ("type.narrower", RESPONSE): _rule(
        "-",
        "-",
        "NEW sends a subset of what the OLD SDK accepts; reading code still works",
    ),
    ("type.incompatible", REQUEST): _rule(
        "wire",
        "source",
        "a different type: what the OLD SDK sends does not fit, code passing the old type breaks",
    ),
    ("type.incompatible", RESPONSE): _rule(
        "wire",
        "source",
        "a different type: the OLD SDK cannot parse it, code reading the old type breaks",
    ),
    ("type.class_changed", REQUEST): _rule(
        "-",
        "source",
        "the same JSON shape under another class: code building the old class no longer type-checks",
    ),
    ("type.class_changed", RESPONSE): _rule(
        "-",
        "source",
        "the same JSON shape under another class: code annotated with the old class no longer type-checks",
    ),
    ("type.wider.class", REQUEST): _rule(
        "-",
        "source",
        "NEW accepts what the OLD SDK sends, but under another class: code building the old class no longer type-checks",
    ),
    ("type.wider.class", RESPONSE): _rule(
        "wire",
        "source",
        "NEW may send values the OLD SDK cannot parse, under another class",
    ),
    ("type.narrower.class", REQUEST): _rule(
        "wire", "source", "the OLD SDK may send values NEW rejects, under another class"
    ),
    ("type.narrower.class", RESPONSE): _rule(
        "-",
        "source",
        "NEW sends a subset of what the OLD SDK accepts, but under another class: annotations with the old class break",
    ),
    ("type.format_changed", REQUEST): _rule(
        "-",
        "-",
        "the JSON type is unchanged; `format` is a hint the SDK does not enforce",
    ),
    ("type.format_changed", RESPONSE): _rule(
        "-",
        "-",
        "the JSON type is unchanged; `format` is a hint the SDK does not enforce",
    ),
    # defaults
    ("default.added", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.added", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    ("default.removed", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.removed", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    ("default.changed", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.changed", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    # enums
    ("enum.value_added.closed", REQUEST): _rule(
        "-", "-", "the OLD SDK never sends the new value"
    ),
    ("enum.value_added.closed", RESPONSE): _rule(
        "wire", "-", "a closed enum: the OLD SDK rejects the value it does not know"
    ),
    ("enum.value_added.open", REQUEST): _rule(
        "-", "-", "the OLD SDK never sends the new value"
    ),
    ("enum.value_added.open", RESPONSE): _rule(
        "-", "-", "an open enum: the OLD SDK keeps unknown values"
    ),
    ("enum.value_removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send the value NEW rejects; the enum member is gone",
    ),
    ("enum.value_removed", RESPONSE): _rule(
        "-", "source", "NEW no longer sends it, but code naming the enum member breaks"
    ),
    ("enum.member_renamed", REQUEST): _rule(
        "-", "source", "the same JSON value under a new Python member name"
    ),
    ("enum.member_renamed", RESPONSE): _rule(
        "-", "source", "the same JSON value under a new Python member name"
    ),
    ("enum.opened", REQUEST): _rule(
        "-",
        "-",
        "the type only widens: callers may now pass values the SDK does not list",
    ),
    ("enum.opened", RESPONSE): _rule(
        "-",
        "source",
        "the OLD SDK is unaffected, but the value's type becomes `Enum | str`: reading code that assumed the enum no longer type-checks",
    ),
    ("enum.closed", REQUEST): _rule(
        "-",
        "source",
        "the same listed values on the wire, but passing a value the SDK does not list no longer type-checks",
    ),
    ("enum.closed", RESPONSE): _rule(
        "-", "-", "the OLD SDK accepted any value; the type only narrows for readers"
    ),
    # unions
    ("union.member_added", REQUEST): _rule(
        "-", "-", "NEW accepts everything the OLD SDK sends"
    ),
    ("union.member_added", RESPONSE): _rule(
        "wire", "-", "the OLD SDK cannot parse the new alternative"
    ),
    ("union.member_removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send the removed alternative, which NEW rejects; code passing it no longer type-checks",
    ),
    ("union.member_removed", RESPONSE): _rule(
        "-", "-", "NEW sends a subset of what the OLD SDK accepts"
    ),
    ("union.discriminator_changed", REQUEST): _rule(
        "wire", "-", "the alternatives are told apart by another property"
    ),
    ("union.discriminator_changed", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK dispatches on a property that no longer tells the alternatives apart",
    ),
}

# Non-breaking changes that add to the API (a minor version); any other non-breaking change
# (a default, a deprecation, a format) is a patch.
ADDITIVE = {
    "operation.added", "parameter.added.optional", "request_body.added.optional", "response.added",
    "stream.added", "error.added", "model.added", "field.added.optional", "field.added.required",
    "enum.value_added.closed", "enum.value_added.open", "enum.opened", "union.member_added",
    "type.wider", "nullable.added", "field.optional", "request_body.optional",
}  # fmt: skip


def rules_markdown() -> str:
    """The rule table as Markdown, for the README (a test keeps the two the same)."""
    lines = [
        "| change | side | wire-breaking | source-breaking | why |",
        "|---|---|:-:|:-:|---|",
    ]
    for (kind, side), rule in RULES.items():
        reason = rule.reason.replace("|", "\\|")
        lines.append(
            f"| `{kind}` | {side} | {'yes' if rule.wire else 'no'} | {'yes' if rule.source else 'no'} | {reason} |"
        )
    return "\n".join(lines) + "\n"


# ---- the report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between OLD and NEW, before classification."""

    kind: str  # a key of RULES (without the side)
    where: str  # `Model`, `Model.field`, `POST /path`, `POST /path (query q)`
    message: str  # one line of Markdown, without the classification
    old_pointer: str | None
    new_pointer: str | None
    old: Any = (
        None  # JSON-able description of the old value (type, default, enum value...)
    )
    new: Any = None
    side: str | None = (
        None  # set for changes of an operation; model changes take the sides of their uses
    )
    old_model: str | None = (
        None  # the model the change belongs to, by its name in OLD and in NEW
    )
    new_model: str | None = None


@dataclass(frozen=True)
class Classified:
    change: Change
    sides: tuple[str, ...]  # the rule rows applied; () for a model no operation uses
    wire: bool
    source: bool

    @property
    def label(self) -> str:
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
    status: str  # added | removed | changed
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
    ]  # changes of models no operation uses in both OLD and NEW
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
    def bump(self) -> str:
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


def _label(wire: bool, source: bool) -> str:
    if wire and source:
        return "wire+source"
    return "wire" if wire else "source" if source else "compatible"


def classify(kind: str, sides: Iterable[str]) -> tuple[bool, bool]:
    """(wire, source) of a change used on these sides. No side: a model no operation uses,
    which only the source rules can break (it is never on the wire)."""
    sides = tuple(sides)
    if not sides:
        return False, any(RULES[(kind, s)].source for s in SIDES if (kind, s) in RULES)
    rules = [RULES[(kind, s)] for s in sides]
    return any(r.wire for r in rules), any(r.source for r in rules)


# ---- types: rendering and comparing --------------------------------------------------------

SAME, WIDER, NARROWER, INCOMPATIBLE = "same", "wider", "narrower", "incompatible"


def _join(a: str, b: str) -> str:
    if a == b or b == SAME:
        return a
    if a == SAME:
        return b
    return INCOMPATIBLE


def type_str(t: TypeRef | None) -> str:
    """A short spelling of a type for reports: `string`, `array[Foo]`, `map[int]`, `Foo | null`."""
    if t is None:
        return "none"
    if isinstance(t, Primitive):
        return f"{t.name}({t.format})" if t.format else t.name
    if isinstance(t, AnyValue):
        return "any"
    if isinstance(t, ConstValue):
        return json.dumps(t.value)
    if isinstance(t, ModelRef):
        return t.name
    if isinstance(t, ArrayOf):
        return f"array[{type_str(t.item)}]"
    if isinstance(t, MapOf):
        return f"map[{type_str(t.value)}]"
    if isinstance(t, Nullable):
        return f"{type_str(t.inner)} | null"
    return repr(t)


def _kind_of(model: api.Model) -> str:
    return {api.ObjectModel: "object", api.EnumModel: "enum", api.UnionModel: "union"}[
        type(model)
    ]


# ---- compare -------------------------------------------------------------------------------


def compare(old: api.Api, new: api.Api) -> ChangeReport:
    """Every change from OLD to NEW, classified, grouped by operation."""
    return _Comparison(old, new).run()


class _Comparison:
    def __init__(self, old: api.Api, new: api.Api):
        self.old, self.new = old, new
        self.om: dict[str, api.Model] = old.models_by_name
        self.nm: dict[str, api.Model] = new.models_by_name
        self.changes: list[Change] = []
        self.relations: dict[tuple[str, str], tuple[str, int]] = {}
        # Models the builder makes for an operation (the `{Op}Request` of parameters and body,
        # the `{Op}Response` union of JSON and stream): their content is reported on the operation.
        self.old_synthetic = _synthetic_models(old)
        self.new_synthetic = _synthetic_models(new)
        self.old_children = {
            m.name: tuple(dict.fromkeys(_children(m))) for m in old.models
        }
        self.new_children = {
            m.name: tuple(dict.fromkeys(_children(m))) for m in new.models
        }
        self.old_attached_by_op = _by_operation(
            {**_attached_models(old), **self.old_synthetic}
        )
        self.new_attached_by_op = _by_operation(
            {**_attached_models(new), **self.new_synthetic}
        )
        self.mapping: dict[str, str] = {}
        self.reverse: dict[str, str] = {}

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> ChangeReport:
        op_pairs, added_ops = self._pair_operations()
        matcher = _ModelMatcher(self, op_pairs)
        self.mapping = matcher.match()  # old name -> new name
        self.matched_by = matcher.how
        self.reverse = {n: o for o, n in self.mapping.items()}
        op_changes: dict[int, list[Change]] = {}
        for index, (o_op, n_op) in enumerate(op_pairs):
            before = len(self.changes)
            if n_op is None:
                self._emit(
                    "operation.removed",
                    _op_key(o_op),
                    f"operation `{o_op.operation_id}` (`{_op_key(o_op)}`) removed",
                    o_op.pointer,
                    None,
                    side=OPERATION,
                )
            else:
                self._compare_operation(o_op, n_op)
            op_changes[index] = self.changes[before:]
        added_changes: dict[str, Change] = {}
        for n_op in added_ops:
            added_changes[n_op.operation_id] = self._emit(
                "operation.added",
                _op_key(n_op),
                f"operation `{n_op.operation_id}` (`{_op_key(n_op)}`) added",
                None,
                n_op.pointer,
                side=OPERATION,
            )
        for o_name, n_name in self.mapping.items():
            self._compare_models(self.om[o_name], self.nm[n_name])
        for model in self.old.models:
            if model.name not in self.mapping:
                self._emit(
                    "model.removed",
                    model.name,
                    f"model `{model.name}` ({_kind_of(model)}) removed",
                    model.pointer,
                    None,
                    old_model=model.name,
                )
        for model in self.new.models:
            if model.name not in self.reverse:
                self._emit(
                    "model.added",
                    model.name,
                    f"model `{model.name}` ({_kind_of(model)}) added",
                    None,
                    model.pointer,
                    new_model=model.name,
                )
        return self._report(op_pairs, op_changes, added_ops, added_changes)

    def _emit(
        self,
        kind: str,
        where: str,
        message: str,
        old_pointer: str | None,
        new_pointer: str | None,
        **extra: Any,
    ) -> Change:
        change = Change(kind, where, message, old_pointer, new_pointer, **extra)
        self.changes.append(change)
        return change

    # -- operations --------------------------------------------------------------------------

    def _pair_operations(
        self,
    ) -> tuple[list[tuple[api.Operation, api.Operation | None]], list[api.Operation]]:
        """Each OLD operation with the NEW one serving the same method and path (several OLD
        twins may map to one NEW operation), else the one with its operationId, else none.
        """
        by_route: dict[tuple[str, str], list[api.Operation]] = defaultdict(list)
        for op in self.new.operations:
            by_route[(op.method, op.path)].append(op)
        by_id = {op.operation_id: op for op in self.new.operations}
        pairs: list[tuple[api.Operation, api.Operation | None]] = []
        used: set[str] = set()
        for o_op in self.old.operations:
            candidates = by_route.get((o_op.method, o_op.path), [])
            match = None
            if len(candidates) == 1:
                match = candidates[0]
            elif candidates:
                match = (
                    next(
                        (c for c in candidates if c.operation_id == o_op.operation_id),
                        None,
                    )
                    or next((c for c in candidates if c.pointer == o_op.pointer), None)
                    or candidates[0]
                )
            elif o_op.operation_id in by_id and (
                by_id[o_op.operation_id].method,
                by_id[o_op.operation_id].path,
            ) not in {(o.method, o.path) for o in self.old.operations}:
                match = by_id[o_op.operation_id]
            pairs.append((o_op, match))
            if match is not None:
                used.add(match.operation_id)
        added = [op for op in self.new.operations if op.operation_id not in used]
        return pairs, added

    def _compare_operation(self, o: api.Operation, n: api.Operation) -> None:
        key = _op_key(n)
        if (o.method, o.path) != (n.method, n.path):
            self._emit(
                "operation.moved",
                key,
                f"operation `{n.operation_id}` moved from `{_op_key(o)}` to `{key}`",
                o.pointer,
                n.pointer,
                old=_op_key(o),
                new=key,
                side=OPERATION,
            )
        if (o.group, o.method_name) != (n.group, n.method_name):
            self._emit(
                "operation.renamed",
                key,
                f"client method `{o.group}.{o.method_name}` renamed to `{n.group}.{n.method_name}`",
                o.pointer,
                n.pointer,
                old=f"{o.group}.{o.method_name}",
                new=f"{n.group}.{n.method_name}",
                side=OPERATION,
            )
        elif o.operation_id != n.operation_id:
            self._emit(
                "operation.id_changed",
                key,
                f"operationId `{o.operation_id}` → `{n.operation_id}`",
                o.pointer,
                n.pointer,
                old=o.operation_id,
                new=n.operation_id,
                side=OPERATION,
            )
        if o.deprecated != n.deprecated:
            self._emit(
                "operation.deprecated",
                key,
                f"operation {'deprecated' if n.deprecated else 'no longer deprecated'}",
                o.pointer,
                n.pointer,
                old=o.deprecated,
                new=n.deprecated,
                side=OPERATION,
            )
        # parameters
        old_params = {(p.field.wire_name, p.location): p for p in o.parameters}
        new_params = {(p.field.wire_name, p.location): p for p in n.parameters}
        old_by_name = {p.field.wire_name: p for p in o.parameters}
        new_by_name = {p.field.wire_name: p for p in n.parameters}
        for (name, location), p in old_params.items():
            where = f"{key} ({location} `{name}`)"
            if (name, location) in new_params:
                q = new_params[(name, location)]
                self._compare_field(where, p.field, q.field, side=REQUEST)
            elif (
                name in new_by_name
                and (name, new_by_name[name].location) not in old_params
            ):
                q = new_by_name[name]
                self._emit(
                    "parameter.moved",
                    where,
                    f"parameter `{name}` moved from {location} to {q.location}",
                    p.field.pointer,
                    q.field.pointer,
                    old=location,
                    new=q.location,
                    side=REQUEST,
                )
                self._compare_field(where, p.field, q.field, side=REQUEST)
            else:
                self._emit(
                    "parameter.removed",
                    where,
                    f"{location} parameter `{name}` removed",
                    p.field.pointer,
                    n.pointer,
                    old=type_str(p.field.type),
                    side=REQUEST,
                )
        for (name, location), q in new_params.items():
            if (name, location) in old_params or (
                name in old_by_name
                and (name, old_by_name[name].location) not in new_params
            ):
                continue
            kind = (
                "parameter.added.required"
                if q.field.required
                else "parameter.added.optional"
            )
            where = f"{key} ({location} `{name}`)"
            self._emit(
                kind,
                where,
                f"{'required' if q.field.required else 'optional'} {location} parameter `{name}` added, type `{type_str(q.field.type)}`",
                o.pointer,
                q.field.pointer,
                new=type_str(q.field.type),
                side=REQUEST,
            )
        # request body
        body_where = f"{key} (request body)"
        o_body_ptr, n_body_ptr = o.pointer + "/requestBody", n.pointer + "/requestBody"
        if o.request_body is None and n.request_body is not None:
            kind = (
                "request_body.added.required"
                if n.request_body_required
                else "request_body.added.optional"
            )
            self._emit(
                kind,
                body_where,
                f"{'required' if n.request_body_required else 'optional'} request body `{type_str(n.request_body)}` added",
                o.pointer,
                n_body_ptr,
                new=type_str(n.request_body),
                side=REQUEST,
            )
        elif o.request_body is not None and n.request_body is None:
            self._emit(
                "request_body.removed",
                body_where,
                f"request body `{type_str(o.request_body)}` removed",
                o_body_ptr,
                n.pointer,
                old=type_str(o.request_body),
                side=REQUEST,
            )
        elif o.request_body is not None and n.request_body is not None:
            if o.request_body_required != n.request_body_required:
                kind = (
                    "request_body.required"
                    if n.request_body_required
                    else "request_body.optional"
                )
                self._emit(
                    kind,
                    body_where,
                    f"request body is now {'required' if n.request_body_required else 'optional'}",
                    o_body_ptr,
                    n_body_ptr,
                    old=o.request_body_required,
                    new=n.request_body_required,
                    side=REQUEST,
                )
            if o.request_content_type != n.request_content_type:
                self._emit(
                    "request_body.media_type_changed",
                    body_where,
                    f"request media type `{o.request_content_type}` → `{n.request_content_type}`",
                    o_body_ptr,
                    n_body_ptr,
                    old=o.request_content_type,
                    new=n.request_content_type,
                    side=REQUEST,
                )
            self._compare_type(
                body_where,
                "request body",
                o.request_body,
                n.request_body,
                o_body_ptr,
                n_body_ptr,
                side=REQUEST,
            )
        # JSON response
        resp_where = f"{key} (response)"
        o_resp_ptr, n_resp_ptr = o.pointer + "/responses", n.pointer + "/responses"
        if o.response is None and n.response is not None:
            self._emit(
                "response.added",
                resp_where,
                f"JSON response `{type_str(n.response)}` added",
                o_resp_ptr,
                n_resp_ptr,
                new=type_str(n.response),
                side=RESPONSE,
            )
        elif o.response is not None and n.response is None:
            self._emit(
                "response.removed",
                resp_where,
                f"JSON response `{type_str(o.response)}` removed",
                o_resp_ptr,
                n_resp_ptr,
                old=type_str(o.response),
                side=RESPONSE,
            )
        elif o.response is not None and n.response is not None:
            self._compare_type(
                resp_where,
                "response",
                o.response,
                n.response,
                o_resp_ptr,
                n_resp_ptr,
                side=RESPONSE,
            )
        # event stream
        stream_where = f"{key} (event stream)"
        if o.stream is None and n.stream is not None:
            self._emit(
                "stream.added",
                stream_where,
                f"`text/event-stream` response of `{type_str(n.stream.item)}` added",
                o_resp_ptr,
                n_resp_ptr,
                new=type_str(n.stream.item),
                side=RESPONSE,
            )
        elif o.stream is not None and n.stream is None:
            self._emit(
                "stream.removed",
                stream_where,
                f"`text/event-stream` response of `{type_str(o.stream.item)}` removed",
                o_resp_ptr,
                n_resp_ptr,
                old=type_str(o.stream.item),
                side=RESPONSE,
            )
        elif o.stream is not None and n.stream is not None:
            self._compare_type(
                stream_where,
                "event",
                o.stream.item,
                n.stream.item,
                o_resp_ptr,
                n_resp_ptr,
                side=RESPONSE,
            )
            if o.stream.sentinel != n.stream.sentinel:
                kind = (
                    "stream.sentinel_added"
                    if o.stream.sentinel is None
                    else (
                        "stream.sentinel_removed"
                        if n.stream.sentinel is None
                        else "stream.sentinel_changed"
                    )
                )
                self._emit(
                    kind,
                    stream_where,
                    f"end-of-stream sentinel `{o.stream.sentinel}` → `{n.stream.sentinel}`",
                    o_resp_ptr,
                    n_resp_ptr,
                    old=o.stream.sentinel,
                    new=n.stream.sentinel,
                    side=RESPONSE,
                )
        # error responses
        old_errors, new_errors = dict(o.error_responses), dict(n.error_responses)
        for status, o_type in old_errors.items():
            where = f"{key} (error {status})"
            if status not in new_errors:
                self._emit(
                    "error.removed",
                    where,
                    f"error response {status} removed",
                    f"{o.pointer}/responses/{status}",
                    n_resp_ptr,
                    old=type_str(o_type),
                    side=RESPONSE,
                )
            elif o_type is not None and new_errors[status] is not None:
                self._compare_type(
                    where,
                    f"error {status} body",
                    o_type,
                    new_errors[status],
                    f"{o.pointer}/responses/{status}",
                    f"{n.pointer}/responses/{status}",
                    side=RESPONSE,
                )
        for status, n_type in new_errors.items():
            if status not in old_errors:
                self._emit(
                    "error.added",
                    f"{key} (error {status})",
                    f"error response {status} `{type_str(n_type)}` added",
                    o_resp_ptr,
                    f"{n.pointer}/responses/{status}",
                    new=type_str(n_type),
                    side=RESPONSE,
                )

    # -- models ------------------------------------------------------------------------------

    def _compare_models(self, o: api.Model, n: api.Model) -> None:
        names = dict(old_model=o.name, new_model=n.name)
        if o.name != n.name:
            how = {
                "place": "used at the same place",
                "pointer": "at the same pointer",
                "shape": "same shape",
                "likeness": "similar shape",
            }.get(self.matched_by.get(o.name, ""), "")
            self._emit(
                "model.renamed",
                n.name,
                f"model `{o.name}` renamed to `{n.name}`"
                + (f" ({how})" if how else ""),
                o.pointer,
                n.pointer,
                old=o.name,
                new=n.name,
                **names,
            )
        if o.name in self.old_synthetic or n.name in self.new_synthetic:
            return  # its content is the operation's parameters, body and responses
        if type(o) is not type(n):
            self._emit(
                "model.kind_changed",
                n.name,
                f"model `{n.name}`: {_kind_of(o)} → {_kind_of(n)}",
                o.pointer,
                n.pointer,
                old=_kind_of(o),
                new=_kind_of(n),
                **names,
            )
            return
        if o.deprecated != n.deprecated:
            self._emit(
                "model.deprecated",
                n.name,
                f"model `{n.name}` {'deprecated' if n.deprecated else 'no longer deprecated'}",
                o.pointer,
                n.pointer,
                old=o.deprecated,
                new=n.deprecated,
                **names,
            )
        if isinstance(o, api.ObjectModel):
            self._compare_objects(o, n, names)
        elif isinstance(o, api.EnumModel):
            self._compare_enums(o, n, names)
        else:
            self._compare_unions(o, n, names)

    def _compare_objects(
        self, o: api.ObjectModel, n: api.ObjectModel, names: dict
    ) -> None:
        new_fields = {f.wire_name: f for f in n.fields}
        old_fields = {f.wire_name: f for f in o.fields}
        for f in o.fields:
            where = f"{n.name}.{f.wire_name}"
            if f.wire_name in new_fields:
                self._compare_field(where, f, new_fields[f.wire_name], **names)
            else:
                kind = (
                    "field.removed.required" if f.required else "field.removed.optional"
                )
                self._emit(
                    kind,
                    where,
                    f"`{where}` removed (was {'required' if f.required else 'optional'}, `{type_str(f.type)}`)",
                    f.pointer,
                    n.pointer,
                    old=type_str(f.type),
                    **names,
                )
        for f in n.fields:
            if f.wire_name in old_fields:
                continue
            where = f"{n.name}.{f.wire_name}"
            kind = "field.added.required" if f.required else "field.added.optional"
            self._emit(
                kind,
                where,
                f"`{where}` added ({'required' if f.required else 'optional'}, `{type_str(f.type)}`)",
                o.pointer,
                f.pointer,
                new=type_str(f.type),
                **names,
            )
        if o.extra_values != n.extra_values and (
            o.extra_values is not None or n.extra_values is not None
        ):
            self._compare_type(
                f"{n.name}[*]",
                "additional properties",
                o.extra_values or AnyValue(),
                n.extra_values or AnyValue(),
                o.pointer + "/additionalProperties",
                n.pointer + "/additionalProperties",
                **names,
            )

    def _compare_enums(self, o: api.EnumModel, n: api.EnumModel, names: dict) -> None:
        old_values = {_value_key(v.value): (i, v) for i, v in enumerate(o.values)}
        new_values = {_value_key(v.value): (i, v) for i, v in enumerate(n.values)}
        for key, (i, v) in old_values.items():
            if key not in new_values:
                self._emit(
                    "enum.value_removed",
                    n.name,
                    f"`{n.name}`: value `{json.dumps(v.value)}` removed",
                    f"{o.pointer}/enum",
                    f"{n.pointer}/enum",
                    old=v.value,
                    **names,
                )
            elif new_values[key][1].member_name != v.member_name:
                w = new_values[key][1]
                self._emit(
                    "enum.member_renamed",
                    n.name,
                    f"`{n.name}`: member `{v.member_name}` renamed to `{w.member_name}` (value `{json.dumps(v.value)}`)",
                    f"{o.pointer}/enum",
                    f"{n.pointer}/enum",
                    old=v.member_name,
                    new=w.member_name,
                    **names,
                )
        for key, (i, v) in new_values.items():
            if key not in old_values:
                kind = "enum.value_added.open" if o.open else "enum.value_added.closed"
                self._emit(
                    kind,
                    n.name,
                    f"`{n.name}`: value `{json.dumps(v.value)}` added ({'open' if o.open else 'closed'} enum)",
                    f"{o.pointer}/enum",
                    f"{n.pointer}/enum",
                    new=v.value,
                    **names,
                )
        if o.open != n.open:
            kind = "enum.opened" if n.open else "enum.closed"
            text = (
                "is now open (unknown values are kept)"
                if n.open
                else "is now closed (unknown values are rejected)"
            )
            self._emit(
                kind,
                n.name,
                f"`{n.name}` {text}",
                o.pointer,
                n.pointer,
                old=o.open,
                new=n.open,
                **names,
            )
        if o.base != n.base:
            self._emit(
                "type.incompatible",
                n.name,
                f"`{n.name}`: values are {n.base}, were {o.base}",
                o.pointer,
                n.pointer,
                old=o.base,
                new=n.base,
                **names,
            )

    def _compare_unions(
        self, o: api.UnionModel, n: api.UnionModel, names: dict
    ) -> None:
        old_keys = {self._old_key(m): m for m in o.members}
        new_keys = {self._new_key(m): m for m in n.members}
        removed = [m for key, m in old_keys.items() if key not in new_keys]
        added = [m for key, m in new_keys.items() if key not in old_keys]
        # A member respelled with the same values (`const: a` -> `enum: [a]`, an unpaired class of
        # the same shape) changed its type, not the set of alternatives.
        for m in list(removed):
            twin = next((a for a in added if self.relate(m, a)[0] == SAME), None)
            if twin is not None:
                removed.remove(m)
                added.remove(twin)
                self._emit(
                    "type.class_changed",
                    n.name,
                    f"`{n.name}`: member `{type_str(m)}` → `{type_str(twin)}` (same values)",
                    o.pointer,
                    n.pointer,
                    old=type_str(m),
                    new=type_str(twin),
                    **names,
                )
        for m in removed:
            self._emit(
                "union.member_removed",
                n.name,
                f"`{n.name}`: member `{type_str(m)}` removed",
                o.pointer,
                n.pointer,
                old=type_str(m),
                **names,
            )
        for m in added:
            self._emit(
                "union.member_added",
                n.name,
                f"`{n.name}`: member `{type_str(m)}` added",
                o.pointer,
                n.pointer,
                new=type_str(m),
                **names,
            )
        o_prop = o.discriminator.property if o.discriminator else None
        n_prop = n.discriminator.property if n.discriminator else None
        if o_prop and n_prop and o_prop != n_prop:
            self._emit(
                "union.discriminator_changed",
                n.name,
                f"`{n.name}`: discriminator `{o_prop}` → `{n_prop}`",
                o.pointer,
                n.pointer,
                old=o_prop,
                new=n_prop,
                **names,
            )

    # -- fields and types --------------------------------------------------------------------

    def _compare_field(
        self,
        where: str,
        o: api.Field,
        n: api.Field,
        side: str | None = None,
        **names: Any,
    ) -> None:
        extra = dict(names, side=side) if side else names
        if o.python_name != n.python_name:
            self._emit(
                "field.renamed",
                where,
                f"`{where}`: Python name `{o.python_name}` → `{n.python_name}`",
                o.pointer,
                n.pointer,
                old=o.python_name,
                new=n.python_name,
                **extra,
            )
        if o.required != n.required:
            kind = "field.required" if n.required else "field.optional"
            self._emit(
                kind,
                where,
                f"`{where}` is now {'required' if n.required else 'optional'}",
                o.pointer,
                n.pointer,
                old=o.required,
                new=n.required,
                **extra,
            )
        self._compare_type(where, None, o.type, n.type, o.pointer, n.pointer, **extra)
        if not _same_value(o.default, n.default):
            kind = (
                "default.added"
                if o.default is MISSING
                else "default.removed" if n.default is MISSING else "default.changed"
            )
            self._emit(
                kind,
                where,
                f"`{where}`: default `{_show(o.default)}` → `{_show(n.default)}`",
                o.pointer,
                n.pointer,
                old=_jsonable(o.default),
                new=_jsonable(n.default),
                **extra,
            )
        if o.deprecated != n.deprecated:
            self._emit(
                "field.deprecated",
                where,
                f"`{where}` {'deprecated' if n.deprecated else 'no longer deprecated'}",
                o.pointer,
                n.pointer,
                old=o.deprecated,
                new=n.deprecated,
                **extra,
            )

    def _compare_type(
        self,
        where: str,
        what: str | None,
        o: TypeRef,
        n: TypeRef,
        op: str,
        np: str,
        **extra: Any,
    ) -> None:
        label = f"`{where}`" if what is None else f"{what}"
        o, n = _any_null(o), _any_null(n)
        if isinstance(o, Nullable) != isinstance(n, Nullable):
            added = isinstance(n, Nullable)
            self._emit(
                "nullable.added" if added else "nullable.removed",
                where,
                f"{label} {'can now be null' if added else 'can no longer be null'}",
                op,
                np,
                old=type_str(o),
                new=type_str(n),
                **extra,
            )
        rel, flags = self.relate(api.strip_null(o), api.strip_null(n))
        if rel == SAME and not flags:
            return
        if rel == SAME:
            kind = "type.class_changed" if flags & _CLASS else "type.format_changed"
        else:
            kind = {
                WIDER: "type.wider",
                NARROWER: "type.narrower",
                INCOMPATIBLE: "type.incompatible",
            }[rel]
            if flags & _CLASS and rel != INCOMPATIBLE:
                kind += ".class"
        note = {
            SAME: "same shape",
            WIDER: "wider",
            NARROWER: "narrower",
            INCOMPATIBLE: "incompatible",
        }[rel]
        if kind == "type.format_changed":
            note = "format"
        old_text, new_text = (
            f"`{type_str(api.strip_null(o))}`",
            f"`{type_str(api.strip_null(n))}`",
        )
        o_enum, n_enum = self._enum_of(o, self.om), self._enum_of(n, self.nm)
        if o_enum is not None and n_enum is not None and o_enum.open != n_enum.open:
            old_text += f" ({'open' if o_enum.open else 'closed'} enum)"
            new_text += f" ({'open' if n_enum.open else 'closed'} enum)"
        self._emit(
            kind,
            where,
            f"{label}: type {old_text} → {new_text} ({note})",
            op,
            np,
            old=type_str(o),
            new=type_str(n),
            **extra,
        )

    @staticmethod
    def _enum_of(t: TypeRef, models: dict[str, api.Model]) -> api.EnumModel | None:
        t = api.strip_null(t)
        model = models.get(t.name) if isinstance(t, ModelRef) else None
        return model if isinstance(model, api.EnumModel) else None

    def _old_key(self, t: TypeRef) -> str:
        """A type's spelling with OLD model names translated to NEW ones."""
        return _type_key(t, self.mapping.get)

    def _new_key(self, t: TypeRef) -> str:
        return _type_key(t, lambda name: name)

    def relate(self, o: TypeRef, n: TypeRef) -> tuple[str, int]:
        """How the NEW type's set of JSON values relates to the OLD one's: same, wider, narrower
        or incompatible; flags: the class changed (`_CLASS`), a format changed (`_FORMAT`).
        """
        o, n = _any_null(o), _any_null(n)
        if isinstance(o, Nullable) or isinstance(n, Nullable):
            rel, flags = self.relate(api.strip_null(o), api.strip_null(n))
            if isinstance(o, Nullable) and not isinstance(n, Nullable):
                rel = _join(rel, NARROWER)
            elif isinstance(n, Nullable) and not isinstance(o, Nullable):
                rel = _join(rel, WIDER)
            return rel, flags
        if isinstance(o, AnyValue) or isinstance(n, AnyValue):
            if isinstance(o, AnyValue) and isinstance(n, AnyValue):
                return SAME, 0
            return (WIDER if isinstance(n, AnyValue) else NARROWER), 0
        if isinstance(o, ModelRef) and isinstance(n, ModelRef):
            if self.mapping.get(o.name) == n.name:
                return SAME, 0
            return self._relate_models(o.name, n.name), _CLASS
        if isinstance(o, ModelRef):
            return (
                _flip(
                    self._model_vs_type(
                        self.om[o.name], n, self._new_key(n), old_side=True
                    )
                ),
                _CLASS,
            )
        if isinstance(n, ModelRef):
            return (
                self._model_vs_type(
                    self.nm[n.name], o, self._old_key(o), old_side=False
                ),
                _CLASS,
            )
        if isinstance(o, ArrayOf) and isinstance(n, ArrayOf):
            return self.relate(o.item, n.item)
        if isinstance(o, MapOf) and isinstance(n, MapOf):
            return self.relate(o.value, n.value)
        if isinstance(o, Primitive) and isinstance(n, Primitive):
            flags = _FORMAT if o.format != n.format else 0
            if o.name == n.name:
                return SAME, flags
            if (o.name, n.name) == ("integer", "number"):
                return WIDER, flags
            if (o.name, n.name) == ("number", "integer"):
                return NARROWER, flags
            return INCOMPATIBLE, flags
        if isinstance(o, ConstValue) and isinstance(n, ConstValue):
            return (
                SAME if _value_key(o.value) == _value_key(n.value) else INCOMPATIBLE
            ), 0
        if isinstance(o, ConstValue) and isinstance(n, Primitive):
            return (WIDER if _fits(o.base, n.name) else INCOMPATIBLE), 0
        if isinstance(o, Primitive) and isinstance(n, ConstValue):
            return (NARROWER if _fits(n.base, o.name) else INCOMPATIBLE), 0
        return INCOMPATIBLE, 0

    def _model_vs_type(
        self, model: api.Model, other: TypeRef, other_key: str, old_side: bool
    ) -> str:
        """How `other` (not a model) relates to `model`, seen from the model: `wider` means the
        model's values include all of `other`'s. The caller flips it when the model is OLD.
        """
        if isinstance(model, api.UnionModel):
            keys = {
                self._old_key(m) if old_side else self._new_key(m)
                for m in model.members
            }
            return WIDER if other_key in keys else INCOMPATIBLE
        if isinstance(model, api.EnumModel):
            values = {_value_key(v.value) for v in model.values}
            if isinstance(other, ConstValue):
                if _value_key(other.value) not in values:
                    return INCOMPATIBLE
                return (
                    SAME if len(values) == 1 and not model.open else WIDER
                )  # `const: x` is `enum: [x]`
            if isinstance(other, Primitive) and _fits(model.base, other.name):
                return SAME if model.open else NARROWER
        return INCOMPATIBLE

    def _relate_models(self, o_name: str, n_name: str) -> str:
        key = (o_name, n_name)
        if key in self.relations:
            return self.relations[key][0]
        self.relations[key] = (SAME, 0)  # a cycle back to this pair adds nothing
        o, n = self.om[o_name], self.nm[n_name]
        rel = INCOMPATIBLE
        if isinstance(o, api.EnumModel) and isinstance(n, api.EnumModel):
            old_values = {_value_key(v.value) for v in o.values}
            new_values = {_value_key(v.value) for v in n.values}
            # The listed values are the contract; openness only says how the SDK treats others
            # (reported on the enum itself), except that an open OLD enum takes any new value.
            rel = (
                SAME
                if old_values == new_values
                else (
                    WIDER
                    if new_values > old_values
                    else NARROWER if new_values < old_values else INCOMPATIBLE
                )
            )
            if o.open and rel == WIDER:
                rel = SAME
        elif isinstance(o, api.ObjectModel) and isinstance(n, api.ObjectModel):
            rel = SAME
            new_fields = {f.wire_name: f for f in n.fields}
            old_fields = {f.wire_name: f for f in o.fields}
            if old_fields and new_fields and not old_fields.keys() & new_fields.keys():
                # Extra keys are allowed, so `{a?}` and `{b!}` are formally narrower: but with no
                # field in common they are different things, not one refined.
                self.relations[key] = (INCOMPATIBLE, 0)
                return INCOMPATIBLE
            for f in o.fields:
                g = new_fields.get(f.wire_name)
                if g is None:
                    rel = _join(rel, WIDER if f.required else SAME)
                    continue
                if f.required != g.required:
                    rel = _join(rel, NARROWER if g.required else WIDER)
                rel = _join(rel, self.relate(f.type, g.type)[0])
                if rel == INCOMPATIBLE:
                    break
            for g in n.fields:
                if g.wire_name not in old_fields and g.required:
                    rel = _join(rel, NARROWER)
        elif isinstance(o, api.UnionModel) and isinstance(n, api.UnionModel):
            old_keys = {self._old_key(m) for m in o.members}
            new_keys = {self._new_key(m) for m in n.members}
            rel = (
                SAME
                if old_keys == new_keys
                else (
                    WIDER
                    if new_keys > old_keys
                    else NARROWER if new_keys < old_keys else INCOMPATIBLE
                )
            )
        elif isinstance(n, api.UnionModel) and any(
            isinstance(m, ModelRef) and self.reverse.get(m.name) == o_name
            for m in n.members
        ):
            rel = WIDER
        elif isinstance(o, api.UnionModel) and any(
            isinstance(m, ModelRef) and self.mapping.get(m.name) == n_name
            for m in o.members
        ):
            rel = NARROWER
        self.relations[key] = (rel, 0)
        return rel

    # -- the report --------------------------------------------------------------------------

    def _report(self, op_pairs, op_changes, added_ops, added_changes) -> ChangeReport:
        old_reach = _Reach(self.old, self.old_attached_by_op, self.old_children)
        new_reach = _Reach(self.new, self.new_attached_by_op, self.new_children)
        by_old: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            if change.side is None and change.old_model is not None:
                by_old[change.old_model].append(change)
        # A change of a model belongs to an operation side that uses the model in OLD and (unless
        # the model was removed) in NEW: where only one version uses it, the operation's own
        # change of type says all there is to say.
        sides_of: dict[int, set[str]] = defaultdict(
            set
        )  # id(change) -> sides over all operations
        operations: list[OperationChanges] = []
        unchanged = 0
        for index, (o_op, n_op) in enumerate(op_pairs):
            per_change: dict[int, tuple[Change, set[str]]] = {}
            for change in op_changes[index]:
                per_change[id(change)] = (change, {change.side})
            if n_op is not None:
                for side in SIDES:
                    names_new = new_reach.of(n_op, side)
                    for name in old_reach.of(o_op, side):
                        for change in by_old.get(name, ()):
                            if (
                                change.new_model is None
                                or change.new_model in names_new
                            ):
                                per_change.setdefault(id(change), (change, set()))[
                                    1
                                ].add(side)
                                sides_of[id(change)].add(side)
            entries = [
                _classified(change, sides) for change, sides in per_change.values()
            ]
            if not entries:
                unchanged += 1
                continue
            op = n_op or o_op
            operations.append(
                OperationChanges(
                    key=_op_key(op),
                    method=op.method,
                    path=op.path,
                    old_id=o_op.operation_id,
                    new_id=n_op.operation_id if n_op else None,
                    status="removed" if n_op is None else "changed",
                    changes=tuple(sorted(entries, key=_entry_order)),
                )
            )
        for n_op in added_ops:
            change = added_changes[n_op.operation_id]
            operations.append(
                OperationChanges(
                    _op_key(n_op),
                    n_op.method,
                    n_op.path,
                    None,
                    n_op.operation_id,
                    "added",
                    (_classified(change, {OPERATION}),),
                )
            )
        loose_old = old_reach.sides_by_model()
        loose_new = new_reach.sides_by_model()
        classified = []
        unused = []
        for change in self.changes:
            if change.side is not None:
                classified.append(_classified(change, {change.side}))
                continue
            sides = sides_of.get(id(change))
            if not sides:
                # No operation of both versions sees it: judge it by where either version uses it.
                sides = loose_old.get(change.old_model or "", set()) | loose_new.get(
                    change.new_model or "", set()
                )
                if change.kind != "model.added":
                    unused.append(_classified(change, sides))
            classified.append(_classified(change, sides))
        operations.sort(
            key=lambda op: (
                not (op.wire or op.source),
                {"removed": 0, "changed": 1, "added": 2}[op.status],
                op.path,
                op.method,
                op.old_id or "",
                op.new_id or "",
            )
        )
        return ChangeReport(
            old_title=self.old.title,
            old_version=self.old.version,
            new_title=self.new.title,
            new_version=self.new.version,
            changes=tuple(sorted(classified, key=_entry_order)),
            operations=tuple(operations),
            unused=tuple(sorted(unused, key=_entry_order)),
            unchanged_operations=unchanged,
        )


_CLASS, _FORMAT = 1, 2


def _any_null(t: TypeRef) -> TypeRef:
    """`any | null` is `any`: null is already one of any's values."""
    return (
        AnyValue() if isinstance(t, Nullable) and isinstance(t.inner, AnyValue) else t
    )


def _flip(rel: str) -> str:
    return {WIDER: NARROWER, NARROWER: WIDER}.get(rel, rel)


def _fits(base: str, primitive: str) -> bool:
    return base == primitive or (base == "integer" and primitive == "number")


def _classified(change: Change, sides: set[str]) -> Classified:
    if change.side is not None:
        wire, source = classify(change.kind, (change.side,))
        return Classified(change, (change.side,), wire, source)
    ordered = tuple(s for s in SIDES if s in sides)
    wire, source = classify(change.kind, ordered)
    return Classified(change, ordered, wire, source)


def _entry_order(entry: Classified) -> tuple:
    c = entry.change
    return (not entry.wire, not entry.source, c.where, c.kind, c.message)


def _op_key(op: api.Operation) -> str:
    return f"{op.method.upper()} {op.path}"


def _value_key(value: Any) -> tuple[str, Any]:
    return (type(value).__name__ if not isinstance(value, bool) else "bool", value)


def _same_value(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(
        b, sort_keys=True, default=str
    )


def _jsonable(value: Any) -> Any:
    return None if value is MISSING else value


def _show(value: Any) -> str:
    return "none" if value is MISSING else json.dumps(value, default=str)


def _type_key(t: TypeRef, name_of) -> str:
    if isinstance(t, ModelRef):
        mapped = name_of(t.name)
        return "@" + (mapped if mapped is not None else f"?{t.name}")
    if isinstance(t, ArrayOf):
        return f"array[{_type_key(t.item, name_of)}]"
    if isinstance(t, MapOf):
        return f"map[{_type_key(t.value, name_of)}]"
    if isinstance(t, Nullable):
        return f"{_type_key(t.inner, name_of)}|null"
    if isinstance(t, Primitive):
        return t.name
    if isinstance(t, ConstValue):
        return "const:" + json.dumps(t.value)
    return type_str(t)


def _children(model: api.Model) -> Iterator[str]:
    if isinstance(model, api.ObjectModel):
        for f in model.fields:
            yield from api.referenced_models(f.type)
        if model.extra_values is not None:
            yield from api.referenced_models(model.extra_values)
    elif isinstance(model, api.UnionModel):
        for m in model.members:
            yield from api.referenced_models(m)


def _by_operation(
    synthetic: dict[str, tuple[str, str]],
) -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, key in synthetic.items():
        found[key].append(name)
    return found


def _attached_models(a: api.Api) -> dict[str, tuple[str, str]]:
    """Models an operation uses without a ModelRef (its `{Op}Security` credentials, request
    side): name -> (operationId, side). Unlike synthetic models their content is compared.
    """
    security = {op.pointer + "/security": op.operation_id for op in a.operations}
    return {
        m.name: (security[m.pointer], REQUEST)
        for m in a.models
        if m.pointer in security
    }


def _synthetic_models(a: api.Api) -> dict[str, tuple[str, str]]:
    """Models that only wrap what an operation sends or receives, whose content is reported on
    the operation itself: the `{Op}Request` of parameters and body, the `{Op}Response` union of
    JSON and stream, and the SSE envelope around each event. Name -> (operationId, side).
    """
    request_pointers = {op.pointer: op.operation_id for op in a.operations}
    response_pointers = {
        op.pointer + "/responses": op.operation_id for op in a.operations
    }
    found = {
        op.stream.envelope: (op.operation_id, RESPONSE)
        for op in a.operations
        if op.stream is not None and op.stream.envelope
    }
    for model in a.models:
        if model.group != "operations":
            continue
        if isinstance(model, api.ObjectModel) and model.pointer in request_pointers:
            found[model.name] = (request_pointers[model.pointer], REQUEST)
        elif isinstance(model, api.UnionModel) and model.pointer in response_pointers:
            found[model.name] = (response_pointers[model.pointer], RESPONSE)
    return found


class _Reach:
    """Which models an operation uses on each side, following ModelRefs."""

    def __init__(
        self,
        a: api.Api,
        attached: dict[tuple[str, str], list[str]],
        children: dict[str, tuple[str, ...]],
    ):
        self.api = a
        self.children = children
        self.synthetic_of = attached
        self.cache: dict[tuple[str, str], set[str]] = {}

    def roots(self, op: api.Operation, side: str) -> list[str]:
        types: list[TypeRef] = []
        if side == REQUEST:
            types += [p.field.type for p in op.parameters]
            if op.request_body is not None:
                types.append(op.request_body)
        else:
            if op.response is not None:
                types.append(op.response)
            if op.stream is not None:
                types.append(op.stream.item)
                if op.stream.envelope:
                    types.append(ModelRef(op.stream.envelope))
            types += [t for _, t in op.error_responses if t is not None]
        names = [name for t in types for name in api.referenced_models(t)]
        return names + self.synthetic_of.get((op.operation_id, side), [])

    def sides_by_model(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for op in self.api.operations:
            for side in SIDES:
                for name in self.of(op, side):
                    found[name].add(side)
        return found

    def of(self, op: api.Operation, side: str) -> set[str]:
        key = (op.operation_id, side)
        if key not in self.cache:
            seen: set[str] = set()
            stack = [n for n in self.roots(op, side) if n in self.children]
            while stack:
                name = stack.pop()
                if name in seen:
                    continue
                seen.add(name)
                stack.extend(c for c in self.children.get(name, ()) if c not in seen)
            self.cache[key] = seen
        return self.cache[key]


# ---- matching models across versions ---------------------------------------------------------


class _ModelMatcher:
    """OLD model name -> NEW model name. Same names first (unless the name now belongs to a
    different model), then renames, found in this order of trust:

    1. place: both sides of a matched pair use an unmatched model at the same spot (the same
       field, union tag, request body, response, stream item or error status);
    2. pointer: the model sits at the same JSON pointer (an inline schema renamed);
    3. shape: exactly the same fields/values/members, and no other model has that shape;
    4. likeness: the most similar model of the same kind, both ways, and similar enough.
    Each found pair can reveal more by place, so 1-3 repeat until nothing new turns up.
    """

    PLACE_SIMILARITY = 0.34
    POINTER_SIMILARITY = 0.5
    LIKENESS = 0.75
    WEAK_NAME = (
        0.5  # a same-name pair below this likeness may be split for a better partner
    )

    def __init__(self, cmp: _Comparison, op_pairs):
        self.cmp = cmp
        self.om, self.nm = cmp.om, cmp.nm
        self.op_pairs = [(o, n) for o, n in op_pairs if n is not None]
        self.mapping: dict[str, str] = {}
        self.reverse: dict[str, str] = {}
        self.queue: deque[tuple[str, str]] = (
            deque()
        )  # pairs whose places are not searched yet, first found first
        self.deferred: list[tuple[str, str]] = (
            []
        )  # unions at the same place, not alike yet
        self.sim_cache: dict[tuple[str, str], float] = {}
        self.word_cache: dict[tuple[bool, str], frozenset[str]] = {}
        self.children = {True: cmp.old_children, False: cmp.new_children}
        self.parents: dict[bool, dict[str, list[str]]] = {
            True: defaultdict(list),
            False: defaultdict(list),
        }
        for side, children in self.children.items():
            for name, refs in children.items():
                for ref in refs:
                    self.parents[side][ref].append(name)
        # shapes of free models, kept up to date as pairs are found
        self.buckets: dict[bool, dict[str, set[str]]] = {
            True: defaultdict(set),
            False: defaultdict(set),
        }
        self.shape_of: dict[tuple[bool, str], str] = {}
        self.dirty: set[tuple[bool, str]] | None = (
            None  # None: every shape is still to compute
        )
        self.touched: set[str] = set()
        self.how: dict[str, str] = (
            {}
        )  # old name -> what paired it: name, place, pointer, shape, likeness

    def match(self) -> dict[str, str]:
        # A class name is strong evidence where it comes from the spec (a component key, or the
        # same place): inline names are derived from places and move to other models freely.
        later: list[str] = []
        for name, model in self.om.items():
            other = self.nm.get(name)
            if other is None:
                continue
            alike = type(model) is type(other) and (
                not isinstance(model, api.ObjectModel)
                or self._similarity(name, name) >= self.WEAK_NAME
            )
            if alike and (
                model.pointer == other.pointer
                or (_is_component(model.pointer) and _is_component(other.pointer))
            ):
                self._pair(name, name)
            else:
                later.append(name)
        self._try_places(self._operation_places())
        self._by_place()
        for (
            name
        ) in later:  # same inline name, same kind and alike: most likely the same model
            if self._free(name, name) and type(self.om[name]) is type(self.nm[name]):
                if (
                    not isinstance(self.om[name], api.ObjectModel)
                    or self._similarity(name, name) >= self.WEAK_NAME
                ):
                    self._pair(name, name)
        self._propagate()
        self._likeness()
        self._propagate()
        for (
            name
        ) in (
            later
        ):  # a name no better partner claimed stays a pair (maybe of another kind)
            if self._free(name, name):
                self._pair(name, name)
        return self.mapping

    def _pair(self, o: str, n: str, how: str = "name") -> bool:
        if o in self.mapping or n in self.reverse:
            return False
        self.how[o] = how
        self.mapping[o] = n
        self.reverse[n] = o
        self.queue.append((o, n))
        if self.dirty is not None:
            for side, name in ((True, o), (False, n)):
                shape = self.shape_of.pop((side, name), None)
                if shape is not None:
                    self.buckets[side][shape].discard(name)
                self.dirty.discard((side, name))
                self.dirty.update(
                    (side, parent) for parent in self.parents[side].get(name, ())
                )
        self.cmp.mapping = self.mapping  # keys of shapes read the current pairs
        return True

    def _free(self, o: str, n: str) -> bool:
        return (
            o in self.om
            and n in self.nm
            and o not in self.mapping
            and n not in self.reverse
        )

    def _propagate(self) -> None:
        # Cheapest and most trusted first; shapes only when places and pointers find nothing.
        while True:
            self._by_place()
            if self._by_pointer() or self._by_shape():
                continue
            deferred, self.deferred = self.deferred, []
            if not self._try_places(deferred):
                return

    # 1. place
    def _by_place(self) -> int:
        found = 0
        while self.queue:
            o_name, n_name = self.queue.popleft()
            found += self._try_places(self._places(o_name, n_name))
        return found

    def _try_places(self, candidates: list[tuple[str, str]]) -> int:
        found = 0
        for o_name, n_name in candidates:
            if not self._free(o_name, n_name) or type(self.om[o_name]) is not type(
                self.nm[n_name]
            ):
                continue
            synthetic = (
                o_name in self.cmp.old_synthetic and n_name in self.cmp.new_synthetic
            )
            if synthetic or self._similarity(o_name, n_name) >= self.PLACE_SIMILARITY:
                found += self._pair(o_name, n_name, "place")
            elif isinstance(self.om[o_name], api.UnionModel):
                self.deferred.append(
                    (o_name, n_name)
                )  # its members may pair later and make it alike
        return found

    def _places(self, o_name: str, n_name: str) -> list[tuple[str, str]]:
        """Models used at the same spots of a paired model: its fields, map values, union tags."""
        o, n = self.om[o_name], self.nm[n_name]
        candidates: list[tuple[str, str]] = []
        if isinstance(o, api.ObjectModel) and isinstance(n, api.ObjectModel):
            new_fields = {f.wire_name: f for f in n.fields}
            for f in o.fields:
                g = new_fields.get(f.wire_name)
                if g is not None:
                    candidates += _parallel_refs(f.type, g.type)
            if o.extra_values is not None and n.extra_values is not None:
                candidates += _parallel_refs(o.extra_values, n.extra_values)
        elif isinstance(o, api.UnionModel) and isinstance(n, api.UnionModel):
            if o.discriminator and n.discriminator:
                new_tags = dict(n.discriminator.mapping)
                candidates += [
                    (m, new_tags[tag])
                    for tag, m in o.discriminator.mapping
                    if tag in new_tags
                ]
            old_free = [
                m.name
                for m in o.members
                if isinstance(m, ModelRef) and m.name not in self.mapping
            ]
            new_free = [
                m.name
                for m in n.members
                if isinstance(m, ModelRef) and m.name not in self.reverse
            ]
            candidates += self._best_pairs(old_free, new_free, self.PLACE_SIMILARITY)
        return candidates

    def _operation_places(self) -> list[tuple[str, str]]:
        """Models used at the same spots of paired operations: bodies, responses, streams..."""
        candidates: list[tuple[str, str]] = []
        for o_op, n_op in self.op_pairs:
            for side in SIDES:
                o_syn = self.cmp.old_attached_by_op.get((o_op.operation_id, side), [])
                n_syn = self.cmp.new_attached_by_op.get((n_op.operation_id, side), [])
                for (
                    o_name
                ) in o_syn:  # the same suffix of the operation's pointer: the same role
                    suffix = self.om[o_name].pointer[len(o_op.pointer) :]
                    candidates += [
                        (o_name, n_name)
                        for n_name in n_syn
                        if self.nm[n_name].pointer[len(n_op.pointer) :] == suffix
                    ]
            if o_op.request_body is not None and n_op.request_body is not None:
                candidates += _parallel_refs(o_op.request_body, n_op.request_body)
            if o_op.response is not None and n_op.response is not None:
                candidates += _parallel_refs(o_op.response, n_op.response)
            if o_op.stream is not None and n_op.stream is not None:
                candidates += _parallel_refs(o_op.stream.item, n_op.stream.item)
                if o_op.stream.envelope and n_op.stream.envelope:
                    candidates.append((o_op.stream.envelope, n_op.stream.envelope))
            new_params = {(p.field.wire_name, p.location): p for p in n_op.parameters}
            for p in o_op.parameters:
                q = new_params.get((p.field.wire_name, p.location))
                if q is not None:
                    candidates += _parallel_refs(p.field.type, q.field.type)
            new_errors = dict(n_op.error_responses)
            for status, t in o_op.error_responses:
                if t is not None and new_errors.get(status) is not None:
                    candidates += _parallel_refs(t, new_errors[status])
        return candidates

    # 2. pointer
    def _by_pointer(self) -> int:
        if not hasattr(self, "new_by_pointer"):
            self.new_by_pointer: dict[str, list[str]] = defaultdict(list)
            for name, model in self.nm.items():
                self.new_by_pointer[model.pointer].append(name)
        found = 0
        for name, model in self.om.items():
            if name in self.mapping:
                continue
            for other in self.new_by_pointer.get(model.pointer, ()):
                if (
                    self._free(name, other)
                    and type(model) is type(self.nm[other])
                    and self._similarity(name, other) >= self.POINTER_SIMILARITY
                ):
                    found += self._pair(name, other, "pointer")
                    break
        return found

    # 3. shape
    def _by_shape(self) -> int:
        """Pair the free models whose shape no other free model on either side has."""
        if self.dirty is None:
            self.dirty = {(True, n) for n in self.om if n not in self.mapping} | {
                (False, n) for n in self.nm if n not in self.reverse
            }
        for side, name in self.dirty:
            if name in (self.mapping if side else self.reverse):
                continue
            old_shape = self.shape_of.get((side, name))
            shape = self._shape((self.om if side else self.nm)[name], side)
            if shape != old_shape:
                if old_shape is not None:
                    self.buckets[side][old_shape].discard(name)
                self.buckets[side][shape].add(name)
                self.shape_of[(side, name)] = shape
                self.touched.add(shape)
        self.dirty = set()
        found = 0
        touched, self.touched = self.touched, set()
        for shape in sorted(touched):
            names, others = self.buckets[True].get(shape), self.buckets[False].get(
                shape
            )
            if names and others and len(names) == 1 and len(others) == 1:
                found += self._pair(next(iter(names)), next(iter(others)), "shape")
        return found

    def _shape(self, model: api.Model, old_side: bool) -> str:
        if old_side:
            key = lambda t: _type_key(t, lambda name: self.mapping.get(name, "?"))
        else:
            key = lambda t: _type_key(
                t, lambda name: name if name in self.reverse else "?"
            )
        if isinstance(model, api.ObjectModel):
            parts = sorted(
                f"{f.wire_name}{'!' if f.required else '?'}:{key(f.type)}"
                for f in model.fields
            )
            return "object{" + ",".join(parts) + "}"
        if isinstance(model, api.EnumModel):
            return "enum{" + ",".join(sorted(repr(v.value) for v in model.values)) + "}"
        return "union{" + ",".join(sorted(key(m) for m in model.members)) + "}"

    # 4. likeness
    def _likeness(self) -> None:
        old_free = [
            n
            for n in self.om
            if n not in self.mapping and n not in self.cmp.old_synthetic
        ]
        new_free = [
            n
            for n in self.nm
            if n not in self.reverse and n not in self.cmp.new_synthetic
        ]
        for o_name, n_name in self._best_pairs(
            old_free, new_free, self.LIKENESS, min_size=2
        ):
            if self._free(o_name, n_name):
                self._pair(o_name, n_name, "likeness")

    def _best_pairs(
        self,
        old_names: list[str],
        new_names: list[str],
        threshold: float,
        min_size: int = 0,
    ) -> list[tuple[str, str]]:
        """Mutually best pairs of the same kind with likeness >= threshold. Prefix filtering keeps
        it near-linear: two sets with Jaccard >= t share one of the |A| - ceil(t*|A|) + 1 rarest
        words of each."""
        if not old_names or not new_names:
            return []
        old_words = {name: self._wordset(True, name) for name in old_names}
        new_words = {name: self._wordset(False, name) for name in new_names}
        frequency: dict[str, int] = defaultdict(int)
        for words in (*old_words.values(), *new_words.values()):
            for word in words:
                frequency[word] += 1

        def prefix(words: frozenset[str]) -> list[str]:
            size = len(words) - math.ceil(threshold * len(words) - 1e-9) + 1
            return sorted(words, key=lambda w: (frequency[w], w))[: max(size, 1)]

        index: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, words in new_words.items():
            if len(words) >= min_size:
                kind = _kind_of(self.nm[name])
                for word in prefix(words):
                    index[(kind, word)].append(name)
        best_old: dict[str, tuple[float, str | None]] = {}
        best_new: dict[str, tuple[float, str | None]] = {}
        for o_name, words in old_words.items():
            if len(words) < min_size:
                continue
            kind = _kind_of(self.om[o_name])
            seen: set[str] = set()
            for word in prefix(words):
                for n_name in index.get((kind, word), ()):
                    if n_name in seen:
                        continue
                    seen.add(n_name)
                    score = self._similarity(o_name, n_name)
                    if score < threshold:
                        continue
                    for best, a, b in (
                        (best_old, o_name, n_name),
                        (best_new, n_name, o_name),
                    ):
                        current = best.get(a, (-1.0, None))[0]
                        if score > current:
                            best[a] = (score, b)
                        elif score == current:
                            best[a] = (score, None)  # a tie: ambiguous, pair neither
        return [
            (o, n)
            for o, (_, n) in best_old.items()
            if n is not None and best_new.get(n, (0.0, None))[1] == o
        ]

    def _wordset(self, old_side: bool, name: str) -> frozenset[str]:
        model = (self.om if old_side else self.nm)[name]
        if isinstance(
            model, api.UnionModel
        ):  # member names depend on the pairs found so far
            return frozenset(
                _words(
                    model, self.cmp._old_key if old_side else self.cmp._new_key, self.om
                )
            )
        key = (old_side, name)
        words = self.word_cache.get(key)
        if words is None:
            words = self.word_cache[key] = frozenset(
                _words(model, None, self.om if old_side else self.nm)
            )
        return words

    def _similarity(self, o_name: str, n_name: str) -> float:
        """Jaccard likeness of field names (with tag values), enum values or member types."""
        o, n = self.om[o_name], self.nm[n_name]
        if type(o) is not type(n):
            return 0.0
        key = (o_name, n_name)
        score = self.sim_cache.get(key)
        if score is None:
            a, b = self._wordset(True, o_name), self._wordset(False, n_name)
            union = len(a | b)
            score = len(a & b) / union if union else 1.0
            if score and isinstance(o, api.ObjectModel) and _tags_differ(a, b):
                score = 0.0  # `type: "a"` and `type: "b"`: two alternatives, not one model changed
            if not isinstance(o, api.UnionModel):
                self.sim_cache[key] = score
        return score


def _tags_differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both objects fix the same property to different values (`kind=a` / `kind=b`)."""
    tags_a = dict(w.split("=", 1) for w in a if "=" in w)
    tags_b = dict(w.split("=", 1) for w in b if "=" in w)
    return any(tags_b.get(k, v) != v for k, v in tags_a.items())


def _is_component(pointer: str) -> bool:
    return pointer.startswith("/components/schemas/") and pointer.count("/") == 3


def _words(model: api.Model, key, models: dict[str, api.Model]) -> set[str]:
    """What likeness compares: field names (and the values of fixed tags, so that events that
    differ only by their `type` tell apart), enum values, or member types."""
    if isinstance(model, api.ObjectModel):
        words = set()
        for f in model.fields:
            words.add(f.wire_name)
            tag = api.strip_null(f.type)
            if isinstance(tag, ModelRef):
                target = models.get(tag.name)
                if isinstance(target, api.EnumModel) and len(target.values) == 1:
                    words.add(f"{f.wire_name}={target.values[0].value}")
            elif isinstance(tag, ConstValue):
                words.add(f"{f.wire_name}={tag.value}")
        return words
    if isinstance(model, api.EnumModel):
        return {json.dumps(v.value) for v in model.values}
    if key is None:
        return {
            type_str(m) if not isinstance(m, ModelRef) else "@" for m in model.members
        } | {f"#{len(model.members)}"}
    return {key(m) for m in model.members}


def _parallel_refs(o: TypeRef, n: TypeRef) -> list[tuple[str, str]]:
    """Model names at the same spot of two types (`array[A]` and `array[B] | null` -> (A, B))."""
    o, n = api.strip_null(o), api.strip_null(n)
    if isinstance(o, ModelRef) and isinstance(n, ModelRef):
        return [(o.name, n.name)]
    if isinstance(o, ArrayOf) and isinstance(n, ArrayOf):
        return _parallel_refs(o.item, n.item)
    if isinstance(o, MapOf) and isinstance(n, MapOf):
        return _parallel_refs(o.value, n.value)
    return []


# ---- rendering -----------------------------------------------------------------------------


def _pointer_text(c: Change) -> str:
    old = f"`#{c.old_pointer}`" if c.old_pointer else "—"
    new = f"`#{c.new_pointer}`" if c.new_pointer else "—"
    return f"{old} → {new}"


def _line(entry: Classified) -> str:
    tag = entry.label if entry.breaking else "compatible"
    return f"- **{tag}** {entry.change.message} ({_pointer_text(entry.change)})"


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
        ids = (
            op.new_id
            if op.old_id in (None, op.new_id)
            else (op.old_id if op.new_id is None else f"{op.old_id} → {op.new_id}")
        )
        lines.append(f"### `{op.key}` ({ids}) — {op.status}")
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


def to_json(report: ChangeReport) -> str:
    """The report for tools: one document, sorted keys, changes in a stable order. Operations
    refer to changes by their index in `changes`, with the classification for that operation.
    """
    index = {id(entry.change): i for i, entry in enumerate(report.changes)}
    data = {
        "old": {"title": report.old_title, "version": report.old_version},
        "new": {"title": report.new_title, "version": report.new_version},
        "bump": report.bump,
        "summary": {
            "changes": len(report.changes),
            "wire_breaking": report.wire,
            "source_breaking": report.source,
            "breaking": report.breaking,
            "operations_changed": sum(
                op.status == "changed" for op in report.operations
            ),
            "operations_added": sum(op.status == "added" for op in report.operations),
            "operations_removed": sum(
                op.status == "removed" for op in report.operations
            ),
            "operations_unchanged": report.unchanged_operations,
        },
        "changes": [dict(_change_json(e), id=i) for i, e in enumerate(report.changes)],
        "operations": [
            {
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
            for op in report.operations
        ],
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

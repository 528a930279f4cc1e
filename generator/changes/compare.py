"""Every change from OLD to NEW: operations paired, models matched, differences listed and
classified by the rules of the sides each change is used on."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, TypedDict

from .. import api
from ..api import MISSING, AnyValue, ModelRef, Nullable, TypeRef
from .grouping import Grouping, OperationPairs, op_key
from .match import Evidence, kind_of, match_models
from .relate import (
    INCOMPATIBLE,
    NARROWER,
    SAME,
    WIDER,
    Difference,
    Relation,
    TypeRelator,
    any_null,
    new_key,
    type_str,
    value_key,
)
from .report import Change, ChangeReport
from .rules import (
    OPERATION,
    REQUEST,
    RESPONSE,
    ChangeKind,
    RuleSide,
)
from .usage import Version


class _Owner(TypedDict, total=False):
    """What a change belongs to: a side of an operation, or a model by its OLD and NEW name."""

    side: RuleSide
    old_model: str
    new_model: str


# How a rename was found, said after "model `A` renamed to `B`" (a same-name pair says nothing).
_EVIDENCE_TEXT = {
    Evidence.PLACE: "used at the same place",
    Evidence.POINTER: "at the same pointer",
    Evidence.SHAPE: "same shape",
    Evidence.LIKENESS: "similar shape",
}

# (relation of the values, whether the class changed too) -> the kind of a type change
_TYPE_CHANGE: dict[tuple[Relation, bool], ChangeKind] = {
    (SAME, True): "type.class_changed",
    (SAME, False): "type.format_changed",
    (WIDER, False): "type.wider",
    (WIDER, True): "type.wider.class",
    (NARROWER, False): "type.narrower",
    (NARROWER, True): "type.narrower.class",
    (INCOMPATIBLE, False): "type.incompatible",
    (INCOMPATIBLE, True): "type.incompatible",
}
_RELATION_NOTE = {
    SAME: "same shape",
    WIDER: "wider",
    NARROWER: "narrower",
    INCOMPATIBLE: "incompatible",
}


def compare(old: api.Api, new: api.Api) -> ChangeReport:
    """Every change from OLD to NEW, classified, grouped by operation."""
    return _Comparison(old, new).run()


def pair_operations(
    old: api.Api, new: api.Api
) -> tuple[OperationPairs, list[api.Operation]]:
    """Each OLD operation with the NEW one serving the same method and path (several OLD
    twins may map to one NEW operation), else the one with its operationId, else none; and
    the NEW operations no OLD one paired with.
    """
    by_route: dict[tuple[str, str], list[api.Operation]] = defaultdict(list)
    for op in new.operations:
        by_route[(op.method, op.path)].append(op)
    by_id = {op.operation_id: op for op in new.operations}
    old_routes = {(o.method, o.path) for o in old.operations}
    pairs: OperationPairs = []
    used: set[str] = set()
    for o_op in old.operations:
        candidates = by_route.get((o_op.method, o_op.path), [])
        match = _route_twin(o_op, candidates) if candidates else None
        moved = by_id.get(o_op.operation_id)
        if match is None and moved is not None:
            # the same operationId at a route OLD does not serve: the operation moved there
            match = moved if (moved.method, moved.path) not in old_routes else None
        pairs.append((o_op, match))
        if match is not None:
            used.add(match.operation_id)
    added = [op for op in new.operations if op.operation_id not in used]
    return pairs, added


def _route_twin(o_op: api.Operation, candidates: list[api.Operation]) -> api.Operation:
    """Of the NEW operations on OLD's route, the one with its operationId or pointer."""
    if len(candidates) == 1:
        return candidates[0]
    return (
        next((c for c in candidates if c.operation_id == o_op.operation_id), None)
        or next((c for c in candidates if c.pointer == o_op.pointer), None)
        or candidates[0]
    )


class _Comparison:
    def __init__(self, old: api.Api, new: api.Api):
        self.old, self.new = Version.of(old), Version.of(new)
        self.changes: list[Change] = []
        self.mapping: dict[str, str] = {}  # OLD model name -> NEW model name
        self.reverse: dict[str, str] = {}
        self.matched_by: dict[str, Evidence] = {}
        self.relator = TypeRelator(self.old.models, self.new.models, self.mapping)

    # -- driver ------------------------------------------------------------------------------

    def run(self) -> ChangeReport:
        op_pairs, added_ops = pair_operations(self.old.api, self.new.api)
        match = match_models(self.old, self.new, op_pairs)
        self.mapping, self.matched_by = match.pairs, match.evidence
        self.reverse = {n: o for o, n in self.mapping.items()}
        self.relator = TypeRelator(self.old.models, self.new.models, self.mapping)
        op_changes = [self._operation_changes(o_op, n_op) for o_op, n_op in op_pairs]
        added_changes = {
            n_op.operation_id: self._emit(
                "operation.added",
                op_key(n_op),
                f"operation `{n_op.operation_id}` (`{op_key(n_op)}`) added",
                None,
                n_op.pointer,
                side=OPERATION,
            )
            for n_op in added_ops
        }
        for o_name, n_name in self.mapping.items():
            self._compare_models(self.old.models[o_name], self.new.models[n_name])
        self._unpaired_models()
        return Grouping(self.old, self.new, self.changes, op_pairs, op_changes).build(
            added_ops, added_changes
        )

    def _operation_changes(
        self, o_op: api.Operation, n_op: api.Operation | None
    ) -> list[Change]:
        before = len(self.changes)
        if n_op is None:
            self._emit(
                "operation.removed",
                op_key(o_op),
                f"operation `{o_op.operation_id}` (`{op_key(o_op)}`) removed",
                o_op.pointer,
                None,
                side=OPERATION,
            )
        else:
            self._compare_operation(o_op, n_op)
        return self.changes[before:]

    def _unpaired_models(self) -> None:
        for model in self.old.api.models:
            if model.name not in self.mapping:
                self._emit(
                    "model.removed",
                    model.name,
                    f"model `{model.name}` ({kind_of(model)}) removed",
                    model.pointer,
                    None,
                    old_model=model.name,
                )
        for model in self.new.api.models:
            if model.name not in self.reverse:
                self._emit(
                    "model.added",
                    model.name,
                    f"model `{model.name}` ({kind_of(model)}) added",
                    None,
                    model.pointer,
                    new_model=model.name,
                )

    def _emit(
        self,
        kind: ChangeKind,
        where: str,
        message: str,
        old_pointer: str | None,
        new_pointer: str | None,
        *,
        old: Any = None,
        new: Any = None,
        side: RuleSide | None = None,
        old_model: str | None = None,
        new_model: str | None = None,
    ) -> Change:
        change = Change(
            kind,
            where,
            message,
            old_pointer,
            new_pointer,
            old=old,
            new=new,
            side=side,
            old_model=old_model,
            new_model=new_model,
        )
        self.changes.append(change)
        return change

    # -- operations --------------------------------------------------------------------------

    def _compare_operation(self, o: api.Operation, n: api.Operation) -> None:
        key = op_key(n)
        self._compare_identity(key, o, n)
        self._compare_parameters(key, o, n)
        self._compare_request_body(key, o, n)
        self._compare_response(key, o, n)
        self._compare_stream(key, o, n)
        self._compare_errors(key, o, n)

    def _compare_identity(self, key: str, o: api.Operation, n: api.Operation) -> None:
        """Its route, its client method, its operationId, its deprecation."""
        if (o.method, o.path) != (n.method, n.path):
            self._emit(
                "operation.moved",
                key,
                f"operation `{n.operation_id}` moved from `{op_key(o)}` to `{key}`",
                o.pointer,
                n.pointer,
                old=op_key(o),
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

    def _compare_parameters(self, key: str, o: api.Operation, n: api.Operation) -> None:
        old_params = {(p.field.wire_name, p.location): p for p in o.parameters}
        new_params = {(p.field.wire_name, p.location): p for p in n.parameters}
        old_by_name = {p.field.wire_name: p for p in o.parameters}
        new_by_name = {p.field.wire_name: p for p in n.parameters}
        for (name, location), p in old_params.items():
            where = f"{key} ({location} `{name}`)"
            if (name, location) in new_params:
                q = new_params[(name, location)]
                self._compare_field(where, p.field, q.field, {"side": REQUEST})
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
                self._compare_field(where, p.field, q.field, {"side": REQUEST})
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
            moved_here = (
                name in old_by_name
                and (name, old_by_name[name].location) not in new_params
            )
            if (name, location) in old_params or moved_here:
                continue
            required = q.field.required
            self._emit(
                "parameter.added.required" if required else "parameter.added.optional",
                f"{key} ({location} `{name}`)",
                f"{'required' if required else 'optional'} {location} parameter `{name}` added, type `{type_str(q.field.type)}`",
                o.pointer,
                q.field.pointer,
                new=type_str(q.field.type),
                side=REQUEST,
            )

    def _compare_request_body(
        self, key: str, o: api.Operation, n: api.Operation
    ) -> None:
        where = f"{key} (request body)"
        o_ptr, n_ptr = o.pointer + "/requestBody", n.pointer + "/requestBody"
        if o.request_body is None and n.request_body is not None:
            required = n.request_body_required
            self._emit(
                (
                    "request_body.added.required"
                    if required
                    else "request_body.added.optional"
                ),
                where,
                f"{'required' if required else 'optional'} request body `{type_str(n.request_body)}` added",
                o.pointer,
                n_ptr,
                new=type_str(n.request_body),
                side=REQUEST,
            )
        elif o.request_body is not None and n.request_body is None:
            self._emit(
                "request_body.removed",
                where,
                f"request body `{type_str(o.request_body)}` removed",
                o_ptr,
                n.pointer,
                old=type_str(o.request_body),
                side=REQUEST,
            )
        elif o.request_body is not None and n.request_body is not None:
            self._compare_bodies(where, o, n, o.request_body, n.request_body)

    def _compare_bodies(
        self,
        where: str,
        o: api.Operation,
        n: api.Operation,
        o_body: TypeRef,
        n_body: TypeRef,
    ) -> None:
        """A request body in both versions: required-ness, media type, type."""
        o_ptr, n_ptr = o.pointer + "/requestBody", n.pointer + "/requestBody"
        if o.request_body_required != n.request_body_required:
            required = n.request_body_required
            self._emit(
                "request_body.required" if required else "request_body.optional",
                where,
                f"request body is now {'required' if required else 'optional'}",
                o_ptr,
                n_ptr,
                old=o.request_body_required,
                new=n.request_body_required,
                side=REQUEST,
            )
        if o.request_content_type != n.request_content_type:
            self._emit(
                "request_body.media_type_changed",
                where,
                f"request media type `{o.request_content_type}` → `{n.request_content_type}`",
                o_ptr,
                n_ptr,
                old=o.request_content_type,
                new=n.request_content_type,
                side=REQUEST,
            )
        self._compare_type(
            where, "request body", o_body, n_body, o_ptr, n_ptr, {"side": REQUEST}
        )

    def _compare_response(self, key: str, o: api.Operation, n: api.Operation) -> None:
        """The JSON success response."""
        where = f"{key} (response)"
        o_ptr, n_ptr = o.pointer + "/responses", n.pointer + "/responses"
        if o.response is None and n.response is not None:
            self._emit(
                "response.added",
                where,
                f"JSON response `{type_str(n.response)}` added",
                o_ptr,
                n_ptr,
                new=type_str(n.response),
                side=RESPONSE,
            )
        elif o.response is not None and n.response is None:
            self._emit(
                "response.removed",
                where,
                f"JSON response `{type_str(o.response)}` removed",
                o_ptr,
                n_ptr,
                old=type_str(o.response),
                side=RESPONSE,
            )
        elif o.response is not None and n.response is not None:
            self._compare_type(
                where,
                "response",
                o.response,
                n.response,
                o_ptr,
                n_ptr,
                {"side": RESPONSE},
            )

    def _compare_stream(self, key: str, o: api.Operation, n: api.Operation) -> None:
        """The `text/event-stream` response: its events and its end-of-stream sentinel."""
        where = f"{key} (event stream)"
        o_ptr, n_ptr = o.pointer + "/responses", n.pointer + "/responses"
        if o.stream is None and n.stream is not None:
            self._emit(
                "stream.added",
                where,
                f"`text/event-stream` response of `{type_str(n.stream.item)}` added",
                o_ptr,
                n_ptr,
                new=type_str(n.stream.item),
                side=RESPONSE,
            )
        elif o.stream is not None and n.stream is None:
            self._emit(
                "stream.removed",
                where,
                f"`text/event-stream` response of `{type_str(o.stream.item)}` removed",
                o_ptr,
                n_ptr,
                old=type_str(o.stream.item),
                side=RESPONSE,
            )
        elif o.stream is not None and n.stream is not None:
            self._compare_type(
                where,
                "event",
                o.stream.item,
                n.stream.item,
                o_ptr,
                n_ptr,
                {"side": RESPONSE},
            )
            if o.stream.sentinel != n.stream.sentinel:
                self._emit(
                    _sentinel_kind(o.stream.sentinel, n.stream.sentinel),
                    where,
                    f"end-of-stream sentinel `{o.stream.sentinel}` → `{n.stream.sentinel}`",
                    o_ptr,
                    n_ptr,
                    old=o.stream.sentinel,
                    new=n.stream.sentinel,
                    side=RESPONSE,
                )

    def _compare_errors(self, key: str, o: api.Operation, n: api.Operation) -> None:
        """Error responses, by status."""
        old_errors, new_errors = dict(o.error_responses), dict(n.error_responses)
        n_resp_ptr = n.pointer + "/responses"
        for status, o_type in old_errors.items():
            where = f"{key} (error {status})"
            n_type = new_errors.get(status)
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
            elif o_type is not None and n_type is not None:
                self._compare_type(
                    where,
                    f"error {status} body",
                    o_type,
                    n_type,
                    f"{o.pointer}/responses/{status}",
                    f"{n.pointer}/responses/{status}",
                    {"side": RESPONSE},
                )
        for status, added_type in new_errors.items():
            if status not in old_errors:
                self._emit(
                    "error.added",
                    f"{key} (error {status})",
                    f"error response {status} `{type_str(added_type)}` added",
                    o.pointer + "/responses",
                    f"{n.pointer}/responses/{status}",
                    new=type_str(added_type),
                    side=RESPONSE,
                )

    # -- models ------------------------------------------------------------------------------

    def _compare_models(self, o: api.Model, n: api.Model) -> None:
        names: _Owner = {"old_model": o.name, "new_model": n.name}
        if o.name != n.name:
            how = _EVIDENCE_TEXT.get(self.matched_by.get(o.name, Evidence.NAME), "")
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
        if o.name in self.old.synthetic or n.name in self.new.synthetic:
            return  # its content is the operation's parameters, body and responses
        if type(o) is not type(n):
            self._emit(
                "model.kind_changed",
                n.name,
                f"model `{n.name}`: {kind_of(o)} → {kind_of(n)}",
                o.pointer,
                n.pointer,
                old=kind_of(o),
                new=kind_of(n),
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
        if isinstance(o, api.ObjectModel) and isinstance(n, api.ObjectModel):
            self._compare_objects(o, n, names)
        elif isinstance(o, api.EnumModel) and isinstance(n, api.EnumModel):
            self._compare_enums(o, n, names)
        elif isinstance(o, api.UnionModel) and isinstance(n, api.UnionModel):
            self._compare_unions(o, n, names)

    def _compare_objects(
        self, o: api.ObjectModel, n: api.ObjectModel, names: _Owner
    ) -> None:
        new_fields = {f.wire_name: f for f in n.fields}
        old_fields = {f.wire_name: f for f in o.fields}
        for f in o.fields:
            where = f"{n.name}.{f.wire_name}"
            if f.wire_name in new_fields:
                self._compare_field(where, f, new_fields[f.wire_name], names)
                continue
            self._emit(
                "field.removed.required" if f.required else "field.removed.optional",
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
            self._emit(
                "field.added.required" if f.required else "field.added.optional",
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
                names,
            )

    def _compare_enums(self, o: api.EnumModel, n: api.EnumModel, names: _Owner) -> None:
        self._compare_enum_values(o, n, names)
        if o.open != n.open:
            text = (
                "is now open (unknown values are kept)"
                if n.open
                else "is now closed (unknown values are rejected)"
            )
            self._emit(
                "enum.opened" if n.open else "enum.closed",
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

    def _compare_enum_values(
        self, o: api.EnumModel, n: api.EnumModel, names: _Owner
    ) -> None:
        old_values = {value_key(v.value): v for v in o.values}
        new_values = {value_key(v.value): v for v in n.values}
        o_ptr, n_ptr = f"{o.pointer}/enum", f"{n.pointer}/enum"
        for key, v in old_values.items():
            w = new_values.get(key)
            if w is None:
                self._emit(
                    "enum.value_removed",
                    n.name,
                    f"`{n.name}`: value `{json.dumps(v.value)}` removed",
                    o_ptr,
                    n_ptr,
                    old=v.value,
                    **names,
                )
            elif w.member_name != v.member_name:
                self._emit(
                    "enum.member_renamed",
                    n.name,
                    f"`{n.name}`: member `{v.member_name}` renamed to `{w.member_name}` (value `{json.dumps(v.value)}`)",
                    o_ptr,
                    n_ptr,
                    old=v.member_name,
                    new=w.member_name,
                    **names,
                )
        for key, v in new_values.items():
            if key not in old_values:
                self._emit(
                    "enum.value_added.open" if o.open else "enum.value_added.closed",
                    n.name,
                    f"`{n.name}`: value `{json.dumps(v.value)}` added ({'open' if o.open else 'closed'} enum)",
                    o_ptr,
                    n_ptr,
                    new=v.value,
                    **names,
                )

    def _compare_unions(
        self, o: api.UnionModel, n: api.UnionModel, names: _Owner
    ) -> None:
        old_keys = {self.relator.old_key(m): m for m in o.members}
        new_keys = {new_key(m): m for m in n.members}
        removed = [m for key, m in old_keys.items() if key not in new_keys]
        added = [m for key, m in new_keys.items() if key not in old_keys]
        # A member respelled with the same values (`const: a` -> `enum: [a]`, an unpaired class of
        # the same shape) changed its type, not the set of alternatives.
        for m in list(removed):
            twin = next(
                (a for a in added if self.relator.relate(m, a)[0] is SAME), None
            )
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
        owner: _Owner,
    ) -> None:
        """`owner`: the side of an operation's parameter, or the model of a field."""
        if o.python_name != n.python_name:
            self._emit(
                "field.renamed",
                where,
                f"`{where}`: Python name `{o.python_name}` → `{n.python_name}`",
                o.pointer,
                n.pointer,
                old=o.python_name,
                new=n.python_name,
                **owner,
            )
        if o.required != n.required:
            self._emit(
                "field.required" if n.required else "field.optional",
                where,
                f"`{where}` is now {'required' if n.required else 'optional'}",
                o.pointer,
                n.pointer,
                old=o.required,
                new=n.required,
                **owner,
            )
        self._compare_type(where, None, o.type, n.type, o.pointer, n.pointer, owner)
        if not _same_value(o.default, n.default):
            self._emit(
                _default_kind(o.default, n.default),
                where,
                f"`{where}`: default `{_show(o.default)}` → `{_show(n.default)}`",
                o.pointer,
                n.pointer,
                old=_jsonable(o.default),
                new=_jsonable(n.default),
                **owner,
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
                **owner,
            )

    def _compare_type(
        self,
        where: str,
        what: str | None,
        o: TypeRef,
        n: TypeRef,
        op: str,
        np: str,
        owner: _Owner,
    ) -> None:
        label = f"`{where}`" if what is None else f"{what}"
        o, n = any_null(o), any_null(n)
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
                **owner,
            )
        rel, flags = self.relator.relate(api.strip_null(o), api.strip_null(n))
        if rel is SAME and not flags:
            return
        kind = _TYPE_CHANGE[(rel, Difference.CLASS in flags)]
        note = "format" if kind == "type.format_changed" else _RELATION_NOTE[rel]
        old_text = f"`{type_str(api.strip_null(o))}`"
        new_text = f"`{type_str(api.strip_null(n))}`"
        o_enum, n_enum = _enum_of(o, self.old.models), _enum_of(n, self.new.models)
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
            **owner,
        )


def _sentinel_kind(old: str | None, new: str | None) -> ChangeKind:
    if old is None:
        return "stream.sentinel_added"
    return "stream.sentinel_removed" if new is None else "stream.sentinel_changed"


def _default_kind(old: Any, new: Any) -> ChangeKind:
    if old is MISSING:
        return "default.added"
    return "default.removed" if new is MISSING else "default.changed"


def _enum_of(t: TypeRef, models: dict[str, api.Model]) -> api.EnumModel | None:
    t = api.strip_null(t)
    model = models.get(t.name) if isinstance(t, ModelRef) else None
    return model if isinstance(model, api.EnumModel) else None


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

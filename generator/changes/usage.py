"""Which models each operation uses, and on which side: one version of the API, indexed.

Model changes are judged by the request rules, the response rules or both depending on where
operations use the model: ModelRefs are followed from request bodies and parameters (request
side) and from responses, streams and error bodies (response side).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import api
from ..api import Api, Model, ModelRef, TypeRef
from .rules import REQUEST, RESPONSE, SIDES, Side

# (operationId, side): the key of what one operation uses on one side.
OperationSide = tuple[str, Side]


@dataclass(frozen=True)
class Version:
    """One version of the API with the indexes the comparison reads."""

    api: Api
    models: dict[str, Model]  # by class name
    # Models the builder makes for an operation (the `{Op}Request` of parameters and body,
    # the `{Op}Response` union of JSON and stream): their content is reported on the operation.
    synthetic: dict[str, OperationSide]
    children: dict[str, tuple[str, ...]]  # model -> the models it refers to, in order
    # operation side -> models it uses without a ModelRef (synthetic and attached ones)
    attached_by_op: dict[OperationSide, list[str]]

    @classmethod
    def of(cls, a: Api) -> Version:
        synthetic = _synthetic_models(a)
        return cls(
            api=a,
            models=a.models_by_name,
            synthetic=synthetic,
            children={
                m.name: tuple(dict.fromkeys(api.model_children(m))) for m in a.models
            },
            attached_by_op=_by_operation({**_attached_models(a), **synthetic}),
        )


def _by_operation(models: dict[str, OperationSide]) -> dict[OperationSide, list[str]]:
    found: dict[OperationSide, list[str]] = defaultdict(list)
    for name, key in models.items():
        found[key].append(name)
    return found


def _attached_models(a: api.Api) -> dict[str, OperationSide]:
    """Models an operation uses without a ModelRef (its `{Op}Security` credentials, request
    side): name -> (operationId, side). Unlike synthetic models their content is compared.
    """
    security = {op.pointer + "/security": op.operation_id for op in a.operations}
    return {
        m.name: (security[m.pointer], REQUEST)
        for m in a.models
        if m.pointer in security
    }


def _synthetic_models(a: api.Api) -> dict[str, OperationSide]:
    """Models that only wrap what an operation sends or receives, whose content is reported on
    the operation itself: the `{Op}Request` of parameters and body, the `{Op}Response` union of
    JSON and stream, and the SSE envelope around each event. Name -> (operationId, side).
    """
    request_pointers = {op.pointer: op.operation_id for op in a.operations}
    response_pointers = {
        op.pointer + "/responses": op.operation_id for op in a.operations
    }
    found: dict[str, OperationSide] = {
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


def _side_types(op: api.Operation, side: Side) -> list[TypeRef]:
    """The types an operation sends (request) or receives (response)."""
    types: list[TypeRef] = []
    if side == REQUEST:
        types += [p.field.type for p in op.parameters]
        if op.request_body is not None:
            types.append(op.request_body)
        return types
    if op.response is not None:
        types.append(op.response)
    if op.stream is not None:
        types.append(op.stream.item)
        if op.stream.envelope:
            types.append(ModelRef(op.stream.envelope))
    types += [t for _, t in op.error_responses if t is not None]
    return types


class Reach:
    """Which models an operation uses on each side, following ModelRefs."""

    def __init__(self, version: Version):
        self.version = version
        self.cache: dict[OperationSide, set[str]] = {}

    def roots(self, op: api.Operation, side: Side) -> list[str]:
        names = [
            name for t in _side_types(op, side) for name in api.referenced_models(t)
        ]
        return names + self.version.attached_by_op.get((op.operation_id, side), [])

    def sides_by_model(self) -> dict[str, set[Side]]:
        """The sides on which some operation uses each model: one walk per side from the
        roots of every operation (a walk per operation repeats large cycles of models, such
        as Stripe's expandable resources, once per operation)."""
        found: dict[str, set[Side]] = defaultdict(set)
        for side in SIDES:
            roots = [
                name
                for op in self.version.api.operations
                for name in self.roots(op, side)
            ]
            for name in self._reached(roots):
                found[name].add(side)
        return found

    def of(self, op: api.Operation, side: Side) -> set[str]:
        key = (op.operation_id, side)
        if key not in self.cache:
            self.cache[key] = self._reached(self.roots(op, side))
        return self.cache[key]

    def _reached(self, roots: list[str]) -> set[str]:
        """The models `roots` name, and every model their fields and members lead to."""
        children = self.version.children
        seen: set[str] = set()
        stack = [n for n in roots if n in children]
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(c for c in children.get(name, ()) if c not in seen)
        return seen

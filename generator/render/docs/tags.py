"""Discriminator tags shown as their value: the newer reference generator's pages.

An object that the API uses only as a member of unions discriminated by one property, say
`type`, has one value there: the member's tag. The reference generator (its versions that write
`x-speakeasy-globals`, like `const_literals`) types such a property as that literal
(`*"text"*`) and writes no enum page for it; the model classes keep their enum. Used anywhere
else (a field's type, a body, a union its tag does not tell apart), the object keeps the enum
on its page too. Of the objects used only under a declared discriminator in the two newer
training sets, 106 of 108 show the literal there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from ... import api
from ...api import ConstValue, ModelRef, TypeRef

_PREFERRED_TAG = "type"
# How an object is used: as a member of a union discriminated by this property, else `None`.
_Use = str | None


def with_tag_literals(model_api: api.Api) -> api.Api:
    """`model_api` with each such tag property typed as its value, and the enums that only
    those properties used left out."""
    operation_models = _operation_models(model_api)
    tags = _tag_properties(model_api, operation_models)
    if not tags:
        return model_api
    models = [
        _with_literal(model, *tags[model.name]) if model.name in tags else model
        for model in model_api.models
    ]
    still_used = {
        name for model in models for name in api.model_children(model)
    } | operation_models
    dropped = {enum.name for _, enum in tags.values()} - still_used
    return replace(model_api, models=tuple(m for m in models if m.name not in dropped))


def _tag_properties(
    model_api: api.Api, operation_models: set[str]
) -> dict[str, tuple[str, api.EnumModel]]:
    """{object model: (its tag property, the enum typing it)} for the objects used only as
    discriminated members."""
    uses: dict[str, set[_Use]] = defaultdict(set)
    for model in model_api.models:
        if isinstance(model, api.UnionModel):
            tag = (
                model.discriminator.property
                if model.discriminator
                else _implied_tag(model, model_api)
            )
            for member in model.members:
                if isinstance(member, ModelRef):
                    uses[member.name].add(tag)
                else:
                    for name in api.referenced_models(member):
                        uses[name].add(None)
        else:
            for name in api.model_children(model):
                uses[name].add(None)
    for name in operation_models:
        uses[name].add(None)
    found: dict[str, tuple[str, api.EnumModel]] = {}
    for name, tags in uses.items():
        if len(tags) != 1 or None in tags:
            continue
        (tag,) = tags
        candidate = model_api.models_by_name.get(name)
        if isinstance(candidate, api.ObjectModel) and tag is not None:
            enum = _one_value_enum(candidate, tag, model_api)
            if enum is not None:
                found[name] = (tag, enum)
    return found


def _implied_tag(union: api.UnionModel, model_api: api.Api) -> str | None:
    """The property that tells the members apart though the spec names no discriminator: one
    every member is an object with, required, as a one-value enum of a value no other member
    has; `type` when it is one, else the first in the first member's order. The reference
    generator infers such discriminators (`preApplyUnionDiscriminators`); two members with the
    same value (`source: openrouter` twice) leave a union undiscriminated."""
    members = [
        model_api.models_by_name.get(m.name) if isinstance(m, ModelRef) else None
        for m in union.members
    ]
    objects = [m for m in members if isinstance(m, api.ObjectModel)]
    if not objects or len(objects) != len(members):
        return None
    tags = [
        field.wire_name
        for field in objects[0].fields
        if _tells_apart(objects, field.wire_name, model_api)
    ]
    return _PREFERRED_TAG if _PREFERRED_TAG in tags else next(iter(tags), None)


def _tells_apart(members: list[api.ObjectModel], tag: str, model_api: api.Api) -> bool:
    values = []
    for member in members:
        enum = _one_value_enum(member, tag, model_api)
        if enum is None:
            return False
        values.append(enum.values[0].value)
    return len(set(map(repr, values))) == len(values)


def _one_value_enum(
    model: api.ObjectModel, tag: str, model_api: api.Api
) -> api.EnumModel | None:
    """The closed one-value enum that types the required property `tag`, if it is one."""
    for field in model.fields:
        if field.wire_name != tag or not field.required:
            continue
        if isinstance(field.type, ModelRef):
            enum = model_api.models_by_name.get(field.type.name)
            if (
                isinstance(enum, api.EnumModel)
                and len(enum.values) == 1
                and not enum.open
            ):
                return enum
    return None


def _with_literal(model: api.Model, tag: str, enum: api.EnumModel) -> api.Model:
    assert isinstance(model, api.ObjectModel)
    literal = ConstValue(enum.values[0].value, enum.base)
    fields = tuple(
        replace(field, type=literal) if field.wire_name == tag else field
        for field in model.fields
    )
    return replace(model, fields=fields)


def _operation_models(model_api: api.Api) -> set[str]:
    """The models an operation names directly (its parameters, bodies, streams, errors)."""
    return {
        name
        for op in model_api.operations
        for t in _operation_types(op)
        for name in api.referenced_models(t)
    }


def _operation_types(op: api.Operation) -> Iterator[TypeRef]:
    yield from (parameter.field.type for parameter in op.parameters)
    if op.request_body is not None:
        yield op.request_body
    if op.response is not None:
        yield op.response
    yield from (t for _, t in op.other_responses)
    if op.stream is not None:
        yield op.stream.item
        if op.stream.envelope:
            yield ModelRef(op.stream.envelope)
    yield from (t for _, t in op.error_responses if t is not None)

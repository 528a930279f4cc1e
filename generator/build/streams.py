"""`text/event-stream` responses: the item each event carries and whether it is a chat chunk."""

from __future__ import annotations

from typing import Any

from .. import api
from ..api import ArrayOf, ModelRef, TypeRef
from .models import ModelBuilder

# Keys of an SSE envelope schema (`{data: X, event: ..., id: ...}`), unwrapped to X.
ENVELOPE_KEYS = frozenset({"data", "event", "id", "retry"})


def event_stream(
    models: ModelBuilder, schema: Any, pointer: str, media_object: dict, root: str
) -> api.EventStream:
    envelope_type = models.named_top_level(schema, pointer, root + "ResponseBody", root)
    envelope_model = (
        models.ensure(envelope_type.name)
        if isinstance(envelope_type, ModelRef)
        else None
    )
    item: TypeRef = envelope_type
    envelope_name = None
    has_event = False
    if isinstance(envelope_model, api.ObjectModel):
        names = {f.wire_name for f in envelope_model.fields}
        if "data" in names and names <= ENVELOPE_KEYS:
            item = next(f.type for f in envelope_model.fields if f.wire_name == "data")
            envelope_name = envelope_model.name
            has_event = "event" in names
    sentinel = media_object.get("x-speakeasy-sse-sentinel")
    return api.EventStream(
        item=item,
        sentinel=str(sentinel) if sentinel is not None else None,
        envelope=envelope_name,
        has_event_name=has_event,
        accumulates_chat=_is_chat_chunk(models, api.strip_null(item)),
    )


def _is_chat_chunk(models: ModelBuilder, item: TypeRef) -> bool:
    """Items with `choices[].delta`: the stream can accumulate them into a completion."""
    model = models.ensure(item.name) if isinstance(item, ModelRef) else None
    if not isinstance(model, api.ObjectModel):
        return False
    choices = next((f for f in model.fields if f.wire_name == "choices"), None)
    choice_type = api.strip_null(choices.type) if choices else None
    if not isinstance(choice_type, ArrayOf):
        return False
    choice_ref = api.strip_null(choice_type.item)
    if not isinstance(choice_ref, ModelRef):
        return False
    choice = models.ensure(choice_ref.name)
    return isinstance(choice, api.ObjectModel) and any(
        f.wire_name == "delta" for f in choice.fields
    )

"""Streamed responses: the item each event (or line) carries and whether it is a chat chunk.

3.0/3.1 `text/event-stream` responses are read from their `schema` (an SSE envelope unwrapped to
its `data`); OpenAPI 3.2 sequential media types from their `itemSchema`: SSE event objects whose
`data` gives the payload (`contentMediaType`/`contentSchema`), JSON Lines / NDJSON and JSON-seq.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import api
from ..api import ArrayOf, ModelRef, TypeRef
from ..naming import pascal
from .models import ModelBuilder
from .predicates import is_ref

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


# ---- OpenAPI 3.2: sequential media types described by `itemSchema` ---------------------------

SEQUENTIAL_MEDIA_TYPES: dict[str, api.StreamFraming] = {
    "text/event-stream": "sse",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/json-seq": "json-seq",
}
_MAX_REF_HOPS = 64  # a $ref chain longer than this is a cycle or a mistake


@dataclass(frozen=True)
class _Payload:
    """One kind of item an SSE item schema allows: the event name that marks it, its data schema."""

    event: str | None
    schema: Any
    pointer: str


def sequential_framing(media_type: str, media_object: Any) -> api.StreamFraming | None:
    """The framing of a 3.2 media type that has an `itemSchema`, else None."""
    if not isinstance(media_object, dict) or "itemSchema" not in media_object:
        return None
    return SEQUENTIAL_MEDIA_TYPES.get(media_type.split(";", 1)[0].strip().lower())


def item_stream(
    models: ModelBuilder, media_type: str, media_object: dict, pointer: str, root: str
) -> api.EventStream:
    """The typed stream of a 3.2 sequential media type; `pointer` is the media type object's."""
    framing = sequential_framing(media_type, media_object)
    assert framing is not None
    item_pointer = pointer + "/itemSchema"
    if framing != "sse":
        # Every line (record) is one JSON text of the item schema.
        item = models.named_top_level(
            media_object["itemSchema"], item_pointer, root + "StreamItem", root
        )
        return api.EventStream(
            item=item,
            sentinel=None,
            envelope=None,
            has_event_name=False,
            accumulates_chat=_is_chat_chunk(models, api.strip_null(item)),
            framing=framing,
            media_type=media_type.split(";", 1)[0].strip().lower(),
        )
    return _sse_item_stream(models, media_object["itemSchema"], item_pointer, root)


def _sse_item_stream(
    models: ModelBuilder, schema: Any, pointer: str, root: str
) -> api.EventStream:
    payloads, sentinels, has_event = _SseItemReader(models).read(schema, pointer)
    if len(sentinels) > 1:
        raise models.doc.error(
            f"the item schema ends the stream with several `data` constants {sentinels}",
            pointer,
            "keep one `const` data value (such as `[DONE]`) as the end of the stream",
        )
    if not payloads:
        raise models.doc.error(
            "the SSE item schema has no event with a `data` payload",
            pointer,
            "give the item schema a `data` property (a string, with `contentMediaType: "
            "application/json` and `contentSchema` for JSON)",
        )
    typed = [
        (payload.event, _payload_type(models, payload, root)) for payload in payloads
    ]
    item = typed[0][1] if len(typed) == 1 else _item_union(models, typed, pointer, root)
    names = [event for event, _ in typed]
    selects = len(typed) > 1 and None not in names and len(set(names)) == len(names)
    return api.EventStream(
        item=item,
        sentinel=sentinels[0] if sentinels else None,
        envelope=None,
        has_event_name=has_event,
        accumulates_chat=_is_chat_chunk(models, api.strip_null(item)),
        event_items=(
            tuple((str(event), type_) for event, type_ in typed) if selects else ()
        ),
    )


def _payload_type(models: ModelBuilder, payload: _Payload, root: str) -> TypeRef:
    if payload.schema is None:  # data is plain text
        return api.Primitive("string")
    name = root + pascal(payload.event or "") + "StreamItem"
    return models.named_top_level(payload.schema, payload.pointer, name, root)


def _item_union(
    models: ModelBuilder,
    typed: list[tuple[str | None, TypeRef]],
    pointer: str,
    root: str,
) -> TypeRef:
    """Several payloads: the union `{Op}StreamItem` of their types (distinct, in spec order)."""
    members = tuple(dict.fromkeys(api.strip_null(type_) for _, type_ in typed))
    if len(members) == 1:
        return members[0]
    name = models.namer.claim([root + "StreamItem"], in_operation=True)
    models.models[name] = api.UnionModel(
        name=name, members=members, pointer=pointer, group="operations"
    )
    return ModelRef(name)


class _SseItemReader:
    """Reads an SSE `itemSchema`: an event object (`event`, `data`, `id`, `retry`), or a
    `oneOf`/`anyOf` of them, into the payloads it allows and the data constants that end it.
    """

    def __init__(self, models: ModelBuilder) -> None:
        self.models = models
        self.payloads: list[_Payload] = []
        self.sentinels: list[str] = []
        self.has_event = False

    def read(self, schema: Any, pointer: str) -> tuple[list[_Payload], list[str], bool]:
        schema, pointer = self.follow(schema, pointer)
        alternatives = _alternatives(schema, pointer)
        for member, member_pointer in alternatives or [(schema, pointer)]:
            self._event(*self.follow(member, member_pointer))
        return self.payloads, self.sentinels, self.has_event

    def follow(self, schema: Any, pointer: str) -> tuple[Any, str]:
        """The schema a `$ref` chain ends at, and its pointer."""
        for _ in range(_MAX_REF_HOPS):
            if not is_ref(schema):
                return schema, pointer
            target = self.models.ref_pointer(schema["$ref"], pointer)
            schema, pointer = self.models.resolve(target, pointer), target
        raise self.models.doc.error(
            f"more than {_MAX_REF_HOPS} $refs in a row", pointer, "shorten the chain"
        )

    def _event(self, event: Any, pointer: str) -> None:
        properties = event.get("properties") if isinstance(event, dict) else None
        if not isinstance(properties, dict) or not set(properties) <= ENVELOPE_KEYS:
            raise self.models.doc.error(
                "an SSE item schema describes one event: an object whose properties are "
                "among `event`, `data`, `id` and `retry`",
                pointer,
                "describe the event's fields, and the payload with `data`'s `contentSchema`",
            )
        name = None
        if "event" in properties:
            self.has_event = True
            name = self._event_name(*self.follow(properties["event"], pointer))
        if "data" in properties:
            data, data_pointer = self.follow(
                properties["data"], pointer + "/properties/data"
            )
            self._data(name, data, data_pointer)

    @staticmethod
    def _event_name(schema: Any, _pointer: str) -> str | None:
        """The one event name a schema allows (`const`, or an `enum` of one), else None."""
        if not isinstance(schema, dict):
            return None
        if isinstance(schema.get("const"), str):
            return str(schema["const"])
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
            return enum[0]
        return None

    def _data(self, event: str | None, data: Any, pointer: str) -> None:
        alternatives = _alternatives(data, pointer)
        if alternatives:
            for member, member_pointer in alternatives:
                self._data(event, *self.follow(member, member_pointer))
            return
        if isinstance(data, dict) and isinstance(data.get("const"), str):
            self.sentinels.append(data["const"])  # e.g. `[DONE]`: the end of the stream
            return
        self.payloads.append(self._payload(event, data, pointer))

    def _payload(self, event: str | None, data: Any, pointer: str) -> _Payload:
        if not isinstance(data, dict) or "contentSchema" not in data:
            # A string without contentSchema is text; any other schema is the JSON data itself.
            is_text = isinstance(data, dict) and data.get("type") == "string"
            return _Payload(event, None if is_text else data, pointer)
        media = str(data.get("contentMediaType", "application/json"))
        if not media.split(";", 1)[0].strip().lower().endswith(("/json", "+json")):
            raise self.models.doc.error(
                f"the event data's contentMediaType {media!r} is not JSON",
                pointer + "/contentMediaType",
                "use `contentMediaType: application/json`, or drop `contentSchema` for text",
            )
        return _Payload(event, data["contentSchema"], pointer + "/contentSchema")


def _alternatives(schema: Any, pointer: str) -> list[tuple[Any, str]]:
    """The members of a `oneOf`/`anyOf` schema with their pointers; [] for any other schema."""
    if not isinstance(schema, dict):
        return []
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list):
            return [(m, f"{pointer}/{key}/{i}") for i, m in enumerate(members)]
    return []

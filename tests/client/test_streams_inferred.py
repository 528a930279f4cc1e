"""Streams without vendor extensions: a boolean `stream` body property selects the event stream when the
response offers JSON and text/event-stream; an operation that offers only an event stream always streams.
"""

from __future__ import annotations

import asyncio
import json
from types import ModuleType
from typing import Any

from starlette.responses import JSONResponse, Response

from . import wire
from .wire import BOTH, Recorded

feature_sdk = wire.feature_sdk  # the fixtures `sdk` and `recorder`
feature_recorder = wire.feature_recorder

EVENTS = b'data: {"text":"a"}\n\ndata: {"text":"b"}\n\n'


def answer(recorded: Recorded) -> Response:
    wants_stream = recorded.method == "GET" or json.loads(recorded.body).get("stream")
    if wants_stream:
        return Response(EVENTS, media_type="text/event-stream")
    return JSONResponse({"text": "whole"})


def run(sdk: ModuleType, recorder: Any, asynchronous: bool, action: Any) -> Any:
    base_url = recorder.url + "/v1"
    recorder.answers.update({"/v1/chat": answer, "/v1/events": answer})
    try:
        if not asynchronous:
            with sdk.Client(base_url=base_url) as client:
                result = action(client)
                return (
                    [p.text for p in result]
                    if not hasattr(result, "text")
                    else result.text
                )

        async def go() -> Any:
            async with sdk.AsyncClient(base_url=base_url) as client:
                result = await action(client)
                if hasattr(result, "text"):
                    return result.text
                return [p.text async for p in result]

        return asyncio.run(go())
    finally:
        recorder.answers.clear()


@BOTH
def test_a_boolean_stream_property_selects_the_stream(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    assert run(
        sdk, recorder, asynchronous, lambda c: c.streams.chat(prompt="p", stream=True)
    ) == ["a", "b"]
    assert recorder.last.header("accept") == "text/event-stream"
    assert json.loads(recorder.last.body) == {"prompt": "p", "stream": True}
    assert (
        run(sdk, recorder, asynchronous, lambda c: c.streams.chat(prompt="p"))
        == "whole"
    )
    assert json.loads(recorder.last.body) == {"prompt": "p", "stream": False}


@BOTH
def test_an_event_stream_only_operation_always_streams(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    assert run(sdk, recorder, asynchronous, lambda c: c.streams.events()) == ["a", "b"]


def test_the_methods_are_overloaded_on_the_flag(sdk: ModuleType) -> None:
    import inspect

    from features_sdk.resources import streams

    source = inspect.getsource(streams.StreamsOperations.chat)
    assert "def chat(" in source
    overloads = inspect.getsource(streams.StreamsOperations).count("@overload")
    assert overloads == 3  # stream=True, stream=False, body=

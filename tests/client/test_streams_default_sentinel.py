"""Streams whose spec declares no sentinel, sync and async, on a loopback server
(tests/client/more_features/spec.yaml): an event whose data is exactly `[DONE]` ends the stream, the
end of the body does too; a union of event types yields its typed members; a binary response is never
a stream; and the OpenRouter SDK renders no stream branch an operation cannot take.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from starlette.responses import JSONResponse, Response

from .more import more_recorder, more_sdk, run  # noqa: F401 (fixtures)
from .wire import BOTH, Recorder

REPO = Path(__file__).resolve().parents[2]


def sse(*events: bytes) -> Response:
    return Response(b"".join(events), media_type="text/event-stream")


def data(value: str) -> bytes:
    return f"data: {value}\n\n".encode()


def texts(result: list) -> list[str]:
    return [piece.text for piece in result]


@BOTH
def test_done_ends_a_stream_without_a_declared_sentinel(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    # After [DONE] comes data that would not decode: it is never read.
    recorder.answers["/complete"] = lambda r: sse(
        data('{"text":"a"}'), data('{"text":"b"}'), data("[DONE]"), data("{broken")
    )
    got = run(
        more,
        asynchronous,
        lambda c: c.streams.complete(prompt="p", stream=True),
        collect=list,
        base_url=recorder.url,
    )
    assert texts(got) == ["a", "b"]
    assert recorder.last.header("accept") == "text/event-stream"
    assert json.loads(recorder.last.body) == {"prompt": "p", "stream": True}


@BOTH
def test_the_end_of_the_body_ends_it_too(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    recorder.answers["/ticks"] = lambda r: sse(
        data('{"text":"1"}'), data('{"text":"2"}')
    )
    got = run(
        more,
        asynchronous,
        lambda c: c.streams.ticks(),  # only text/event-stream: always a stream
        collect=list,
        base_url=recorder.url,
    )
    assert texts(got) == ["1", "2"]


@pytest.mark.parametrize("near_miss", ["[DONE] ", " [DONE]", "[done]", "[DONE]]"])
def test_only_data_exactly_done_ends_it(more: ModuleType, near_miss: str) -> None:
    """Text items (a decode that keeps the data) show that a near miss is an item."""
    from more_sdk.streaming import Stream

    body = data("a") + data(near_miss) + data("[DONE]") + data("z")
    stream = Stream(
        httpx.Response(
            200, content=body, headers={"content-type": "text/event-stream"}
        ),
        decode=lambda event: event.data,
    )
    assert list(stream) == ["a", near_miss]
    assert stream.done


def test_a_declared_sentinel_is_still_required(more: ModuleType) -> None:
    from more_sdk.errors import StreamTruncatedError
    from more_sdk.streaming import Stream

    body = data("a") + data("[DONE]")
    response = httpx.Response(
        200, content=body, headers={"content-type": "text/event-stream"}
    )
    # A declared sentinel other than [DONE]: [DONE] is an item, and the body ending is a truncation.
    stream = Stream(response, decode=lambda event: event.data, sentinel="END")
    with pytest.raises(StreamTruncatedError):
        assert list(stream) == ["a", "[DONE]"]


@BOTH
def test_a_union_event_stream_yields_its_typed_members(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    from more_sdk.models import Completed, TextDelta

    recorder.answers["/responses"] = lambda r: sse(
        b'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"Hi"}\n\n',
        b'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"!"}\n\n',
        b'event: response.completed\ndata: {"type":"response.completed","id":"resp_1"}\n\n',
    )
    got = run(
        more,
        asynchronous,
        lambda c: c.streams.create_response(input="hi", stream=True),
        collect=list,
        base_url=recorder.url,
    )
    assert [type(item) for item in got] == [TextDelta, TextDelta, Completed]
    assert [getattr(item, "delta", None) for item in got] == ["Hi", "!", None]
    assert got[2].id == "resp_1"


@BOTH
def test_without_stream_true_the_union_operation_returns_json(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    recorder.answers["/responses"] = lambda r: JSONResponse({"text": "whole"})
    got = run(
        more,
        asynchronous,
        lambda c: c.streams.create_response(input="hi"),
        base_url=recorder.url,
    )
    assert got.text == "whole"
    assert json.loads(recorder.last.body) == {"input": "hi", "stream": False}


@BOTH
def test_a_binary_response_is_never_a_stream(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    audio = b"ID3\x00\xff\xfe" * 100
    recorder.answers["/speech"] = lambda r: Response(audio, media_type="audio/mpeg")
    base_url = recorder.url
    # `stream=True` is a body field of this operation, not the SDK's stream selector.
    if asynchronous:

        async def go() -> tuple[str, bytes]:
            async with more.AsyncClient(base_url=base_url) as client:
                result = await client.streams.speech(text="hi", stream=True)
                return type(result).__name__, await result.read()

        assert asyncio.run(go()) == ("AsyncBinaryResponse", audio)
    else:
        with more.Client(base_url=base_url) as client:
            result = client.streams.speech(text="hi", stream=True)
            assert (type(result).__name__, result.content) == ("BinaryResponse", audio)
    assert json.loads(recorder.last.body) == {"text": "hi", "stream": True}
    assert recorder.last.header("accept") != "text/event-stream"


def test_the_openrouter_sdk_has_no_dead_stream_branches() -> None:
    """Embeddings cannot stream: its method sends `stream=False` and has no `streaming` branch."""
    package = REPO / "generated" / "openrouter_sdk"
    groups = [
        text.split("class EmbeddingsOperations", 1)[1].split("\nclass ", 1)[0]
        for text in (p.read_text() for p in package.rglob("*.py"))
        if "class EmbeddingsOperations" in text
    ]
    assert len(groups) == 1, "the OpenRouter SDK has one embeddings group"
    assert "def generate(" in groups[0]
    assert "stream=False" in groups[0]
    assert not re.search(r"\bstreaming\b|if stream|Stream\[", groups[0])

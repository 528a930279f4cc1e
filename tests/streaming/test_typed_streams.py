"""Typed streams against a real loopback HTTP server (uvicorn + starlette).

Chunked transfer encoding, keep-alive comments, CRLF/CR, 1-byte writes,
mid-stream errors, HTTP errors before the stream, dropped connections,
early close / cancellation / garbage releasing the pooled connection, chat
accumulation, and flat memory over a 100,000-chunk stream.
"""

from __future__ import annotations

import asyncio
import gc
import json
import tracemalloc

import httpx
import pytest
from pydantic import BaseModel, ConfigDict

from .sse_server import USAGE, WORDS, LoopbackServer, chunk, event

# --------------------------------------------------------------------------
# A small hand-written chunk model (unknown fields kept)


class _M(BaseModel):
    model_config = ConfigDict(extra="allow")


class Function(_M):
    name: str | None = None
    arguments: str | None = None


class ToolCall(_M):
    index: float
    id: str | None = None
    type: str | None = None
    function: Function | None = None


class Delta(_M):
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCall] | None = None


class Choice(_M):
    index: float
    delta: Delta
    finish_reason: str | None = None  # open: any new value is accepted


class ChunkError(_M):
    message: str
    code: float  # as in the spec; the API also sends strings


class Usage(_M):
    prompt_tokens: float
    completion_tokens: float
    total_tokens: float


class Chunk(_M):
    id: str
    model: str
    object: str
    created: float
    choices: list[Choice]
    error: ChunkError | None = None
    usage: Usage | None = None


class BareChunk(_M):
    """No ``error`` field: errors must be found in the raw data."""

    id: str
    choices: list[Choice]


def by_decode(sse):
    return Chunk.model_validate_json(sse.data)


# Each typed stream is tried with the fast model= path and with decode=.
KINDS = {
    "model": dict(model=Chunk),
    "decode": dict(decode=by_decode),
    "bare-model": dict(model=BareChunk),
}


def contents(items) -> list[str | None]:
    return [c.choices[0].delta.content if c.choices else None for c in items]


EXPECTED = [*WORDS, "", None]


# --------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def server():
    with LoopbackServer(lifetime=240) as srv:
        yield srv


@pytest.fixture
def client(server):
    with httpx.Client(
        base_url=server.url,
        limits=httpx.Limits(max_connections=1),
        timeout=httpx.Timeout(10.0, pool=3.0),
    ) as c:
        yield c


def open_stream(client, path, streaming, cls=None, **kwargs):
    response = client.send(client.build_request("GET", path), stream=True)
    cls = cls or streaming.Stream
    return cls(response, sentinel=kwargs.pop("sentinel", "[DONE]"), **kwargs)


def busy_connections(client) -> int:
    """Connections of the pool still serving a response."""
    pool = client._transport._pool
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))


def assert_released(client) -> None:
    assert busy_connections(client) == 0
    assert client._transport._pool._requests == []
    # With max_connections=1 this times out (PoolTimeout) if a connection leaked.
    assert client.get("/ping").json() == {"ok": True}


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def aopen_stream(client, path, streaming, cls=None, **kwargs):
    response = await client.send(client.build_request("GET", path), stream=True)
    cls = cls or streaming.AsyncStream
    return cls(response, sentinel=kwargs.pop("sentinel", "[DONE]"), **kwargs)


def async_client(server) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=server.url,
        limits=httpx.Limits(max_connections=1),
        timeout=httpx.Timeout(10.0, pool=3.0),
    )


async def aassert_released(client) -> None:
    pool = client._transport._pool
    assert all(c.is_idle() or c.is_closed() for c in pool.connections)
    assert pool._requests == []
    assert (await client.get("/ping")).json() == {"ok": True}


# --------------------------------------------------------------------------
# Normal streams


NORMAL_CASES = [
    (path, kind)
    for path in ["/normal", "/crlf", "/cr", "/slow"]
    for kind in KINDS
    if path != "/slow" or kind != "bare-model"
]


@pytest.mark.parametrize("path, kind", NORMAL_CASES)
def test_normal_stream(client, streaming, path, kind):
    with open_stream(client, path, streaming, **KINDS[kind]) as stream:
        items = list(stream)
        assert contents(items) == EXPECTED
        assert stream.done
        assert stream.last_event.data == "[DONE]"
    usage = items[-1].usage
    assert (usage["total_tokens"] if kind == "bare-model" else usage.total_tokens) == 8
    assert items[0].provider == "Test"  # unknown field kept
    assert stream.response.is_closed
    assert_released(client)


@pytest.mark.parametrize(
    "path, kind",
    [(p, k) for p in ["/normal", "/crlf"] for k in KINDS] + [("/slow", "model")],
)
def test_normal_stream_async(server, streaming, path, kind):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(client, path, streaming, **KINDS[kind])
            async with stream:
                items = [item async for item in stream]
            assert contents(items) == EXPECTED
            assert stream.done and stream.last_event.data == "[DONE]"
            await aassert_released(client)

    run(main())


def test_event_name_stays_available(client, streaming):
    with open_stream(client, "/named", streaming, model=Chunk) as stream:
        first = next(stream)
        assert first.choices[0].delta.content == "a"
        assert stream.last_event.event == "delta"
        assert json.loads(stream.last_event.data)["id"] == "gen-123"
        next(stream)
        assert stream.last_event.event == "message"
        with pytest.raises(StopIteration):
            next(stream)
        assert stream.last_event.data == "[DONE]"


def test_no_sentinel_means_end_of_body_is_normal(client, streaming):
    stream = open_stream(client, "/no-done", streaming, model=Chunk, sentinel=None)
    assert contents(list(stream)) == EXPECTED
    assert stream.done
    assert_released(client)


# --------------------------------------------------------------------------
# Errors in the stream


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    "path, code", [("/error-number", 502), ("/error-string", "server_error")]
)
def test_mid_stream_error(client, streaming, errors, path, code, kind):
    stream = open_stream(client, path, streaming, **KINDS[kind])
    got = []
    with pytest.raises(errors.StreamError) as info:
        for item in stream:
            got.append(item)
    assert contents(got) == ["partial ", "answer"]  # everything before it
    err = info.value
    assert err.code == code and type(err.code) is type(code)  # exactly as sent
    assert err.message == "Upstream failed"
    assert err.chunk["choices"][0]["finish_reason"] == "error"
    assert err.chunk["error"] == {"message": "Upstream failed", "code": code}
    assert str(code) in str(err) and "Upstream failed" in str(err)
    assert isinstance(err, errors.SDKError)
    assert not stream.done
    assert_released(client)


@pytest.mark.parametrize(
    "path, code", [("/error-number", 502), ("/error-string", "server_error")]
)
def test_mid_stream_error_async(server, streaming, errors, path, code):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(client, path, streaming, model=Chunk)
            got = []
            with pytest.raises(errors.StreamError) as info:
                async for item in stream:
                    got.append(item)
            assert contents(got) == ["partial ", "answer"]
            assert info.value.code == code
            await aassert_released(client)

    run(main())


@pytest.mark.parametrize(
    "status, code, message",
    [
        (401, 401, "No auth credentials found"),
        (402, 402, "Insufficient credits"),
        (429, 429, "Rate limit exceeded"),
        (502, "bad_gateway", "Provider returned error"),
        (503, None, "Service Unavailable"),
    ],
)
def test_http_error_before_stream(client, streaming, errors, status, code, message):
    stream = open_stream(client, f"/status/{status}", streaming, model=Chunk)
    with pytest.raises(errors.APIError) as info:
        next(stream)
    err = info.value
    assert err.status_code == status
    assert err.code == code
    assert message in err.message
    assert str(status) in str(err)
    if code is not None:
        assert err.error["error"]["message"] == message  # the body's JSON
        assert err.metadata == {"provider": "x"}
        assert json.loads(err.body)["error"]["code"] == code
    else:
        assert err.error is None and err.body == "Service Unavailable"
    assert err.response.status_code == status
    assert_released(client)


@pytest.mark.parametrize("status", [401, 402, 429, 503])
def test_http_error_before_stream_async(server, streaming, errors, status):
    async def main():
        async with async_client(server) as client:
            response = await client.send(
                client.build_request("GET", f"/status/{status}"), stream=True
            )
            err = await errors.APIError.afrom_response(response)
            assert err.status_code == status
            stream = await aopen_stream(
                client, f"/status/{status}", streaming, model=Chunk
            )
            with pytest.raises(errors.APIError) as info:
                await stream.__anext__()
            assert info.value.status_code == status
            await aassert_released(client)

    run(main())


def test_api_error_from_response_sync(client, errors):
    response = client.send(client.build_request("GET", "/status/429"), stream=True)
    err = errors.APIError.from_response(response)
    assert (err.status_code, err.code, err.message) == (429, 429, "Rate limit exceeded")
    assert "429" in repr(err)
    assert_released(client)


@pytest.mark.parametrize("kind", ["model", "decode"])
def test_connection_dropped_mid_stream(client, streaming, errors, kind):
    stream = open_stream(client, "/drop", streaming, **KINDS[kind])
    got = []
    with pytest.raises(errors.StreamTruncatedError) as info:
        for item in stream:
            got.append(item)
    assert contents(got) == WORDS[:3]
    assert isinstance(info.value.__cause__, httpx.TransportError)
    assert "[DONE]" in str(info.value)
    assert info.value.events == 3
    assert_released(client)


def test_connection_dropped_mid_stream_async(server, streaming, errors):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(client, "/drop", streaming, model=Chunk)
            got = []
            with pytest.raises(errors.StreamTruncatedError) as info:
                async for item in stream:
                    got.append(item)
            assert contents(got) == WORDS[:3]
            assert isinstance(info.value.__cause__, httpx.TransportError)
            await aassert_released(client)

    run(main())


def test_body_ends_without_sentinel(client, streaming, errors):
    stream = open_stream(client, "/no-done", streaming, model=Chunk)
    got = []
    with pytest.raises(errors.StreamTruncatedError) as info:
        for item in stream:
            got.append(item)
    assert contents(got) == EXPECTED
    assert info.value.__cause__ is None
    assert info.value.last_event is not None
    assert_released(client)


@pytest.mark.parametrize("kind", ["model", "decode"])
def test_bad_json_names_the_event(client, streaming, errors, kind):
    stream = open_stream(client, "/bad-json", streaming, **KINDS[kind])
    assert contents([next(stream)]) == ["ok"]
    with pytest.raises(errors.StreamDecodeError) as info:
        next(stream)
    err = info.value
    assert err.index == 1
    assert err.event.event == "delta" and err.event.id == "7"
    assert err.data == "{not json"
    text = str(err)
    assert "#1" in text and "'delta'" in text and "'7'" in text and "{not json" in text
    assert not isinstance(err, errors.StreamError)
    assert_released(client)


@pytest.mark.parametrize("kind", ["model", "decode"])
def test_data_not_fitting_the_model(client, streaming, errors, kind):
    stream = open_stream(client, "/bad-shape", streaming, **KINDS[kind])
    next(stream)
    with pytest.raises(errors.StreamDecodeError) as info:
        next(stream)
    assert info.value.index == 1
    assert '"choices": "no"' in str(info.value)
    assert info.value.__cause__ is not None  # the pydantic ValidationError


def test_decode_error_payload_is_truncated(streaming, errors):
    big = '{"id": "' + "x" * 100_000 + '"'  # not JSON (unterminated)
    response = httpx.Response(200, content=[f"data: {big}\n\n".encode()])
    stream = streaming.Stream(response, model=Chunk, sentinel="[DONE]")
    with pytest.raises(errors.StreamDecodeError) as info:
        next(stream)
    assert len(str(info.value)) < 3000
    assert info.value.data == big  # the full payload stays available


# --------------------------------------------------------------------------
# Releasing the connection


def test_early_break_and_close_releases_connection(client, streaming):
    stream = open_stream(client, "/endless", streaming, model=Chunk)
    for i, _item in enumerate(stream):
        if i == 2:
            break
    assert busy_connections(client) == 1  # still open until closed
    stream.close()
    stream.close()  # idempotent
    assert stream.response.is_closed
    assert list(stream) == []
    assert_released(client)


def test_with_block_exit_releases_connection(client, streaming):
    with open_stream(client, "/endless", streaming, model=Chunk) as stream:
        next(stream)
        next(stream)
    assert_released(client)


def test_garbage_collected_stream_releases_connection(client, streaming):
    stream = open_stream(client, "/endless", streaming, model=Chunk)
    next(stream)
    del stream
    gc.collect()
    assert_released(client)


def test_never_iterated_stream_releases_connection(client, streaming):
    stream = open_stream(client, "/endless", streaming, model=Chunk)
    del stream
    gc.collect()
    assert_released(client)


def test_for_loop_over_temporary_stream(client, streaming):
    # The stream object is a temporary here: it must stay open while iterated.
    n = 0
    for _item in open_stream(client, "/normal", streaming, model=Chunk):
        n += 1
    assert n == len(EXPECTED)
    assert_released(client)


def test_async_cancellation_releases_connection(server, streaming):
    async def main():
        async with async_client(server) as client:
            got_some = asyncio.Event()
            seen = []

            async def consume():
                stream = await aopen_stream(client, "/endless", streaming, model=Chunk)
                async for item in stream:
                    seen.append(item)
                    if len(seen) == 3:
                        got_some.set()

            task = asyncio.create_task(consume())
            await asyncio.wait_for(got_some.wait(), 10)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await aassert_released(client)

    run(main())


def test_async_break_and_aclose_releases_connection(server, streaming):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(client, "/endless", streaming, model=Chunk)
            async for _ in stream:
                break
            await stream.aclose()
            await stream.aclose()
            assert stream.response.is_closed
            await aassert_released(client)
            async with await aopen_stream(
                client, "/endless", streaming, model=Chunk
            ) as s2:
                await s2.__anext__()
            await aassert_released(client)

    run(main())


def test_async_garbage_collected_streams_release_connections(server, streaming):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(client, "/endless", streaming, model=Chunk)
            del stream  # never iterated
            gc.collect()
            for _ in range(20):
                await asyncio.sleep(0.01)
            await aassert_released(client)
            stream = await aopen_stream(client, "/endless", streaming, model=Chunk)
            await stream.__anext__()
            del stream  # started: the loop's async-generator finalizer closes it
            gc.collect()
            for _ in range(20):
                await asyncio.sleep(0.01)
            await aassert_released(client)

    run(main())


def test_nothing_after_sentinel_is_read(streaming):
    pulled = []
    parts = [event(chunk("a")), b"data: [DONE]\n\n", b"data: {never read\n\n", b"more"]

    def body():
        for part in parts:
            pulled.append(part)
            yield part

    stream = streaming.Stream(
        httpx.Response(200, content=body()), model=Chunk, sentinel="[DONE]"
    )
    assert contents(list(stream)) == ["a"]
    assert len(pulled) == 2
    assert stream.response.is_closed


def test_json_body_instead_of_a_stream(streaming, errors):
    response = httpx.Response(200, json={"id": "x", "choices": []})
    stream = streaming.Stream(response, model=Chunk, sentinel="[DONE]")
    with pytest.raises(errors.StreamTruncatedError) as info:
        list(stream)
    assert "not text/event-stream" in str(info.value)


def test_exactly_one_of_decode_and_model(streaming):
    with pytest.raises(TypeError):
        streaming.Stream(httpx.Response(200, content=b""), sentinel=None)
    with pytest.raises(TypeError):
        streaming.Stream(
            httpx.Response(200, content=b""), model=Chunk, decode=by_decode
        )


def test_invalid_utf8_in_fast_path_becomes_replacement(streaming):
    raw = b'data: {"id": "a\xffb", "choices": []}\n\n'
    stream = streaming.Stream(httpx.Response(200, content=[raw]), model=BareChunk)
    (item,) = list(stream)
    assert item.id == "a\ufffdb"


# --------------------------------------------------------------------------
# Chat accumulation


def check_tools_result(result, streaming):
    assert result.id == "gen-123" and result.model == "test/model"
    assert result.reasoning == "Thinking…"
    assert result.content == "Let me check."
    assert result.finish_reason == "tool_calls"
    assert result.tool_calls == [
        streaming.ToolCallResult(
            0, "call_a", "function", "get_weather", '{"city": "Zürich"}'
        ),
        streaming.ToolCallResult(1, "call_b", "function", "get_time", '{"tz": "CET"}'),
    ]
    assert [c.index for c in result.choices] == [0, 1]
    other = result.choices[1]
    assert (other.content, other.finish_reason, other.tool_calls) == (
        "other choice",
        "stop",
        [],
    )
    assert result.usage.total_tokens == USAGE["total_tokens"]
    assert result.refusal is None


@pytest.mark.parametrize("path", ["/tools", "/tools-slow"])
def test_chat_final_accumulates_tool_calls(client, streaming, path):
    stream = open_stream(client, path, streaming, cls=streaming.ChatStream, model=Chunk)
    check_tools_result(stream.final(), streaming)
    assert stream.done
    assert_released(client)


def test_chat_final_after_partial_iteration(client, streaming):
    stream = open_stream(
        client, "/tools", streaming, cls=streaming.ChatStream, model=Chunk
    )
    first = [next(stream), next(stream), next(stream)]
    assert [c.choices[0].delta.reasoning for c in first[:2]] == ["Think", "ing…"]
    assert stream.snapshot().reasoning == "Thinking…"
    check_tools_result(stream.final(), streaming)


def test_chat_final_text_answer(client, streaming):
    stream = open_stream(
        client, "/normal", streaming, cls=streaming.ChatStream, decode=by_decode
    )
    result = stream.final()
    assert result.content == "".join(WORDS)
    assert result.finish_reason == "stop"
    assert result.tool_calls == []
    assert result.chunks == len(EXPECTED)


def test_chat_final_raises_mid_stream_error(client, streaming, errors):
    stream = open_stream(
        client, "/error-string", streaming, cls=streaming.ChatStream, model=Chunk
    )
    with pytest.raises(errors.StreamError):
        stream.final()
    assert stream.snapshot().content == "partial answer"
    assert_released(client)


def test_chat_final_async(server, streaming):
    async def main():
        async with async_client(server) as client:
            stream = await aopen_stream(
                client, "/tools", streaming, cls=streaming.AsyncChatStream, model=Chunk
            )
            await stream.__anext__()
            check_tools_result(await stream.final(), streaming)
            await aassert_released(client)

    run(main())


def test_chat_accumulates_dict_chunks(streaming):
    raw = b"".join(
        event(c)
        for c in [
            chunk(
                "a",
                tool_calls=[
                    {"index": 0, "id": "c", "function": {"name": "f", "arguments": "{"}}
                ],
            ),
            chunk(
                "b",
                tool_calls=[{"index": 0, "function": {"arguments": "}"}}],
                finish_reason="new_reason",
            ),
        ]
    )
    stream = streaming.ChatStream(
        httpx.Response(200, content=[raw, b"data: [DONE]\n\n"]),
        decode=lambda sse: json.loads(sse.data),
        sentinel="[DONE]",
    )
    result = stream.final()
    assert result.content == "ab"
    assert result.finish_reason == "new_reason"
    assert result.tool_calls == [streaming.ToolCallResult(0, "c", None, "f", "{}")]


# --------------------------------------------------------------------------
# Memory


def test_100k_chunk_stream_keeps_memory_flat(streaming):
    n = 100_000
    template = event(chunk("token ", finish_reason=None)).replace(
        b"token ", b"tok%06d "
    )
    sizes = [0]

    def body():
        # Generated lazily, in reads of 64 chunks.
        batch = []
        for i in range(n):
            batch.append(template % i)
            if len(batch) == 64:
                data = b"".join(batch)
                sizes[0] += len(data)
                batch = []
                yield data
        data = b"".join(batch) + b"data: [DONE]\n\n"
        sizes[0] += len(data)
        yield data

    stream = streaming.Stream(
        httpx.Response(200, content=body()), model=Chunk, sentinel="[DONE]"
    )
    count = 0
    tracemalloc.start()
    try:
        for _item in stream:
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == n
    assert sizes[0] > 20_000_000
    # A few reads' worth, not the stream.  (Most of it is pydantic-core's
    # string cache, bounded at 16384 entries.)
    assert peak < 2_000_000, peak
    assert peak < sizes[0] / 10

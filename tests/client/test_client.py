"""The generated Client and AsyncClient against a real HTTP server on loopback.

They drive the committed `generated/openrouter_sdk` (the default spec's SDK) the way a user
does: `client.chat.send(model=..., messages=[...], stream=True)`, and its JSON twin.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route
from streaming.sse_server import (
    SSE,
    USAGE,
    WORDS,
    LoopbackServer,
    _bytewise,
    _dropped,
    _endless,
    _send_parts,
    error_body,
    normal_body,
    tools_body,
)

GENERATED = Path(__file__).resolve().parents[2] / "generated"
sys.path.insert(0, str(GENERATED))

import openrouter_sdk  # noqa: E402
from openrouter_sdk import errors  # noqa: E402
from openrouter_sdk.models import ChatResponse, ChatStreamingResponseChunk  # noqa: E402

MESSAGES = [{"role": "user", "content": "Hi"}]
EXPECTED = "".join(WORDS)
SEEN: list[dict] = []  # what the server received: method, path, headers, body

CHAT_RESPONSE = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1740000000,
    "model": "test/model",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello!"},
        }
    ],
    "usage": USAGE,
}

# The request's `model` picks the scenario.
STREAMS = {
    "normal": lambda: _send_parts(normal_body()),
    "crlf": lambda: _send_parts(normal_body("\r\n")),
    "slow": lambda: _bytewise(normal_body()),
    "tools": lambda: _send_parts(tools_body()),
    "error": lambda: _send_parts(error_body("server_error"), 0.01),
    "drop": lambda: _dropped(normal_body()[:4]),
    "endless": lambda: _endless(None),
}
STATUSES = {"status-401": 401, "status-402": 402, "status-429": 429, "status-503": 503}


async def chat_completions(request: Request):
    body = json.loads(await request.body())
    SEEN.append(
        {"headers": dict(request.headers), "body": body, "path": request.url.path}
    )
    model = body["model"]
    if model in STATUSES:
        status = STATUSES[model]
        error = {
            "error": {
                "code": status,
                "message": f"failed with {status}",
                "metadata": {"provider": "x"},
            }
        }
        return JSONResponse(error, status_code=status)
    if body.get("stream"):
        return StreamingResponse(STREAMS[model](), media_type=SSE)
    return JSONResponse(CHAT_RESPONSE)


async def ping(request: Request):
    return JSONResponse({"ok": True})


@pytest.fixture(scope="module")
def server():
    routes = [
        Route("/api/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/ping", ping),
    ]
    with LoopbackServer(routes=routes) as running:
        yield running


def make_client(server, **limits) -> openrouter_sdk.Client:
    http = httpx.Client(
        limits=httpx.Limits(**limits), timeout=httpx.Timeout(10.0, pool=3.0)
    )
    return openrouter_sdk.Client(
        api_key="sk-test", base_url=server.url + "/api/v1", http_client=http
    )


def make_async_client(server) -> openrouter_sdk.AsyncClient:
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(10.0, pool=3.0)
    )
    return openrouter_sdk.AsyncClient(
        api_key="sk-test", base_url=server.url + "/api/v1", http_client=http
    )


def contents(chunks) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def assert_released(client: openrouter_sdk.Client) -> None:
    pool = client._http._transport._pool
    assert all(c.is_idle() or c.is_closed() for c in pool.connections)
    assert client._http.get(
        client.base_url.rsplit("/api/v1", 1)[0] + "/ping"
    ).json() == {"ok": True}


@pytest.mark.parametrize("scenario", ["normal", "crlf", "slow"])
def test_stream_yields_typed_chunks(server, scenario):
    with make_client(server) as client:
        with client.chat.send(model=scenario, messages=MESSAGES, stream=True) as stream:
            chunks = list(stream)
        assert all(isinstance(c, ChatStreamingResponseChunk) for c in chunks)
        assert contents(chunks) == EXPECTED
        assert chunks[-1].usage.total_tokens == 8 and isinstance(
            chunks[-1].usage.total_tokens, int
        )
        assert chunks[0].provider == "Test"  # a field the spec does not know is kept


def test_request_carries_auth_accept_and_the_body(server):
    with make_client(server) as client:
        client.chat.send(model="normal", messages=MESSAGES, stream=True).close()
        client.chat.send(model="json", messages=MESSAGES, temperature=0.5)
    streamed, plain = SEEN[-2], SEEN[-1]
    assert streamed["headers"]["authorization"] == "Bearer sk-test"
    assert streamed["headers"]["accept"] == "text/event-stream"
    assert plain["headers"]["accept"] == "application/json"
    assert streamed["body"] == {"model": "normal", "messages": MESSAGES, "stream": True}
    assert plain["body"] == {
        "model": "json",
        "messages": MESSAGES,
        "temperature": 0.5,
        "stream": False,
    }


def test_stream_false_returns_the_json_model(server):
    with make_client(server) as client:
        reply = client.chat.send(model="json", messages=MESSAGES)
    assert isinstance(reply, ChatResponse)
    assert reply.choices[0].message.content == "Hello!"
    assert (
        json.loads(reply.model_dump_json(by_alias=True, exclude_unset=True))
        == CHAT_RESPONSE
    )


def test_final_accumulates_content_tool_calls_and_usage(server):
    with make_client(server) as client:
        result = client.chat.send(model="tools", messages=MESSAGES, stream=True).final()
    assert result.reasoning == "Thinking…"
    assert result.content == "Let me check."
    assert [(t.id, t.name, t.arguments) for t in result.tool_calls] == [
        ("call_a", "get_weather", '{"city": "Zürich"}'),
        ("call_b", "get_time", '{"tz": "CET"}'),
    ]
    assert result.finish_reason == "tool_calls"
    assert result.usage.total_tokens == 8


@pytest.mark.parametrize("model, status", sorted(STATUSES.items()))
def test_http_error_before_the_stream_is_an_api_error(server, model, status):
    with make_client(server) as client:
        with pytest.raises(errors.APIError) as caught:
            client.chat.send(model=model, messages=MESSAGES, stream=True)
        assert caught.value.status_code == status
        assert caught.value.code == status
        assert caught.value.message == f"failed with {status}"
        assert_released(client)


def test_mid_stream_error_after_the_chunks_before_it(server):
    received = []
    with make_client(server) as client, pytest.raises(errors.StreamError) as caught:
        for chunk in client.chat.send(model="error", messages=MESSAGES, stream=True):
            received.append(chunk)
    assert contents(received) == "partial answer"
    assert caught.value.code == "server_error"


def test_dropped_connection_is_a_truncated_stream(server):
    with make_client(server) as client, pytest.raises(errors.StreamTruncatedError):
        list(client.chat.send(model="drop", messages=MESSAGES, stream=True))


def test_early_break_releases_the_connection(server):
    with make_client(server, max_connections=1) as client:
        stream = client.chat.send(model="endless", messages=MESSAGES, stream=True)
        for index, _ in enumerate(stream):
            if index == 3:
                break
        stream.close()
        assert_released(
            client
        )  # with one connection in the pool, this request needs it back


def test_closing_the_client_closes_the_pool(server):
    client = make_client(server)
    client.chat.send(model="json", messages=MESSAGES)
    client.close()
    assert client._http.is_closed
    with pytest.raises(RuntimeError):
        client.chat.send(model="json", messages=MESSAGES)


def test_async_client_streams_and_answers_json(server):
    async def scenario():
        async with make_async_client(server) as client:
            stream = await client.chat.send(
                model="normal", messages=MESSAGES, stream=True
            )
            async with stream:
                chunks = [chunk async for chunk in stream]
            reply = await client.chat.send(model="json", messages=MESSAGES)
            final = await (
                await client.chat.send(model="tools", messages=MESSAGES, stream=True)
            ).final()
            return chunks, reply, final

    chunks, reply, final = asyncio.run(scenario())
    assert contents(chunks) == EXPECTED
    assert isinstance(reply, ChatResponse)
    assert final.finish_reason == "tool_calls"


def test_async_cancellation_releases_the_connection(server):
    async def scenario():
        async with make_async_client(server) as client:
            stream = await client.chat.send(
                model="endless", messages=MESSAGES, stream=True
            )

            async def consume():
                async for _ in stream:
                    pass

            task = asyncio.create_task(consume())
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # One connection in the pool: this request only goes through if it was released.
            reply = await asyncio.wait_for(
                client.chat.send(model="json", messages=MESSAGES), 5
            )
            return reply

    assert isinstance(asyncio.run(scenario()), ChatResponse)

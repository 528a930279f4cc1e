"""A loopback SSE server for the typed-stream tests.

uvicorn + starlette in a daemon thread on 127.0.0.1 (random port), bodies sent
with chunked transfer encoding.  Each route is a scenario.  The server stops
when the fixture ends, and on its own after ``lifetime`` seconds at most.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

SSE = "text/event-stream"


def chunk(
    content: str | None = None,
    *,
    index: int = 0,
    reasoning: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str | None = None,
    usage: dict[str, Any] | None = None,
    choices: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A chat-completion chunk as the API sends it."""
    delta: dict[str, Any] = {"role": "assistant"}
    if content is not None:
        delta["content"] = content
    if reasoning is not None:
        delta["reasoning"] = reasoning
    if tool_calls is not None:
        delta["tool_calls"] = tool_calls
    body: dict[str, Any] = {
        "id": "gen-123",
        "provider": "Test",
        "model": "test/model",
        "object": "chat.completion.chunk",
        "created": 1740000000,
        "choices": (
            choices
            if choices is not None
            else [{"index": index, "delta": delta, "finish_reason": finish_reason}]
        ),
    }
    if usage is not None:
        body["usage"] = usage
    body.update(extra)
    return body


def event(data: Any, *, eol: str = "\n", name: str | None = None) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {name}{eol}" if name else ""
    return f"{head}data: {text}{eol}{eol}".encode()


KEEPALIVE = b": OPENROUTER PROCESSING\n\n"
DONE = b"data: [DONE]\n\n"
USAGE = {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}

WORDS = ["Hel", "lo", ", wör", "ld", " 🚀", "!"]


def normal_body(eol: str = "\n") -> list[bytes]:
    parts = [KEEPALIVE.replace(b"\n", eol.encode())]
    for i, word in enumerate(WORDS):
        parts.append(event(chunk(word), eol=eol))
        if i == 2:
            parts.append(KEEPALIVE.replace(b"\n", eol.encode()))
    parts.append(event(chunk("", finish_reason="stop"), eol=eol))
    parts.append(event(chunk(choices=[], usage=USAGE), eol=eol))
    parts.append(DONE.replace(b"\n", eol.encode()))
    # Nothing after the sentinel may be read: this must never be decoded.
    parts.append(b"data: {not json\n\n")
    return parts


def tools_body() -> list[bytes]:
    calls = [
        {
            "index": 0,
            "id": "call_a",
            "type": "function",
            "function": {"name": "get_weather", "arguments": ""},
        },
        {"index": 0, "function": {"arguments": '{"city": '}},
        {
            "index": 1,
            "id": "call_b",
            "type": "function",
            "function": {"name": "get_time", "arguments": '{"tz"'},
        },
        {"index": 0, "function": {"arguments": '"Zürich"}'}},
        {"index": 1, "function": {"arguments": ': "CET"}'}},
    ]
    parts = [event(chunk(reasoning="Think"), eol="\n"), event(chunk(reasoning="ing…"))]
    parts.append(event(chunk("Let me check.")))
    parts.append(
        event(
            chunk(
                choices=[
                    {"index": 1, "delta": {"content": "other"}, "finish_reason": None}
                ]
            )
        )
    )
    for call in calls:
        parts.append(event(chunk(tool_calls=[call])))
    parts.append(event(chunk(finish_reason="tool_calls")))
    parts.append(
        event(
            chunk(
                choices=[
                    {
                        "index": 1,
                        "delta": {"content": " choice"},
                        "finish_reason": "stop",
                    }
                ]
            )
        )
    )
    parts.append(event(chunk(choices=[], usage=USAGE)))
    parts.append(DONE)
    return parts


def error_body(code: Any) -> list[bytes]:
    parts = [event(chunk("partial ")), event(chunk("answer"))]
    err = chunk(
        "", finish_reason="error", error={"message": "Upstream failed", "code": code}
    )
    parts.append(event(err))
    parts.append(DONE)
    return parts


async def _send_parts(parts: list[bytes], delay: float = 0.0) -> AsyncIterator[bytes]:
    for part in parts:
        yield part
        if delay:
            await asyncio.sleep(delay)


async def _bytewise(parts: list[bytes]) -> AsyncIterator[bytes]:
    body = b"".join(parts)
    for i in range(len(body)):
        yield body[i : i + 1]  # one HTTP chunk per byte
        if i % 4 == 3:
            await asyncio.sleep(0.0005)


async def _dropped(parts: list[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part
        await asyncio.sleep(0.01)
    # Let the last part leave before the drop: an aborted transport discards what it has not
    # written yet (test_connection_dropped_mid_stream failed once on a loaded machine; the
    # likely cause, not reproduced).
    await asyncio.sleep(0.2)
    raise ConnectionAbortedError("the test server drops the connection")


async def _endless(request: Request) -> AsyncIterator[bytes]:
    # Bounded: at most 20,000 chunks, 1 ms apart.
    for i in range(20_000):
        yield event(chunk(f"tok{i} "))
        await asyncio.sleep(0.001)
    yield DONE


def stream(body: Callable[[], Any]) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        return StreamingResponse(body(), media_type=SSE)

    return endpoint


def api_error(status: int, code: Any, message: str) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        body = {
            "error": {"code": code, "message": message, "metadata": {"provider": "x"}}
        }
        return JSONResponse(body, status_code=status)

    return endpoint


async def plain_text_error(request: Request) -> Response:
    return Response("Service Unavailable", status_code=503, media_type="text/plain")


async def endless(request: Request) -> Response:
    return StreamingResponse(_endless(request), media_type=SSE)


async def ping(request: Request) -> Response:
    return JSONResponse({"ok": True})


ROUTES = [
    Route("/normal", stream(lambda: _send_parts(normal_body()))),
    Route("/crlf", stream(lambda: _send_parts(normal_body("\r\n")))),
    Route("/cr", stream(lambda: _send_parts(normal_body("\r")))),
    Route("/slow", stream(lambda: _bytewise(normal_body()))),
    Route("/tools", stream(lambda: _send_parts(tools_body()))),
    Route("/tools-slow", stream(lambda: _bytewise(tools_body()))),
    Route("/error-number", stream(lambda: _send_parts(error_body(502), 0.01))),
    Route(
        "/error-string", stream(lambda: _send_parts(error_body("server_error"), 0.01))
    ),
    Route("/drop", stream(lambda: _dropped(normal_body()[:4]))),
    Route("/no-done", stream(lambda: _send_parts(normal_body()[:-2]))),
    Route(
        "/bad-json",
        stream(
            lambda: _send_parts(
                [event(chunk("ok")), b"id: 7\nevent: delta\ndata: {not json\n\n", DONE]
            )
        ),
    ),
    Route(
        "/bad-shape",
        stream(
            lambda: _send_parts(
                [event(chunk("ok")), event({"id": 5, "choices": "no"}), DONE]
            )
        ),
    ),
    Route(
        "/named",
        stream(
            lambda: _send_parts(
                [event(chunk("a"), name="delta"), event(chunk("b")), DONE]
            )
        ),
    ),
    Route("/endless", endless),
    Route("/status/401", api_error(401, 401, "No auth credentials found")),
    Route("/status/402", api_error(402, 402, "Insufficient credits")),
    Route("/status/429", api_error(429, 429, "Rate limit exceeded")),
    Route("/status/503", plain_text_error),
    Route("/status/502", api_error(502, "bad_gateway", "Provider returned error")),
    Route("/ping", ping),
]


class LoopbackServer:
    def __init__(
        self, lifetime: float = 300.0, routes: list[Route] | None = None
    ) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            Starlette(routes=ROUTES if routes is None else routes),
            log_level="critical",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
            # uvicorn closes an idle keep-alive connection after 5 s; on a loaded machine a
            # client can stall that long between two requests and then write to the closed
            # connection (a transport error the SDK retries, so waits and counts change).
            timeout_keep_alive=60,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.lifetime = lifetime

    def _run(self) -> None:
        self.server.run(sockets=[self.sock])

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        # Stop on our own even if the test session hangs.
        timer = threading.Timer(self.lifetime, self.stop)
        timer.daemon = True
        timer.start()
        return self

    def stop(self) -> None:
        self.server.should_exit = True

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        self.thread.join(timeout=10)
        self.sock.close()

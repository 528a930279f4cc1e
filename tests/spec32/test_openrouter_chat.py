"""The OpenRouter chat stream described in OpenAPI 3.2 (`itemSchema`, no vendor extension) gives
the client the vendor-extension description gives: the same chunk type and the same `final()`,
read from the same bytes served by a loopback server, sync and async.

Both specs are derived from the 2026-08-22 spec by `openrouter/derive.py` (the 3.2 one keeps no
`x-` key; the boolean `stream` property of the body selects the stream there).
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streaming.sse_server import LoopbackServer, chunk

from tests.client.wire import generate_sdk

HERE = Path(__file__).parent / "openrouter"
BOTH = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
MESSAGES = [{"role": "user", "content": "Hi"}]


def event(data: Any) -> bytes:
    return b"data: " + json.dumps(data).encode() + b"\n\n"


TOOL = {"index": 0, "id": "call_1", "type": "function"}
BODY = b"".join(
    [
        b": OPENROUTER PROCESSING\n\n",
        event(chunk(reasoning="Think")),
        event(chunk("Hel")),
        event(
            chunk(
                "lo",
                tool_calls=[{**TOOL, "function": {"name": "f", "arguments": '{"a"'}}],
            )
        ),
        event(chunk(tool_calls=[{"index": 0, "function": {"arguments": ": 1}"}}])),
        event(chunk(finish_reason="tool_calls")),
        event(
            chunk(
                choices=[],
                usage={"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
            )
        ),
        b"data: [DONE]\n\n",
    ]
)


async def answer(request: Request) -> Response:
    body = json.loads(await request.body())
    assert body["stream"] is True and request.headers["accept"] == "text/event-stream"
    return Response(BODY, media_type="text/event-stream")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    route = Route("/chat/completions", answer, methods=["POST"])
    with LoopbackServer(lifetime=120, routes=[route]) as loopback:
        yield loopback.url


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    out = tmp_path_factory.mktemp("openrouter32")
    return {
        "vendor": generate_sdk(
            HERE / "chat-3.1-vendor.yaml", out / "vendor", "or_vendor"
        ),
        "3.2": generate_sdk(HERE / "chat-3.2.yaml", out / "v32", "or_v32"),
    }


def plain(value: Any) -> Any:
    """Results as JSON data: models dumped, enum members by value, dataclasses as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def read(sdk: ModuleType, which: str, url: str, asynchronous: bool) -> tuple[list, Any]:
    """The chunks and final() of one chat stream."""

    def send(client: Any) -> Any:
        method = (
            client.chat.send
            if which == "vendor"
            else client.chat.send_chat_completion_request
        )
        return method(model="openai/gpt-4o", messages=MESSAGES, stream=True)

    if not asynchronous:
        with sdk.Client(api_key="k", base_url=url) as client, send(client) as stream:
            return list(stream), stream.final()

    async def run() -> tuple[list, Any]:
        async with sdk.AsyncClient(api_key="k", base_url=url) as client:
            stream = await send(client)
            async with stream:
                return [c async for c in stream], await stream.final()

    return asyncio.run(run())


def test_the_3_2_spec_has_no_vendor_extension() -> None:
    text = (HERE / "chat-3.2.yaml").read_text()
    assert "\n  x-" not in text and " x-speakeasy" not in text
    assert "openapi: 3.2.0" in text and "itemSchema:" in text


@BOTH
def test_same_chunks_and_same_final(
    sdks: dict[str, ModuleType], server: str, asynchronous: bool
) -> None:
    vendor_chunks, vendor_final = read(sdks["vendor"], "vendor", server, asynchronous)
    chunks, final = read(sdks["3.2"], "3.2", server, asynchronous)
    assert [type(c).__name__ for c in chunks] == ["ChatStreamChunk"] * 6
    assert [type(c).__name__ for c in vendor_chunks] == ["ChatStreamChunk"] * 6
    assert plain(chunks) == plain(vendor_chunks)
    assert type(final).__name__ == type(vendor_final).__name__ == "ChatCompletionResult"
    assert plain(final) == plain(vendor_final)
    # And what final() holds, read off the bytes above rather than off either client.
    assert (final.content, final.reasoning, final.finish_reason.value) == (
        "Hello",
        "Think",
        "tool_calls",
    )
    assert [(t.id, t.name, t.arguments) for t in final.tool_calls] == [
        ("call_1", "f", '{"a": 1}')
    ]
    assert final.usage.total_tokens == 8 and final.chunks == 6

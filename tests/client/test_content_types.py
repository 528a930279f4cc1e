"""Response content types in a generated package: chosen by Content-Type among the declared ones.

The spec in content_types/ declares JSON, text, image, octet-stream and 204 responses; the SDK
is generated with sdkforge's own pipeline and called on a loopback server, sync and async.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.wire import generate_sdk

SPEC = Path(__file__).resolve().parent / "content_types" / "spec.yaml"
ANSWERS: deque[Callable[[], Response]] = deque()


async def _answer(request: Request) -> Response:
    return ANSWERS.popleft()()


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("content-types")
    return generate_sdk(SPEC, out, "files_demo")


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer(
        lifetime=120, routes=[Route("/{rest:path}", _answer)]
    ) as running:
        yield running


def call(kind: str, sdk: ModuleType, server: LoopbackServer, method: str) -> Any:
    if kind == "sync":
        return getattr(sdk.Client(base_url=server.url).files, method)()

    async def run() -> Any:
        async with sdk.AsyncClient(base_url=server.url) as client:
            result = await getattr(client.files, method)()
            if isinstance(result, sdk._base_client.AsyncBinaryResponse):
                return await result.read()
            return result

    return asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_json_text_and_status(kind, sdk, server):
    from files_demo.models import Report
    from files_demo.models.operations import GetReport202ResponseBody

    ANSWERS.append(lambda: JSONResponse({"title": "Q3"}))
    report = call(kind, sdk, server, "get_report")
    assert isinstance(report, Report) and report.title == "Q3"
    ANSWERS.append(lambda: Response("plain report", media_type="text/plain"))
    assert call(kind, sdk, server, "get_report") == "plain report"
    ANSWERS.append(lambda: JSONResponse({"job": "j1"}, status_code=202))
    # The 202's own inline schema: its model, not the 200's (the union by status).
    assert call(kind, sdk, server, "get_report") == GetReport202ResponseBody(job="j1")
    ANSWERS.append(lambda: Response(status_code=204))
    assert call(kind, sdk, server, "get_report") is None
    ANSWERS.append(lambda: Response("# Title\n", media_type="text/markdown"))
    assert call(kind, sdk, server, "get_readme") == "# Title\n"


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_binary_bodies(kind, sdk, server):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    ANSWERS.append(lambda: Response(png, media_type="image/png"))
    result = call(kind, sdk, server, "get_image")
    if kind == "sync":
        assert isinstance(result, sdk._base_client.BinaryResponse)
        result = result.content
    assert result == png
    ANSWERS.append(lambda: Response(b"\0\1\2", media_type="application/octet-stream"))
    result = call(kind, sdk, server, "download")
    assert (result.content if kind == "sync" else result) == b"\0\1\2"


def test_return_annotations(sdk):
    import inspect

    client = sdk.Client(base_url="http://127.0.0.1:9")
    assert (
        inspect.signature(client.files.get_image).return_annotation == "BinaryResponse"
    )
    assert inspect.signature(client.files.get_readme).return_annotation == "str"
    aclient = sdk.AsyncClient(base_url="http://127.0.0.1:9")
    assert (
        inspect.signature(aclient.files.download).return_annotation
        == "AsyncBinaryResponse"
    )

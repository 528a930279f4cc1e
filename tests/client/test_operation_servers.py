"""Per-operation `servers` (OpenAPI 3.x, on an operation or its path item): the call goes to the
operation's own server, whatever the client's base URL; `server_url=` on the call overrides it.

Two loopback servers: the client's, and the one the spec names for two operations (one through
its path item with a server variable, one on the operation). The spec is written with their
ports, generated with sdkforge's pipeline and called sync and async.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.wire import generate_sdk


class Host:
    """A loopback server that answers every path with `{"host": name}` and records the paths."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.paths: list[str] = []

    async def answer(self, request: Request) -> JSONResponse:
        self.paths.append(request.url.path)
        return JSONResponse({"host": self.name})


@pytest.fixture(scope="module")
def hosts() -> Iterator[tuple[Host, Host, str, str]]:
    main, files = Host("main"), Host("files")
    with (
        LoopbackServer(
            lifetime=300,
            routes=[Route("/{rest:path}", main.answer, methods=["GET", "POST"])],
        ) as main_server,
        LoopbackServer(
            lifetime=300,
            routes=[Route("/{rest:path}", files.answer, methods=["GET", "POST"])],
        ) as files_server,
    ):
        yield main, files, main_server.url, files_server.url


def spec(main_url: str, files_port: int) -> dict[str, Any]:
    answer = {
        "200": {
            "description": "which host answered",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"host": {"type": "string"}},
                    }
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hosts API", "version": "1.0.0"},
        "servers": [{"url": main_url + "/v1"}],
        "paths": {
            "/ping": {
                "get": {"operationId": "ping", "tags": ["hosts"], "responses": answer}
            },
            "/upload": {
                "servers": [
                    {
                        "url": "http://127.0.0.1:{port}/files",
                        "variables": {"port": {"default": str(files_port)}},
                    }
                ],
                "post": {
                    "operationId": "upload",
                    "tags": ["hosts"],
                    "responses": answer,
                },
            },
            "/report": {
                "get": {
                    "operationId": "report",
                    "tags": ["hosts"],
                    "servers": [{"url": f"http://127.0.0.1:{files_port}/reports/"}],
                    "responses": answer,
                }
            },
        },
    }


@pytest.fixture(scope="module")
def sdk(
    hosts: tuple[Host, Host, str, str], tmp_path_factory: pytest.TempPathFactory
) -> ModuleType:
    _, _, main_url, files_url = hosts
    folder = tmp_path_factory.mktemp("hosts")
    path = folder / "spec.yaml"
    port = int(files_url.rsplit(":", 1)[1])
    path.write_text(yaml.safe_dump(spec(main_url, port)), encoding="utf-8")
    return generate_sdk(path, folder / "out", "hosts_sdk")


def calls(sdk: ModuleType, base_url: str, asynchronous: bool) -> list[str]:
    """ping, upload, report, and report sent elsewhere with `server_url=`: who answered each."""
    other = base_url.rsplit("/", 1)[0] + "/elsewhere"
    if not asynchronous:
        with sdk.Client(api_key="k", base_url=base_url) as client:
            group = client.hosts
            answers = [group.ping(), group.upload(), group.report()]
            answers.append(group.report(server_url=other))
            return [a.host for a in answers]

    async def main() -> list[str]:
        async with sdk.AsyncClient(api_key="k", base_url=base_url) as client:
            group = client.hosts
            answers = [await group.ping(), await group.upload(), await group.report()]
            answers.append(await group.report(server_url=other))
            return [a.host for a in answers]

    return asyncio.run(main())


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_an_operation_with_its_own_servers_is_sent_there(
    sdk: ModuleType, hosts: tuple[Host, Host, str, str], asynchronous: bool
) -> None:
    main, files, main_url, _ = hosts
    main.paths.clear()
    files.paths.clear()
    # The client's base URL is set explicitly: it still does not apply to upload and report.
    assert calls(sdk, main_url + "/v1", asynchronous) == [
        "main",
        "files",
        "files",
        "main",
    ]
    assert main.paths == ["/v1/ping", "/elsewhere/report"]
    # The path item's server (its {port} variable at the default), then the operation's own
    # (its trailing slash not doubled).
    assert files.paths == ["/files/upload", "/reports/report"]


def test_the_method_documents_and_types_server_url(sdk: ModuleType) -> None:
    import inspect

    from hosts_sdk.resources.hosts import HostsOperations

    assert "server_url" in inspect.signature(HostsOperations.report).parameters
    assert "server_url" not in inspect.signature(HostsOperations.ping).parameters
    assert "the client's base URL does not apply" in (
        HostsOperations.report.__doc__ or ""
    )
    assert Path(inspect.getfile(HostsOperations)).name == "hosts.py"

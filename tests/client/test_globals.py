"""`x-speakeasy-globals` and a parameter's `x-speakeasy-name-override` (issue 13 item 1).

A parameter the spec's `x-speakeasy-globals` lists gets, per operation that takes it, an
`{Op}Globals` model as the reference generator documents it (`GetCreditsGlobals`); the
parameter stays a keyword of the method. A Parameter Object's own name override names its
keyword and field (`X-App-Title` -> `app_title`, `appTitle` in the TypeScript docs). The spec
is generated with sdkforge's pipeline and called against a loopback server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import yaml
from sdkforge.build import build_api
from sdkforge.render.docs import DocsSettings, render_docs
from sdkforge.spec import load_spec
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.wire import generate_sdk

TITLE = {
    "name": "X-App-Title",
    "in": "header",
    "x-speakeasy-name-override": "appTitle",
    "description": "The app's display name.",
    "schema": {"type": "string"},
}


def spec(url: str) -> dict[str, Any]:
    answer = {
        "200": {
            "description": "what the server read",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "q": {"type": "string"},
                        },
                    }
                }
            },
        }
    }
    query = {"name": "q", "in": "query", "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Echo API", "version": "1.0.0"},
        "servers": [{"url": url}],
        "x-speakeasy-globals": {
            "parameters": [{"$ref": "#/components/parameters/AppTitle"}]
        },
        "components": {"parameters": {"AppTitle": TITLE}},
        "paths": {
            "/echo": {
                "get": {
                    "operationId": "echo",
                    "tags": ["echo"],
                    "parameters": [
                        {"$ref": "#/components/parameters/AppTitle"},
                        query,
                    ],
                    "responses": answer,
                }
            },
            "/plain": {
                "get": {
                    "operationId": "plain",
                    "tags": ["echo"],
                    "parameters": [query],
                    "responses": answer,
                }
            },
        },
    }


async def echo(request: Request) -> JSONResponse:
    return JSONResponse(
        {
            "title": request.headers.get("x-app-title", "-"),
            "q": request.query_params.get("q", "-"),
        }
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    with LoopbackServer(
        lifetime=300, routes=[Route("/{rest:path}", echo, methods=["GET"])]
    ) as server:
        folder = tmp_path_factory.mktemp("globals")
        path = folder / "spec.yaml"
        path.write_text(yaml.safe_dump(spec(server.url)), encoding="utf-8")
        yield server.url, path


@pytest.fixture(scope="module")
def sdk(
    served: tuple[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> ModuleType:
    return generate_sdk(served[1], tmp_path_factory.mktemp("out") / "out", "echo_sdk")


def test_an_operation_taking_a_global_parameter_has_a_globals_model(
    sdk: ModuleType,
) -> None:
    from echo_sdk.models import operations

    assert list(operations.EchoGlobals.model_fields) == ["app_title"]
    assert operations.EchoGlobals(app_title="Lamp").app_title == "Lamp"
    # an operation without a global parameter has none
    assert not hasattr(operations, "PlainGlobals")
    assert hasattr(operations, "PlainRequest")


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_the_overridden_name_is_the_keyword_and_sends_the_header(
    sdk: ModuleType, served: tuple[str, Any], asynchronous: bool
) -> None:
    url = served[0]
    if not asynchronous:
        with sdk.Client(base_url=url) as client:
            answer = client.echo.echo(app_title="Lamp", q="1")
    else:

        async def main() -> Any:
            async with sdk.AsyncClient(base_url=url) as client:
                return await client.echo.echo(app_title="Lamp", q="1")

        answer = asyncio.run(main())
    assert (answer.title, answer.q) == ("Lamp", "1")


def test_the_docs_name_the_field_and_the_globals_page(
    served: tuple[str, Any],
) -> None:
    pages = render_docs(
        build_api(load_spec(served[1])),
        DocsSettings(flavor="typescript", package="@acme/echo"),
    )
    globals_page = pages["docs/models/operations/echoglobals.md"]
    assert "| `appTitle`" in globals_page
    assert "The app's display name." in globals_page
    assert "| `appTitle`" in pages["docs/models/operations/echorequest.md"]
    assert "docs/models/operations/plainglobals.md" not in pages

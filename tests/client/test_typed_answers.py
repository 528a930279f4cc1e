"""Typed answers, run on a loopback server and checked by pyright.

The SDK of tests/client/answers/spec.yaml: `create_item` answers 200 (an `Item`), 202 (an
inline job object) or 204 (nothing), so it returns the union by status; `list_items` is a page
whose own fields are typed; `client.with_raw_response` gives `APIResponse[T]` of each method's
answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.test_pyright import check_scripts
from client.wire import generate_sdk

SPEC = Path(__file__).parent / "answers" / "spec.yaml"
ITEMS = [{"id": f"i{n}", "name": f"item {n}"} for n in range(3)]


async def create_item(request: Request) -> Response:
    name = (await request.json())["name"]
    headers = {"x-request-id": f"req-{name}"}
    if name == "later":
        return JSONResponse({"job_id": "j1", "queued_at": 7}, 202, headers=headers)
    if name == "nothing":
        return Response(status_code=204, headers=headers)
    return JSONResponse({"id": "i9", "name": name}, headers=headers)


async def list_items(request: Request) -> Response:
    after = request.query_params.get("after")
    start = 0 if after is None else [i["id"] for i in ITEMS].index(after) + 1
    data = ITEMS[start : start + 2]
    more = start + 2 < len(ITEMS)
    return JSONResponse(
        {"object": "list", "data": data, "has_more": more, "total": len(ITEMS)}
    )


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    routes = [
        Route("/v1/items", create_item, methods=["POST"]),
        Route("/v1/items", list_items, methods=["GET"]),
    ]
    with LoopbackServer(lifetime=300, routes=routes) as server:
        yield server.url + "/v1"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_sdk(SPEC, tmp_path_factory.mktemp("answers") / "out", "answers_sdk")


def run(sdk: ModuleType, url: str, asynchronous: bool, call: Any) -> Any:
    """`call(client)` on a Client, or awaited on an AsyncClient."""
    if not asynchronous:
        with sdk.Client(api_key="k", base_url=url) as client:
            return call(client)

    async def main() -> Any:
        async with sdk.AsyncClient(api_key="k", base_url=url) as client:
            return await call(client)

    return asyncio.run(main())


BOTH = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


@BOTH
def test_each_status_decodes_into_its_own_model(
    sdk: ModuleType, url: str, asynchronous: bool
) -> None:
    from answers_sdk.models import Item
    from answers_sdk.models.operations import CreateItem202ResponseBody

    created = run(sdk, url, asynchronous, lambda c: c.items.create_item(name="lamp"))
    later = run(sdk, url, asynchronous, lambda c: c.items.create_item(name="later"))
    nothing = run(sdk, url, asynchronous, lambda c: c.items.create_item(name="nothing"))
    assert created == Item(id="i9", name="lamp")
    assert isinstance(later, CreateItem202ResponseBody)
    assert (later.job_id, later.queued_at) == ("j1", 7)
    assert nothing is None


def test_raw_response_of_each_status(sdk: ModuleType, url: str) -> None:
    from answers_sdk.models.operations import CreateItem202ResponseBody

    with sdk.Client(api_key="k", base_url=url) as client:
        raw = client.with_raw_response.items.create_item(name="later")
        assert raw.status_code == 202
        assert raw.request_id == "req-later"
        assert raw.headers["content-type"] == "application/json"
        assert isinstance(raw.http_response, httpx.Response)
        parsed = raw.parse()
        assert isinstance(parsed, CreateItem202ResponseBody)
        assert raw.parse() is parsed  # decoded once
        page = client.with_raw_response.items.list_items().parse()
        assert [item.id for item in page] == ["i0", "i1", "i2"]  # still pages


def test_async_raw_response(sdk: ModuleType, url: str) -> None:
    async def main() -> tuple[int, str | None, Any]:
        async with sdk.AsyncClient(api_key="k", base_url=url) as client:
            raw = await client.with_raw_response.items.create_item(name="lamp")
            return raw.status_code, raw.request_id, await raw.parse()

    status, request_id, item = asyncio.run(main())
    assert (status, request_id, item.name) == (200, "req-lamp", "lamp")


@BOTH
def test_a_page_keeps_its_fields_and_names_its_class(
    sdk: ModuleType, url: str, asynchronous: bool
) -> None:
    page = run(sdk, url, asynchronous, lambda c: c.items.list_items())
    assert (page.total, page.has_more, len(page.data)) == (3, True, 2)
    # The class the type checker is told about (declared in resources/items.py) is the one made.
    assert type(page).__name__ == (
        "AsyncItemListPage" if asynchronous else "ItemListPage"
    )


USER = """
from typing import TYPE_CHECKING

from typing_extensions import assert_type

from answers_sdk import AsyncClient, Client
from answers_sdk._base_client import APIResponse, AsyncAPIResponse
from answers_sdk.models import Item
from answers_sdk.models.operations import CreateItem202ResponseBody

if TYPE_CHECKING:  # the page classes exist for type checkers (made at run time)
    from answers_sdk.resources.items import AsyncItemListPage, ItemListPage

client = Client(api_key="k")
answer = client.items.create_item(name="lamp")
assert_type(answer, Item | CreateItem202ResponseBody | None)
if isinstance(answer, CreateItem202ResponseBody):
    assert_type(answer.job_id, str)
page = client.items.list_items(limit=2)
assert_type(page, ItemListPage)
assert_type(page.total, int | None)
assert_type(page.has_more, bool)
for item in page:
    assert_type(item, Item)
assert_type(page.get_next_page().data, list[Item])
raw = client.with_raw_response.items.create_item(name="lamp")
assert_type(raw, APIResponse[Item | CreateItem202ResponseBody | None])
assert_type(raw.parse(), Item | CreateItem202ResponseBody | None)
assert_type(raw.status_code, int)
assert_type(client.with_raw_response.items.list_items().parse().has_more, bool)
assert_type(client.with_options(max_retries=0), Client)


async def main() -> None:
    aclient = AsyncClient(api_key="k")
    apage = await aclient.items.list_items()
    assert_type(apage.has_more, bool)
    async for aitem in apage:
        assert_type(aitem, Item)
    araw = await aclient.with_raw_response.items.list_items(after="i1")
    assert_type((await araw.parse()).total, int | None)
    assert_type(araw, AsyncAPIResponse[AsyncItemListPage])
"""
WRONG = """
from answers_sdk import Client

client = Client(api_key="k")
client.items.list_items().totl
client.with_raw_response.items.create_item(nmae="lamp")
client.with_raw_response.items.create_item(name="lamp").parse().name
"""


@pytest.fixture(scope="module")
def checked(
    sdk: ModuleType, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    scripts = {"user.py": USER, "wrong.py": WRONG}
    return check_scripts(sdk, scripts, tmp_path_factory.mktemp("pyright"))


def test_pyright_agrees_with_every_answer_type(checked: dict[str, list[str]]) -> None:
    # assert_type fails loudly: every answer, page field, item and raw response is typed exactly.
    assert {name: e for name, e in checked.items() if name != "wrong.py"} == {}


def test_typos_on_pages_and_raw_methods_are_type_errors(
    checked: dict[str, list[str]],
) -> None:
    errors = checked.get("wrong.py", [])
    # 5: no field `totl` on the page; 6: no keyword `nmae`; 7: `.name` of a union with a
    # job object (no `name`) and None: both members are reported.
    assert [line.split(":")[1] for line in errors] == ["5", "6", "7", "7"], errors
    assert '"totl"' in errors[0] and "provided arguments" in errors[1]
    assert "CreateItem202ResponseBody" in errors[2] + errors[3]
    assert "None" in errors[2] + errors[3]

"""OpenAPI 3.2: the loader accepts it, and the 3.2 fields the builder reads reach the generated
client (run against a loopback server): sequential media types with `itemSchema` (SSE with typed
event names and a `[DONE]` constant, JSON Lines, NDJSON, JSON-seq), the `query` method,
`in: querystring`, `additionalOperations` and webhook payload models.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.build import build_api
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec.validate import validate_document
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from tests.client.wire import generate_sdk

SPEC = Path(__file__).parent / "spec.yaml"
BOTH = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])


class Server:
    """Answers each path with fixed bytes and records the requests (any HTTP method)."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[bytes, str]] = {}
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []

    async def endpoint(self, request: Request) -> Response:
        query = request.scope["query_string"].decode("latin-1")
        raw_path = request.scope["raw_path"].decode("latin-1")
        target = raw_path + ("?" + query if query else "")
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.requests.append((request.method, target, headers, await request.body()))
        body, media_type = self.bodies.get(request.url.path, (b"", "text/plain"))
        return Response(body, media_type=media_type, status_code=200 if body else 204)


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_sdk(SPEC, tmp_path_factory.mktemp("spec32") / "out", "streams_demo")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Server, str]]:
    recorder = Server()
    methods = ["GET", "POST", "QUERY", "LINK"]
    route = Route("/{rest:path}", recorder.endpoint, methods=methods)
    with LoopbackServer(lifetime=120, routes=[route]) as loopback:
        yield recorder, loopback.url


def collect(
    sdk: ModuleType, url: str, asynchronous: bool, call: Callable[[Any], Any]
) -> list[Any]:
    """Call through Client or AsyncClient and read the stream to its end."""
    if not asynchronous:
        with sdk.Client(base_url=url, api_key="k") as client, call(client) as stream:
            return list(stream)

    async def run() -> list[Any]:
        async with sdk.AsyncClient(base_url=url, api_key="k") as client:
            stream = await call(client)
            async with stream:
                return [item async for item in stream]

    return asyncio.run(run())


# ---- loader -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.2.0", "3.2.1"])
def test_openapi_3_2_is_accepted(tmp_path: Path, version: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n"
    )
    validate_document(load_spec(spec))


@pytest.mark.parametrize("version", ["3.3.0", "3.2", "3.2.0-rc1"])
def test_other_versions_are_still_refused(tmp_path: Path, version: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"openapi: '{version}'\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n"
    )
    with pytest.raises(SpecError) as caught:
        validate_document(load_spec(spec))
    assert caught.value.pointer == "/openapi"
    assert "3.2.x" in caught.value.hint


def test_3_2_fields_are_type_checked(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n"
        "    get:\n      responses:\n        '200':\n          description: x\n"
        "          content:\n            application/jsonl:\n              itemSchema: [1]\n"
    )
    with pytest.raises(SpecError) as caught:
        validate_document(load_spec(spec))
    assert caught.value.pointer.endswith("/application~1jsonl/itemSchema")
    assert caught.value.line == 11


def build(tmp_path: Path, text: str) -> Any:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    doc = load_spec(spec)
    validate_document(doc)
    return build_api(doc)


def test_3_1_documents_do_not_read_3_2_fields(tmp_path: Path) -> None:
    """A 3.1 document's `query` key and `itemSchema` are not operations or streams there."""
    api = build(
        tmp_path,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n"
        "    query: {operationId: q, responses: {'200': {description: x}}}\n"
        "    get:\n      operationId: g\n      responses:\n        '200':\n"
        "          description: x\n          content:\n            application/jsonl:\n"
        "              schema: {type: object}\n              itemSchema: {type: object}\n",
    )
    assert [op.operation_id for op in api.operations] == ["g"]
    assert api.operations[0].stream is None


def test_additional_operations_may_not_repeat_a_fixed_method(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        build(
            tmp_path,
            "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n"
            "    additionalOperations:\n      POST: {responses: {'200': {description: x}}}\n",
        )
    assert caught.value.pointer == "/paths/~1a/additionalOperations/POST"
    assert "`post` field" in caught.value.hint


def test_an_sse_item_schema_must_describe_an_event(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        build(
            tmp_path,
            "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
            "      responses:\n        '200':\n          description: x\n          content:\n"
            "            text/event-stream:\n              itemSchema:\n"
            "                type: object\n                properties: {text: {type: string}}\n",
        )
    assert caught.value.pointer.endswith("/text~1event-stream/itemSchema")
    assert "`event`, `data`, `id` and `retry`" in caught.value.message


def test_the_stream_model_of_the_api(tmp_path: Path) -> None:
    api = build(tmp_path, SPEC.read_text())
    streams = {op.operation_id: op.stream for op in api.operations if op.stream}
    assert {name: s.framing for name, s in streams.items()} == {
        "chat": "sse",
        "lines": "jsonl",
        "ndjson": "jsonl",
        "seq": "json-seq",
        "textEvents": "sse",
    }
    chat = streams["chat"]
    assert chat.sentinel == "[DONE]"
    assert [(event, t.name) for event, t in chat.event_items] == [
        ("delta", "Delta"),
        ("usage", "Usage"),
    ]
    assert streams["ndjson"].media_type == "application/x-ndjson"
    methods = {op.operation_id: op.method for op in api.operations}
    assert methods["search"] == "query" and methods["linkRecord"] == "link"


# ---- the generated client on the wire -----------------------------------------------------


@BOTH
def test_sse_event_names_select_the_payload_model(
    sdk: ModuleType, server: tuple[Server, str], asynchronous: bool
) -> None:
    recorder, url = server
    recorder.bodies["/chat"] = (
        b'event: delta\ndata: {"text": "Hel"}\n\n'
        b'event: usage\ndata: {"tokens": 3, "text": "not a delta"}\n\n'
        b'event: delta\ndata: {"text": "lo"}\n\n'
        b"event: done\ndata: [DONE]\n\n"
        b'event: delta\ndata: {"text": "after the end"}\n\n',
        "text/event-stream",
    )
    items = collect(sdk, url, asynchronous, lambda c: c.streams.chat(prompt="hi"))
    # The usage event also fits Delta (extra keys are kept), so only its name makes it Usage.
    assert [type(item).__name__ for item in items] == ["Delta", "Usage", "Delta"]
    assert items[0].text + items[2].text == "Hello" and items[1].tokens == 3
    method, target, headers, body = recorder.requests[-1]
    assert (method, target, headers["accept"]) == ("POST", "/chat", "text/event-stream")
    assert json.loads(body) == {"prompt": "hi"}


@BOTH
@pytest.mark.parametrize(
    ("path", "media_type", "body"),
    [
        ("/lines", "application/jsonl", b'{"id": "a", "size": 1}\r\n\n{"id": "b"}'),
        (
            "/seq",
            "application/json-seq",
            b'\x1e{"id": "a",\n "size": 1}\n\x1e{"id": "b"}\n',
        ),
    ],
    ids=["jsonl", "json-seq"],
)
def test_json_lines_and_json_seq_streams_are_typed(
    sdk: ModuleType,
    server: tuple[Server, str],
    asynchronous: bool,
    path: str,
    media_type: str,
    body: bytes,
) -> None:
    recorder, url = server
    recorder.bodies[path] = (body, media_type)
    method = getattr(sdk.Client, "lines" if path == "/lines" else "seq", None)
    assert method is None  # the operations live on the group
    name = path.strip("/")
    items = collect(sdk, url, asynchronous, lambda c: getattr(c.streams, name)())
    assert [(type(i).__name__, i.id, i.size) for i in items] == [
        ("RecordT", "a", 1),
        ("RecordT", "b", None),
    ]
    assert recorder.requests[-1][2]["accept"] == media_type


def test_an_ndjson_line_that_does_not_fit_raises_a_decode_error(
    sdk: ModuleType, server: tuple[Server, str]
) -> None:
    recorder, url = server
    recorder.bodies["/ndjson"] = (b'{"n": 1}\n{"n": "many"}\n', "application/x-ndjson")
    seen = []
    with (
        pytest.raises(sdk.errors.StreamDecodeError) as caught,
        sdk.Client(base_url=url, api_key="k") as client,
    ):
        for item in client.streams.ndjson():
            seen.append(item.n)
    assert seen == [1]
    assert "many" in str(caught.value)


def test_an_sse_stream_of_text(sdk: ModuleType, server: tuple[Server, str]) -> None:
    recorder, url = server
    recorder.bodies["/text-events"] = (
        b"data: one\n\ndata: two\n\n",
        "text/event-stream",
    )
    assert collect(sdk, url, False, lambda c: c.streams.text_events()) == ["one", "two"]


def test_query_querystring_and_additional_operations_on_the_wire(
    sdk: ModuleType, server: tuple[Server, str]
) -> None:
    recorder, url = server
    recorder.bodies["/search"] = (b'[{"id": "x"}]', "application/json")
    recorder.bodies["/records"] = (b"[]", "application/json")
    with sdk.Client(base_url=url, api_key="k") as client:
        found = client.records.search(text="lamp")
        client.records.list_records(owner="ann", tags=["a", "b"])
        assert client.records.link_record(id="r/1", link="<x>") is None
    assert [r.id for r in found] == ["x"]
    search, listing, link = recorder.requests[-3:]
    assert (search[0], search[1], json.loads(search[3])) == (
        "QUERY",
        "/search",
        {"text": "lamp"},
    )
    assert (listing[0], listing[1]) == ("GET", "/records?owner=ann&tags=a&tags=b")
    assert (link[0], link[1], link[2]["link"]) == ("LINK", "/records/r%2F1", "<x>")


def test_webhook_payloads_are_models_with_pages_and_no_method(
    sdk: ModuleType, tmp_path: Path
) -> None:
    from streams_demo.models import RecordCreatedWebhook, RecordDeleted

    created = RecordCreatedWebhook.model_validate_json(
        '{"record": {"id": "r1", "size": 2}, "at": "2026-01-01T00:00:00Z"}'
    )
    assert (created.record.id, created.record.size) == ("r1", 2)
    assert RecordDeleted.model_validate({"id": "r2"}).id == "r2"
    assert RecordCreatedWebhook.__doc__ == "Sent when a record is created."
    out = Path(sdk.__file__).parent.parent
    page = out / "docs" / "models" / "recordcreatedwebhook.md"
    assert "Sent when a record is created." in page.read_text()
    client_source = (out / "streams_demo" / "client.py").read_text()
    assert "record_created" not in client_source

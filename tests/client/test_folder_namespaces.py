"""`models/` and `models/operations/` are two namespaces: an operation's schema may take a class
name a component has (the query parameter `modality` beside the component `Modality`), and so may
an operation type (`createKey`'s parameter wrapper `CreateKeyRequest`, which holds the component
`CreateKeyRequest` it sends). Checked on the model of the API, on the generated package (run
against a loopback server) and on its docs, whose Python snippet is run too.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sdkforge import api
from sdkforge.pipeline import load_api
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.wire import generate_sdk

SPEC = Path(__file__).parent / "namespaces" / "spec.yaml"
PACKAGE = "namespaces_sdk"


def test_each_folder_names_its_own_classes() -> None:
    model_api = load_api(SPEC)[0]
    keys = {m.name: m for m in model_api.models}
    assert keys["Modality"].group == "models"
    assert keys["CreateKeyRequest"].group == "models"
    # second to take the name: its key says its folder, its class name does not
    for key in ("operations.Modality", "operations.CreateKeyRequest"):
        assert keys[key].group == "operations"
        assert keys[key].class_name == api.class_name_of(key) == key.split(".")[1]
    wrapper = keys["operations.CreateKeyRequest"]
    assert isinstance(wrapper, api.ObjectModel)
    body = {f.wire_name: f.type for f in wrapper.fields}["CreateKeyRequest"]
    assert body == api.ModelRef("CreateKeyRequest")
    modality = keys["operations.Modality"]
    assert isinstance(modality, api.EnumModel)
    assert [v.value for v in modality.values] == ["audio", "video"]


class Keys:
    """Answers `GET /v1/keys` and `POST /v1/keys` with what it was sent, and records it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, dict[str, str], object]] = []

    async def answer(self, request: Request) -> JSONResponse:
        body = json.loads(await request.body() or b"null")
        self.seen.append(
            (request.method, str(request.url.query), dict(request.headers), body)
        )
        if request.method == "GET":
            name = request.query_params.get("modality", "none")
            return JSONResponse({"data": [{"name": name, "modality": "image"}]})
        return JSONResponse({"name": body["name"], "modality": body["modality"]})


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Keys, str]]:
    keys = Keys()
    route = Route("/v1/keys", keys.answer, methods=["GET", "POST"])
    with LoopbackServer(lifetime=120, routes=[route]) as server:
        yield keys, server.url + "/v1"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("namespaces") / "out"
    return generate_sdk(SPEC, out, PACKAGE, docs_package=PACKAGE)


def test_the_package_has_both_classes_under_one_name(sdk: ModuleType) -> None:
    from namespaces_sdk import models
    from namespaces_sdk.models import operations

    assert operations.Modality is not models.Modality
    assert [m.value for m in operations.Modality] == ["audio", "video"]
    assert [m.value for m in models.Modality] == ["text", "image"]
    wrapper = operations.CreateKeyRequest.model_validate(
        {"X-Title": "ci", "CreateKeyRequest": {"name": "k", "modality": "text"}}
    )
    assert type(wrapper.create_key_request) is models.CreateKeyRequest
    assert wrapper.create_key_request.modality is models.Modality.TEXT
    assert wrapper.model_dump(by_alias=True, mode="json") == {
        "X-Title": "ci",
        "CreateKeyRequest": {"name": "k", "modality": "text"},
    }


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_the_client_sends_and_reads_both(
    sdk: ModuleType, served: tuple[Keys, str], asynchronous: bool
) -> None:
    from namespaces_sdk import models
    from namespaces_sdk.models import operations

    keys, url = served
    keys.seen.clear()

    async def calls_async() -> tuple[object, object]:
        async with sdk.AsyncClient(api_key="k", base_url=url) as client:
            listed = await client.keys.list_keys(modality=operations.Modality.AUDIO)
            made = await client.keys.create_key(name="n", modality="image", x_title="t")
            return listed, made

    if asynchronous:
        listed, made = asyncio.run(calls_async())
    else:
        with sdk.Client(api_key="k", base_url=url) as client:
            listed = client.keys.list_keys(modality=operations.Modality.AUDIO)
            made = client.keys.create_key(name="n", modality="image", x_title="t")
    assert isinstance(listed, operations.ListKeysResponse)
    assert listed.data[0].name == "audio"
    assert listed.data[0].modality is models.Modality.IMAGE
    assert isinstance(made, models.Key) and made.modality is models.Modality.IMAGE
    (get, query, _, _), (post, _, headers, body) = keys.seen
    assert (get, query, post) == ("GET", "modality=audio", "POST")
    assert headers["x-title"] == "t"
    assert body == {"name": "n", "modality": "image"}


def test_a_wrong_value_of_the_operations_enum_is_refused(sdk: ModuleType) -> None:
    with (
        sdk.Client(api_key="k", base_url="http://127.0.0.1:9/v1") as client,
        pytest.raises(ValueError, match="modality"),
    ):
        client.keys.list_keys(modality="text")  # type: ignore[arg-type]


def test_the_docs_link_each_class_to_its_folder_and_the_snippet_runs(
    sdk: ModuleType,
) -> None:
    out = Path(sdk.__file__).parents[1]
    page = (out / "docs/models/operations/createkeyrequest.md").read_text()
    assert page.startswith("# CreateKeyRequest\n")
    assert "[models.CreateKeyRequest](../../models/createkeyrequest.md)" in page
    theirs = (out / "docs/models/operations/modality.md").read_text()
    assert theirs.startswith("# Modality\n")
    assert 'OperationsModality.AUDIO  # "audio"' in theirs
    assert 'Modality.TEXT  # "text"' in (out / "docs/models/modality.md").read_text()
    snippet = page.split("```python\n", 1)[1].split("```", 1)[0]
    assert "CreateKeyRequest as OperationsCreateKeyRequest," in snippet
    scope: dict[str, object] = {}
    exec(snippet, scope)
    value = scope["value"]
    assert type(value).__module__ == f"{PACKAGE}.models.operations.createkeyrequest"
    assert type(value.create_key_request).__module__ == (  # type: ignore[attr-defined]
        f"{PACKAGE}.models.createkeyrequest"
    )

"""Requests of SDKs generated from real, unedited specs, checked on the wire of a loopback server,
sync and async: Box (../shared/specs/zoo/box.json: upload a file as multipart, download one as bytes)
and Stripe (../shared/specs/zoo/stripe.yaml: create a customer with nested `metadata[...]` and
`address[...]` form fields, list customers with `expand[]`). See ../shared/specs/zoo/SOURCES.md.

The expected bytes follow the specs: Box's upload body has `attributes` (an object: a JSON part) before
`file` (`format: binary`), as Box requires; Stripe's bodies are `deepObject` form fields in the order
of the schema's properties, its `expand` query parameter `deepObject` with `explode: true`.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge import api
from sdkforge.pipeline import load_api
from starlette.responses import JSONResponse, Response

from .test_multipart_encoding import body_of, boundary_of, part
from .wire import BOTH, Recorded, Recorder

ZOO = Path(__file__).resolve().parents[3] / "shared" / "specs" / "zoo"
FIXTURES = ZOO / "stripe-fixtures3.json"

pytestmark = pytest.mark.skipif(
    not (ZOO / "box.json").exists(), reason="../shared/specs/zoo is not there"
)


@pytest.fixture(scope="module")
def zoo_sdks(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, ModuleType]]:
    """Both SDKs, generated at once by two `sdkforge generate` processes, then imported."""
    root = tmp_path_factory.mktemp("zoo_requests")
    specs = {"box_sdk": ZOO / "box.json", "stripe_sdk": ZOO / "stripe.yaml"}
    runs = {
        package: subprocess.Popen(
            [sys.executable, "-m", "sdkforge.cli", "generate", "--spec", str(spec),
             "--out", str(root / package), "--package", package],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for package, spec in specs.items()
    }  # fmt: skip
    for package, process in runs.items():
        _, stderr = process.communicate(timeout=1800)
        assert process.returncode == 0, f"{package}: {stderr[-3000:]}"
        sys.path.insert(0, str(root / package))
    importlib.invalidate_caches()
    yield {package: importlib.import_module(package) for package in runs}
    for package in runs:
        sys.path.remove(str(root / package))


@pytest.fixture()
def box(zoo_sdks: dict[str, ModuleType]) -> ModuleType:
    return zoo_sdks["box_sdk"]


@pytest.fixture()
def stripe(zoo_sdks: dict[str, ModuleType]) -> ModuleType:
    return zoo_sdks["stripe_sdk"]


@pytest.fixture(name="recorder")
def real_recorder() -> Iterator[Recorder]:
    with Recorder().serving() as recorder:
        yield recorder


def call(
    sdk: ModuleType,
    recorder: Recorder,
    asynchronous: bool,
    group: str,
    method: str,
    **kwargs: Any,
) -> Any:
    """One call with Client or AsyncClient; a binary response is read before the client closes."""
    options = {"api_key": "tok_1", "base_url": recorder.url}
    if not asynchronous:
        with sdk.Client(**options) as client:
            result = getattr(getattr(client, group), method)(**kwargs)
            return (
                result.content if type(result).__name__ == "BinaryResponse" else result
            )

    async def go() -> Any:
        async with sdk.AsyncClient(**options) as client:
            result = await getattr(getattr(client, group), method)(**kwargs)
            if type(result).__name__ == "AsyncBinaryResponse":
                return await result.read()
            return result

    return asyncio.run(go())


BOX_FILE = {
    "type": "file",
    "id": "12345",
    "etag": "1",
    "name": "Photo.png",
}


@BOTH
def test_box_uploads_a_file_as_multipart(
    box: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    recorder.answers["/files/content"] = lambda r: JSONResponse(
        {"total_count": 1, "entries": [BOX_FILE]}, status_code=201
    )
    files = call(
        box,
        recorder,
        asynchronous,
        "uploads",
        "post_files_content",
        attributes={"name": "Photo.png", "parent": {"id": "0"}},
        file=("Photo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        fields_=["id", "name"],
        # Box's uploads live on their own server (https://upload.box.com/api/2.0, the
        # operation's `servers`): the client's base URL does not apply, `server_url=` does.
        server_url=recorder.url,
    )
    assert files.entries[0].id == "12345"
    sent = recorder.last
    assert (sent.method, sent.target) == ("POST", "/files/content?fields=id,name")
    assert sent.header("authorization") == "Bearer tok_1"
    assert sent.body == body_of(
        boundary_of(recorder),
        part(
            "attributes",
            None,
            [("Content-Type", "application/json")],
            b'{"name":"Photo.png","parent":{"id":"0"}}',
        ),
        part(
            "file",
            "Photo.png",
            [("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n\x00",
        ),
    )


@BOTH
def test_box_downloads_a_file_as_bytes(
    box: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    content = bytes(range(256)) * 64

    def answer(recorded: Recorded) -> Response:
        return Response(content, media_type="application/octet-stream")

    recorder.answers["/files/12345/content"] = answer
    got = call(
        box,
        recorder,
        asynchronous,
        "downloads",
        "get_files_id_content",
        file_id="12345",
        range="bytes=0-1023",
        version="4",
    )
    assert got == content
    sent = recorder.last
    assert (sent.method, sent.target) == ("GET", "/files/12345/content?version=4")
    assert sent.header("range") == "bytes=0-1023"
    assert sent.body == b""


def stripe_customer() -> dict[str, Any]:
    return json.loads(FIXTURES.read_text(encoding="utf-8"))["resources"]["customer"]


@BOTH
def test_stripe_creates_a_customer_with_nested_form_fields(
    stripe: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    recorder.answers["/v1/customers"] = lambda r: JSONResponse(stripe_customer())
    customer = call(
        stripe,
        recorder,
        asynchronous,
        "customers",  # untagged: the group of /v1/customers
        "post_customers",
        email="ann@example.com",
        metadata={"team": "core", "tier": "1"},
        address={"line1": "1 Main St", "city": "Paris", "country": "FR"},
        preferred_locales=["fr", "en"],
        expand=["default_source"],
    )
    assert customer.id == "cus_Oaxlz8kB0PJWGa"
    sent = recorder.last
    assert (sent.method, sent.target) == ("POST", "/v1/customers")
    assert sent.header("content-type") == "application/x-www-form-urlencoded"
    # The schema's property order (address, email, expand, metadata, preferred_locales); inside
    # `address` its own order (city, country, line1).
    assert sent.body == (
        b"address%5Bcity%5D=Paris&address%5Bcountry%5D=FR&address%5Bline1%5D=1%20Main%20St"
        b"&email=ann%40example.com&expand%5B%5D=default_source"
        b"&metadata%5Bteam%5D=core&metadata%5Btier%5D=1"
        b"&preferred_locales%5B%5D=fr&preferred_locales%5B%5D=en"
    )


@BOTH
def test_stripe_body_property_named_options_is_sent(
    stripe: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """`options` is a body property here; the method's own helpers must not be shadowed by it
    (they were: `options(timeout, ...)` called the caller's dict)."""
    session = json.loads(FIXTURES.read_text(encoding="utf-8"))["resources"][
        "identity.verification_session"
    ]
    recorder.answers["/v1/identity/verification_sessions"] = lambda r: JSONResponse(
        session
    )
    answer = call(
        stripe,
        recorder,
        asynchronous,
        "identity",
        "post_identity_verification_sessions",
        type="document",
        options={"document": {"require_matching_selfie": True}},
    )
    assert answer.id == session["id"]
    assert recorder.last.body == (
        b"options%5Bdocument%5D%5Brequire_matching_selfie%5D=true&type=document"
    )


@BOTH
def test_stripe_lists_customers_with_expand(
    stripe: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    recorder.answers["/v1/customers"] = lambda r: JSONResponse(
        {
            "object": "list",
            "data": [stripe_customer()],
            "has_more": False,
            "url": "/v1/customers",
        }
    )
    page = call(
        stripe,
        recorder,
        asynchronous,
        "customers",  # untagged: the group of /v1/customers
        "get_customers",
        limit=3,
        expand=["data.default_source", "data.tax"],
        created={"gte": 1700000000},
    )
    assert [c.id for c in page.data] == ["cus_Oaxlz8kB0PJWGa"]
    sent = recorder.last
    assert (sent.method, sent.body) == ("GET", b"")
    assert sent.target == (
        "/v1/customers?created%5Bgte%5D=1700000000"
        "&expand%5B%5D=data.default_source&expand%5B%5D=data.tax&limit=3"
    )


def test_stripe_groups_are_the_first_path_segment_after_the_version(
    stripe: ModuleType,
) -> None:
    """Stripe tags no operation: each is grouped by its path (`/v1/<group>/...`), not all in `default`."""
    import yaml

    spec = yaml.load((ZOO / "stripe.yaml").read_text(), Loader=yaml.CSafeLoader)
    expected = {path.split("/")[2] for path in spec["paths"]}
    assert all(path.startswith("/v1/") for path in spec["paths"])
    assert len(expected) == 62
    client = stripe.Client(api_key="tok_1", base_url="http://127.0.0.1:9")
    for group in expected:
        assert type(getattr(client, group)).__name__.endswith("Operations"), group
    assert not hasattr(client, "default")
    client.close()


@BOTH
def test_stripe_calls_an_operation_of_another_group(
    stripe: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    balance = json.loads(FIXTURES.read_text(encoding="utf-8"))["resources"]["balance"]
    recorder.answers["/v1/balance"] = lambda r: JSONResponse(balance)
    got = call(stripe, recorder, asynchronous, "balance", "get_balance")
    assert type(got).__name__ == "Balance"
    assert got.livemode == balance["livemode"]
    assert (recorder.last.method, recorder.last.target) == ("GET", "/v1/balance")


def _sample(type_ref: Any, models: dict[str, Any], depth: int = 0) -> Any:
    """A plain value of a type, for a required argument: a string, 1, the first enum value, an
    object with its required properties; empty containers."""
    type_ref = api.strip_null(type_ref)
    if isinstance(type_ref, api.Primitive):
        return {"string": "x", "integer": 1, "number": 1, "boolean": True}[
            type_ref.name
        ]
    if isinstance(type_ref, api.ConstValue):
        return type_ref.value
    if isinstance(type_ref, api.ArrayOf):
        return []
    model = models.get(type_ref.name) if isinstance(type_ref, api.ModelRef) else None
    if isinstance(model, api.EnumModel):
        return model.values[0].value
    if isinstance(model, api.UnionModel) and depth < 5:
        return _sample(model.members[0], models, depth + 1)
    if isinstance(model, api.ObjectModel) and depth < 5:
        return {
            f.wire_name: _sample(f.type, models, depth + 1)
            for f in model.fields
            if f.required
        }
    return {}


def test_every_box_operation_runs_to_the_wire_or_an_sdk_error(
    box: ModuleType, recorder: Recorder
) -> None:
    """Each of Box's operations, called once with its required arguments: it sends its request
    or raises the SDK's own errors (a sample value its checks reject, an answer that is not
    the declared model), never a TypeError or NameError of the generated method itself.
    """
    model_api = load_api(ZOO / "box.json")[0]
    models = model_api.models_by_name
    outcomes: dict[str, int] = {}
    with box.Client(api_key="tok_1", base_url=recorder.url) as client:
        for operation in model_api.operations:
            method = getattr(getattr(client, operation.group), operation.method_name)
            fields = {p.field.python_name: p.field for p in operation.parameters}
            body = operation.request_body
            if isinstance(body, api.ModelRef) and body.name in models:
                fields |= {
                    f.python_name: f for f in getattr(models[body.name], "fields", ())
                }
            kwargs: dict[str, Any] = {}
            for name, parameter in inspect.signature(method).parameters.items():
                if name == "server_url":
                    kwargs[name] = recorder.url  # an operation of upload.box.com
                if parameter.default is not parameter.empty:
                    continue
                field = fields.get(name) or fields.get(name.rstrip("_"))
                type_ref = body if name == "body" else field.type if field else None
                kwargs[name] = "x" if type_ref is None else _sample(type_ref, models)
            try:
                method(**kwargs, max_retries=0)
                outcome = "answered"
            except box.errors.SDKError as error:
                outcome = type(error).__name__
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert set(outcomes) <= {
        "answered",
        "APIStatusError",  # the recorder serves no OPTIONS (Box's upload preflight): 405
        "RequestValidationError",
        "ResponseValidationError",
    }, outcomes
    assert len(recorder.requests) >= 200, outcomes  # of Box's 296 operations

"""OpenAPI 3.2 `in: querystring`: the whole query string is one value, serialised by the media
type its `content` names (OpenAPI 3.2.0, Parameter Object: the `querystring` location, "MUST be
specified using the content field", and its examples).

The expected targets are the specification's own: its JSON example serialises
`{numbers: [1, 2], flag: null}` "with minimized whitespace" as `{"numbers":[1,2],"flag":null}`,
whose URL is `...?%7B%22numbers%22%3A%5B1%2C2%5D%2C%22flag%22%3Anull%7D`; its JSONPath example
`$.a.b[1:1]` (a string) gives `...?%24.a.b%5B1%3A1%5D`. Every request goes to a loopback server
that records the raw request target, sync and async.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.build import build_api
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec.validate import validate_document

from tests.client.wire import BOTH, Recorder, call, generate_sdk

SPEC = Path(__file__).parent / "querystring.yaml"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("querystring") / "out"
    return generate_sdk(SPEC, out, "querystring_demo")


@pytest.fixture(scope="module")
def recorder() -> Any:
    recorder = Recorder()
    with recorder.server() as server:
        recorder.url = server.url  # type: ignore[attr-defined]
        yield recorder


@BOTH
def test_json_querystring_is_the_specification_example(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    value = {"numbers": [1, 2], "flag": None}
    call(sdk, recorder, asynchronous, "query", "json_query", json_=value)
    assert recorder.last.target == (
        "/v1/json?%7B%22numbers%22%3A%5B1%2C2%5D%2C%22flag%22%3Anull%7D"
    )


@BOTH
def test_json_querystring_of_a_model_beside_a_path_parameter(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    from querystring_demo.models import Filter

    value = Filter(owner="é&=", tags=["x"])
    call(sdk, recorder, asynchronous, "query", "item_query", id="a b", filter=value)
    # {"owner":"é&=","tags":["x"]}: é as its UTF-8 bytes, & and = encoded like every delimiter.
    assert recorder.last.target == (
        "/v1/items/a%20b?%7B%22owner%22%3A%22%C3%A9%26%3D%22%2C%22tags%22%3A%5B%22x%22%5D%7D"
    )
    call(sdk, recorder, asynchronous, "query", "item_query", id="a")
    assert recorder.last.target == "/v1/items/a"  # left out: no query string at all


def test_a_json_querystring_is_validated_before_sending(
    sdk: ModuleType, recorder: Recorder
) -> None:
    sent = len(recorder.requests)
    with pytest.raises(sdk.errors.RequestValidationError) as caught:
        call(sdk, recorder, False, "query", "item_query", id="a", filter={"tags": []})
    assert caught.value.field == "filter"
    assert len(recorder.requests) == sent


@BOTH
def test_text_querystring_is_the_percent_encoded_text(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    call(sdk, recorder, asynchronous, "query", "select_query", selector="$.a.b[1:1]")
    assert recorder.last.target == "/v1/select?%24.a.b%5B1%3A1%5D"
    call(sdk, recorder, asynchronous, "query", "select_query", selector="a b/c+d")
    assert recorder.last.target == "/v1/select?a%20b%2Fc%2Bd"


@BOTH
def test_form_querystring_is_still_name_value_pairs(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    call(sdk, recorder, asynchronous, "query", "form_query", owner="a&b", limit=2)
    assert recorder.last.target == "/v1/form?owner=a%26b&limit=2"


def _build(tmp_path: Path, media_type: str, schema: str) -> Any:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses: {'204': {description: x}}\n      parameters:\n"
        f"        - in: querystring\n          name: q\n          content:\n"
        f"            {media_type}:\n              schema: {schema}\n"
    )
    doc = load_spec(spec)
    validate_document(doc)
    return build_api(doc)


def test_another_media_type_is_exit_2_at_the_content(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _build(tmp_path, "application/xml", "{type: string}")
    assert caught.value.pointer == "/paths/~1a/get/parameters/0/content"
    assert caught.value.line == 11  # where the content mapping starts
    assert "application/xml" in caught.value.message
    assert "text/plain" in caught.value.hint and "application/json" in caught.value.hint


def test_a_text_querystring_must_be_a_primitive(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        _build(tmp_path, "text/plain", "{type: object}")
    assert (
        caught.value.pointer == "/paths/~1a/get/parameters/0/content/text~1plain/schema"
    )
    assert "text/plain" in caught.value.message


def test_the_api_model_keeps_the_querystring_as_one_parameter(tmp_path: Path) -> None:
    model_api = _build(
        tmp_path, "application/json", "{type: array, items: {type: integer}}"
    )
    (parameter,) = model_api.operations[0].parameters
    assert (parameter.location, parameter.media_type) == (
        "querystring",
        "application/json",
    )
    assert parameter.field.wire_name == "q"

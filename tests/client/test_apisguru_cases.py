"""Shapes found by generating a sample of APIs.guru's directory of real specs and calling every
operation once (the spec under tests/client/apisguru/ keeps one of each): each broke a call or
left an unused import before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .wire import BOTH, Recorder, call, generate_sdk

SPEC = Path(__file__).parent / "apisguru" / "spec.yaml"


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_sdk(SPEC, tmp_path_factory.mktemp("apisguru") / "out", "cases_sdk")


@pytest.fixture(scope="module", name="recorder")
def cases_recorder() -> Any:
    with Recorder().serving() as recorder:
        yield recorder


@BOTH
def test_a_path_parameter_with_a_default_is_still_required(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """A default makes a query parameter optional (the server fills it in); no server can fill
    in a path segment, so the keyword stays required (it was optional and the call failed).
    """
    with pytest.raises(TypeError, match="aircraft_code"):
        call(cases, recorder, asynchronous, "cases", "get_aircraft")
    call(cases, recorder, asynchronous, "cases", "get_aircraft", aircraft_code="388")
    assert recorder.last.target == "/v1/aircraft/388"


@BOTH
@pytest.mark.parametrize(
    ("method", "wrong", "expected"),
    [
        ("submit_pig", {"script": "x"}, "expected a str, got dict"),
        ("submit_hive", {"script": "x"}, "expected bytes, a binary file object"),
        ("submit_hive", "text", "expected bytes, a binary file object"),
    ],
)
def test_a_text_or_binary_body_of_the_wrong_type_is_a_request_validation_error(
    cases: ModuleType,
    recorder: Recorder,
    asynchronous: bool,
    method: str,
    wrong: Any,
    expected: str,
) -> None:
    sent = len(recorder.requests)
    with pytest.raises(cases.errors.RequestValidationError, match=expected) as caught:
        call(cases, recorder, asynchronous, "cases", method, body=wrong)
    assert caught.value.field == "body"
    assert len(recorder.requests) == sent  # nothing went out


@BOTH
def test_text_and_binary_bodies_go_out_as_given(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    call(cases, recorder, asynchronous, "cases", "submit_pig", body="A = LOAD 'é';")
    assert recorder.last.body == "A = LOAD 'é';".encode()  # UTF-8
    assert recorder.last.header("content-type") == "text/plain"
    call(cases, recorder, asynchronous, "cases", "submit_hive", body=b"\x00\xff")
    assert recorder.last.body == b"\x00\xff"


def test_a_property_whose_schema_is_false_is_no_field(cases: ModuleType) -> None:
    """JSON Schema's `false` admits no value: such a key may never appear, so the model has no
    field for it (the whole spec was refused before); a payload that has it anyway keeps it.
    """
    connection = cases.models.Connection
    assert list(connection.model_fields) == ["id", "runtime_error"]
    payload = {"id": "c1", "additionalProperties": False}
    assert connection.model_validate(payload).model_dump(exclude_unset=True) == payload


def test_a_model_named_like_a_python_builtin_is_the_model(cases: ModuleType) -> None:
    """`RuntimeError`, an object model: pydantic reads the annotation when the class is
    created, and took Python's exception for it (no schema: the first validation failed).
    """
    value = cases.models.Connection.model_validate({"runtimeError": {"code": "E1"}})
    assert isinstance(value.runtime_error, cases.models.RuntimeError)
    assert value.runtime_error.code == "E1"


@BOTH
def test_a_form_body_of_one_string_is_sent_as_written(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """`application/x-www-form-urlencoded` with `type: string`: the caller encodes the form
    (it was spread as a mapping: TypeError)."""
    form = "title=Pork%20roast&ingredientList=3%20oz%20pork"
    call(cases, recorder, asynchronous, "cases", "classify_cuisine", body=form)
    assert recorder.last.body == form.encode()
    assert recorder.last.header("content-type") == "application/x-www-form-urlencoded"


@BOTH
def test_an_empty_operation_id_is_none(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """`operationId: ""` (apacta.com): the method is named from its method and path, as
    without one (the spec was refused)."""
    call(cases, recorder, asynchronous, "cases", "get_reports")
    assert recorder.last.target == "/v1/reports"


@BOTH
def test_a_multipart_body_of_one_string_is_sent_as_written(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """`multipart/form-data` with `type: string`: the caller encodes the parts and names the
    boundary (it was spread as a mapping: TypeError)."""
    body = (
        '--b1\r\nContent-Disposition: form-data; name="title"\r\n\r\nPie\r\n--b1--\r\n'
    )
    boundary = {"Content-Type": "multipart/form-data; boundary=b1"}
    call(
        cases,
        recorder,
        asynchronous,
        "cases",
        "create_recipe_card",
        body=body,
        extra_headers=boundary,
    )
    assert recorder.last.body == body.encode()
    assert recorder.last.header("content-type") == "multipart/form-data; boundary=b1"


@BOTH
def test_names_of_the_client_s_decorators_are_renamed(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """A group `property` would replace the `@property` the client class uses below it (the
    module did not import: TypeError), a method `overload` the `@overload` of later methods:
    both take a trailing `_`."""
    call(cases, recorder, asynchronous, "property_", "overload_")
    assert recorder.last.target == "/v1/properties"
    with pytest.warns(DeprecationWarning):
        call(cases, recorder, asynchronous, "property_", "create_property")


def _pyflakes(package: ModuleType) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "pyflakes", str(Path(package.__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout


def test_the_tree_has_no_unused_import(cases: ModuleType) -> None:
    """Basic auth only (no key from the environment: no `os`), no request body models (no
    `TypedDict` twins): pyflakes finds nothing."""
    assert _pyflakes(cases) == ""


def test_a_spec_of_webhooks_only_has_no_unused_import(tmp_path: Path) -> None:
    """No operations (Adyen's notification specs describe only webhooks): a client without
    groups, which needs no `cached_property`."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: Hooks, version: '1'}\n"
        "webhooks:\n"
        "  paid:\n"
        "    post:\n"
        "      requestBody:\n"
        "        content:\n"
        "          application/json:\n"
        "            schema: {$ref: '#/components/schemas/Payment'}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n"
        "  schemas:\n"
        "    Payment: {type: object, properties: {id: {type: string}}}\n",
        encoding="utf-8",
    )
    hooks = generate_sdk(spec, tmp_path / "out", "hooks_sdk")
    assert hooks.models.Payment.model_validate({"id": "p"}).id == "p"
    assert _pyflakes(hooks) == ""


@BOTH
def test_an_operation_id_starting_with_a_digit_is_a_method_after_the_http_method(
    cases: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    """`def 5476364_f_...` was a syntax error: the generate stopped with an internal error."""
    call(cases, recorder, asynchronous, "cases", "get_5476364_f_031_f_5909_e_4_fe_3314")
    assert (recorder.last.method, recorder.last.target) == ("GET", "/v1/Lines")

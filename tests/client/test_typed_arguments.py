"""Typed keyword arguments: the body's properties and the parameters, checked before any I/O.

Generated from tests/client/features/spec.yaml and called against the recording loopback server.
"""

from __future__ import annotations

import inspect
import json
from types import ModuleType
from typing import Any

import pytest

from .wire import BOTH, call, feature_recorder, feature_sdk  # noqa: F401 (fixtures)


def body_of(recorder: Any) -> Any:
    return json.loads(recorder.last.body)


@BOTH
def test_body_properties_are_keyword_arguments_sent_as_json(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(
        sdk,
        recorder,
        asynchronous,
        "items",
        "create_item",
        item_id="a/1",
        limit=5,
        limit_=7,
        name="lamp",
        size="big",
        tags=["x"],
        owner={"name": "Ann"},
        note=None,
        class_="c",
    )
    assert recorder.last.method == "POST"
    assert recorder.last.target == "/v1/items/a%2F1?limit=5"
    assert recorder.last.header("content-type") == "application/json"
    assert recorder.last.body == (
        b'{"name":"lamp","size":"big","tags":["x"],"owner":{"name":"Ann"},'
        b'"note":null,"limit":7,"class":"c"}'
    )


@BOTH
def test_omitted_optional_properties_are_not_sent(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(
        sdk,
        recorder,
        asynchronous,
        "items",
        "create_item",
        item_id="1",
        name="n",
        size="small",
    )
    assert body_of(recorder) == {"name": "n", "size": "small"}


def test_a_body_model_instance_or_dict_is_accepted(
    sdk: ModuleType, recorder: Any
) -> None:
    from features_sdk.models import NewItem, Size

    with sdk.Client(base_url=recorder.url + "/v1") as client:
        client.items.create_item(NewItem(name="m", size=Size.BIG), item_id="1")
        assert body_of(recorder) == {"name": "m", "size": "big"}
        client.items.create_item(
            {"name": "d", "size": "small", "class": "k"}, item_id="1"
        )
        assert body_of(recorder) == {"name": "d", "size": "small", "class": "k"}
        with pytest.raises(TypeError, match="not both"):
            client.items.create_item(
                {"name": "d", "size": "small"}, item_id="1", tags=["t"]
            )


def test_unknown_keywords_and_wrong_types_fail_before_any_request(
    sdk: ModuleType, recorder: Any
) -> None:
    from features_sdk.errors import RequestValidationError, SDKError

    sent = len(recorder.requests)
    with sdk.Client(base_url=recorder.url + "/v1") as client:
        with pytest.raises(TypeError, match="nmae"):
            client.items.create_item(item_id="1", nmae="typo", size="big")  # type: ignore[call-arg]
        with pytest.raises(RequestValidationError, match="size") as caught:
            client.items.create_item(item_id="1", name="n", size="huge")  # type: ignore[arg-type]
        assert isinstance(caught.value, SDKError) and isinstance(
            caught.value, ValueError
        )
        assert caught.value.field == "size"
        with pytest.raises(RequestValidationError, match=r"owner\.name") as caught:
            client.items.create_item(
                item_id="1", name="n", size="big", owner={"email": "e"}
            )
        with pytest.raises(RequestValidationError, match="limit") as caught:
            client.items.create_item(item_id="1", name="n", size="big", limit="many")  # type: ignore[arg-type]
        assert caught.value.field == "limit"
    assert len(recorder.requests) == sent


@BOTH
def test_names_that_clash_are_renamed_and_work(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    """operationId `class`, parameters `self`/`request`/`fields`/`query`/`headers`/`list`, tags `close` and `base_url`."""
    call(
        sdk,
        recorder,
        asynchronous,
        "close_",
        "class_",
        self_="s",
        request="r",
        fields_="f",
        query="q",
        headers="h",
        list_=[1, 2],
        self__="body-self",
        body_="b",
        timeout_=3,
        import_=True,
        timeout=30,
    )
    assert recorder.last.method == "PUT"
    assert (
        recorder.last.target == "/v1/hostile/s?request=r&fields=f&query=q&list=1&list=2"
    )
    assert recorder.last.header("headers") == "h"
    assert body_of(recorder) == {
        "self": "body-self",
        "body": "b",
        "timeout": 3,
        "import": True,
    }
    call(sdk, recorder, asynchronous, "base_url_", "base")
    assert recorder.last.target == "/v1/base"
    with sdk.Client(base_url=recorder.url + "/v1") as client:
        assert client.base_url == recorder.url + "/v1"  # the tag did not replace it
        assert callable(client.close)


@BOTH
def test_per_call_options_reach_the_wire(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(
        sdk,
        recorder,
        asynchronous,
        "items",
        "create_item",
        item_id="1",
        name="n",
        size="big",
        extra_headers={"X-Extra": "1"},
        extra_query={"debug": True, "ids": [1, 2]},
        extra_body={"beta": {"on": True}},
        timeout=5.0,
        max_retries=0,
    )
    assert recorder.last.target == "/v1/items/1?debug=true&ids=1&ids=2"
    assert recorder.last.header("x-extra") == "1"
    assert body_of(recorder) == {"name": "n", "size": "big", "beta": {"on": True}}


def test_docstrings_carry_each_parameter_description(sdk: ModuleType) -> None:
    doc = (
        inspect.getdoc(sdk.Client(base_url="http://127.0.0.1:1").items.create_item)
        or ""
    )
    assert doc.startswith(
        "Create an item\n\nCreates the item under the given id.\n\nArgs:\n"
    )
    assert "    item_id: The id to create." in doc
    assert "    limit_: Clashes with the query parameter." in doc
    assert "    note: Explicit null is sent; omitted is not." in doc

"""The generated client's requests, byte for byte on a loopback server, sync and async.

The SDK is generated from tests/client/features/spec.yaml (a spec exercising every request-side feature).
"""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

from .wire import BOTH, call, feature_recorder, feature_sdk  # noqa: F401 (fixtures)


@BOTH
def test_path_parameters_in_each_style(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(
        sdk,
        recorder,
        asynchronous,
        "params",
        "path_styles",
        simple=["a b", "c/d"],
        label=["x", "y"],
        matrix={"R": 100, "G": 200, "B": 150},
    )
    assert (
        recorder.last.target == "/v1/styles/a%20b,c%2Fd/.x.y/;matrix=R,100,G,200,B,150"
    )


@BOTH
def test_query_header_and_cookie_parameters_in_each_style(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    from features_sdk.models import Color, Order

    call(
        sdk,
        recorder,
        asynchronous,
        "params",
        "query_styles",
        ids=[1, 2],
        tags=["a", "b,c"],
        spaced=["x", "y"],
        piped=["p", "q"],
        filter=Color(R=1, G=2),
        order=Order.DESC,
        active=False,
        next="/a/b?c",
        x_trace=["t1", "t2"],
        app_title="Demo",  # the parameter's x-speakeasy-name-override names the argument
        session="s 1",
    )
    assert recorder.last.target == (
        "/v1/query?ids=1&ids=2&tags=a,b%2Cc&spaced=x%20y&piped=p%7Cq"
        "&filter%5BR%5D=1&filter%5BG%5D=2&order=desc&active=false&next=/a/b?c"
    )
    assert recorder.last.header("x-trace") == "t1,t2"
    assert recorder.last.header("x-app-title") == "Demo"
    assert recorder.last.header("cookie") == "session=s%201"


@BOTH
def test_omitted_parameters_are_not_sent(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(sdk, recorder, asynchronous, "params", "query_styles")
    assert recorder.last.target == "/v1/query"
    assert recorder.last.header("cookie") is None
    assert recorder.last.header("x-trace") is None


@BOTH
def test_a_deprecated_operation_warns_with_the_spec_message(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call(sdk, recorder, asynchronous, "params", "old_thing")
    messages = [
        str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)
    ]
    assert messages == ["use queryStyles instead"]
    assert recorder.last.target == "/v1/old"

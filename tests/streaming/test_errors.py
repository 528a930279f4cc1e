"""The error types of the rendered runtime."""

from __future__ import annotations

import pickle

import httpx
import pytest


def test_hierarchy(errors):
    for name in (
        "APIError",
        "StreamError",
        "StreamTruncatedError",
        "StreamDecodeError",
    ):
        assert issubclass(getattr(errors, name), errors.SDKError)
    assert issubclass(errors.SDKError, Exception)


def test_api_error_from_openrouter_body(errors):
    body = '{"error": {"code": 402, "message": "Insufficient credits", "metadata": {"a": 1}}}'
    response = httpx.Response(402, text=body)
    err = errors.APIError.from_response(response)
    assert (err.status_code, err.code, err.message) == (
        402,
        402,
        "Insufficient credits",
    )
    assert err.metadata == {"a": 1}
    # No error model given: `.error` is the body's JSON as sent.
    assert err.error == {
        "error": {
            "code": 402,
            "message": "Insufficient credits",
            "metadata": {"a": 1},
        }
    }
    assert err.body == body and err.response is response
    assert str(err) == "HTTP 402: Insufficient credits"


def test_api_error_string_code_and_odd_bodies(errors):
    err = errors.APIError.from_body(
        502, '{"error": {"code": "bad_gateway", "message": "x"}}'
    )
    assert err.code == "bad_gateway" and "(code 'bad_gateway')" in str(err)
    err = errors.APIError.from_body(500, "<html>oops</html>")
    assert err.error is None and err.code is None and "<html>oops</html>" in err.message
    err = errors.APIError.from_body(400, '{"error": "plain"}')
    assert err.message == "plain"
    err = errors.APIError.from_body(400, "")
    assert err.message and err.status_code == 400
    err = errors.APIError.from_body(413, "x" * 10_000)
    assert len(str(err)) < 400


@pytest.mark.parametrize("code", [502, "server_error", None])
def test_stream_error_from_chunk(errors, code):
    chunk = {"id": "g", "choices": [], "error": {"message": "boom", "code": code}}
    err = errors.StreamError.from_chunk(chunk)
    assert err.code == code and err.message == "boom" and err.chunk is chunk
    assert "boom" in str(err)
    err = errors.StreamError.from_chunk({"error": "just text"})
    assert err.message == "just text" and err.code is None


def test_errors_pickle(errors):
    response = httpx.Response(
        429, text='{"error": {"code": 429, "message": "slow down"}}'
    )
    cases = [
        errors.APIError.from_response(response),
        errors.StreamError.from_chunk(
            {"error": {"message": "m", "code": "server_error"}}
        ),
        errors.StreamTruncatedError("cut", events=3),
        errors.StreamDecodeError("bad", index=4, data="{x"),
    ]
    for err in cases:
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and str(copy) == str(err)
        for key, value in err.__dict__.items():
            if key != "response":
                assert getattr(copy, key) == value
    assert pickle.loads(pickle.dumps(cases[0])).response is None


def test_decode_error_message(errors, streaming):
    event = streaming.ServerSentEvent("delta", '{"a": ' + "9" * 5000, "42")
    err = errors.StreamDecodeError.from_event(event, 7, ValueError("Expecting value"))
    text = str(err)
    assert (
        "#7" in text
        and "'delta'" in text
        and "'42'" in text
        and "Expecting value" in text
    )
    assert len(text) < 2000 and "more characters" in text
    assert err.data == event.data and err.event is event and err.index == 7

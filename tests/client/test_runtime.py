"""The response-side runtime (`_base_client.py`) of the generated package, on a loopback server.

Each test queues the answers the server gives (one per request, in order) and drives the
committed `generated/openrouter_sdk` the way a user does, sync and async: retries (with the
clock patched: no real sleeps), errors per status, timeouts, raw responses, options,
logging, credentials. Lower-level cases (content types, size limits) call the base client
directly with a `Responses` description, as the generated methods do.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import json
import logging
import sys
import time
import tracemalloc
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

GENERATED = Path(__file__).resolve().parents[2] / "generated"
sys.path.insert(0, str(GENERATED))

import openrouter_sdk  # noqa: E402
from openrouter_sdk import _base_client as base  # noqa: E402
from openrouter_sdk import errors  # noqa: E402
from openrouter_sdk.models import ChatResponse  # noqa: E402

MESSAGES = [{"role": "user", "content": "Hi"}]
CHAT_RESPONSE = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1740000000,
    "model": "test/model",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello!"},
        }
    ],
}

Answer = Callable[[], Response]
ANSWERS: deque[Answer] = deque()
SEEN: list[dict[str, Any]] = []


async def _handler(request: Request) -> Response:
    SEEN.append(
        {
            "method": request.method,
            "path": request.url.path,
            "query": str(request.url.query),
            "headers": dict(request.headers),
        }
    )
    await request.body()
    if not ANSWERS:
        return JSONResponse({"error": {"message": "no answer queued"}}, 599)
    answer = ANSWERS.popleft()
    result = answer()
    if asyncio.iscoroutine(result):
        result = await result
    return result


ROUTES = [Route("/{path:path}", _handler, methods=["GET", "POST", "DELETE", "PATCH"])]


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer(routes=ROUTES) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Empty queues, no real sleeps (each wait is recorded), no jitter."""
    ANSWERS.clear()
    SEEN.clear()
    slept: list[float] = []

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(base, "_sleep", slept.append)
    monkeypatch.setattr(base, "_asleep", asleep)
    monkeypatch.setattr(base.random, "random", lambda: 0.0)
    yield slept
    ANSWERS.clear()


def answer(
    status: int = 200, body: Any = None, headers: dict[str, str] | None = None
) -> Answer:
    def make() -> Response:
        if body is None and status == 200:
            return JSONResponse(CHAT_RESPONSE, headers=headers)
        if isinstance(body, (bytes, str)):
            return Response(body, status, headers=headers)
        return JSONResponse(body, status, headers=headers)

    return make


def error(status: int, message: str = "nope", **headers: str) -> Answer:
    return answer(status, {"error": {"code": status, "message": message}}, headers)


def send(kind: str, client: Any, **kwargs: Any) -> Any:
    """chat.send on the sync client, or awaited on the async one."""
    call = client.chat.send(model="m", messages=MESSAGES, **kwargs)
    if kind == "async":
        return asyncio.run(_awaited(call))
    return call


async def _awaited(call: Any) -> Any:
    return await call


def make_client(kind: str, server: LoopbackServer, **options: Any) -> Any:
    cls = openrouter_sdk.AsyncClient if kind == "async" else openrouter_sdk.Client
    return cls(api_key="sk-test", base_url=server.url, **options)


KINDS = ["sync", "async"]


# --------------------------------------------------------------------------
# Retries


@pytest.mark.parametrize("kind", KINDS)
def test_retries_429_and_503_with_exponential_backoff(kind, server, fresh):
    ANSWERS.extend([error(429), error(503), answer()])
    reply = send(kind, make_client(kind, server))
    assert (
        isinstance(reply, ChatResponse) and reply.choices[0].message.content == "Hello!"
    )
    assert len(SEEN) == 3
    assert fresh == [0.5, 1.0]  # 0.5 s doubling (jitter patched to none)


@pytest.mark.parametrize("kind", KINDS)
def test_gives_up_after_max_retries(kind, server, fresh):
    ANSWERS.extend([error(500), error(502), error(503), answer()])
    with pytest.raises(errors.InternalServerError) as caught:
        send(kind, make_client(kind, server))
    assert caught.value.status_code == 503 and len(SEEN) == 3
    assert fresh == [0.5, 1.0]


def test_backoff_is_capped_and_jittered(monkeypatch):
    assert [base.retry_delay(n, None) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    monkeypatch.setattr(base.random, "random", lambda: 1.0)
    assert base.retry_delay(0, None) == 0.375  # at most 25 % less


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "120"}, 0.5),  # over 60 s: ignored, normal backoff
        ({"retry-after": "soon"}, 0.5),
    ],
)
def test_retry_after_forms(kind, server, fresh, headers, expected):
    ANSWERS.extend([error(429, **headers), answer()])
    send(kind, make_client(kind, server))
    assert fresh == [expected]


def test_retry_after_http_date(server, fresh):
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    ANSWERS.extend([error(503, **{"retry-after": when}), answer()])
    send("sync", make_client("sync", server))
    assert len(fresh) == 1 and 7 < fresh[0] <= 10


@pytest.mark.parametrize("kind", KINDS)
def test_x_should_retry_overrides_the_status(kind, server, fresh):
    ANSWERS.extend([error(503, **{"x-should-retry": "false"}), answer()])
    with pytest.raises(errors.InternalServerError):
        send(kind, make_client(kind, server))
    assert len(SEEN) == 1 and fresh == []
    ANSWERS.clear()
    SEEN.clear()
    ANSWERS.extend([error(400, **{"x-should-retry": "true"}), answer()])
    assert isinstance(send(kind, make_client(kind, server)), ChatResponse)
    assert len(SEEN) == 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(kind, server, fresh, status):
    ANSWERS.extend([error(status), answer()])
    with pytest.raises(errors.APIStatusError):
        send(kind, make_client(kind, server))
    assert len(SEEN) == 1 and fresh == []


def test_max_retries_on_the_client_and_with_options(server, fresh):
    ANSWERS.extend([error(429), answer()])
    with pytest.raises(errors.RateLimitError):
        send("sync", make_client("sync", server, max_retries=0))
    ANSWERS.clear()
    client = make_client("sync", server)
    quick = client.with_options(max_retries=0)
    assert quick._http is client._http  # one connection pool
    assert quick.max_retries == 0 and client.max_retries == 2
    assert quick.chat._client is quick and client.chat._client is client
    ANSWERS.extend([error(429), answer()])
    with pytest.raises(errors.RateLimitError):
        send("sync", quick)
    ANSWERS.clear()
    ANSWERS.extend([error(429), error(429), error(429), error(429), answer()])
    assert isinstance(send("sync", client.with_options(max_retries=4)), ChatResponse)


def test_async_max_retries_with_options(server, fresh):
    async def run() -> None:
        async with make_client("async", server) as client:
            quick = client.with_options(max_retries=0, timeout=5.0)
            assert quick._http is client._http and quick.timeout == 5.0
            ANSWERS.extend([error(429), answer()])
            with pytest.raises(errors.RateLimitError):
                await quick.chat.send(model="m", messages=MESSAGES)
            assert isinstance(
                await client.chat.send(model="m", messages=MESSAGES), ChatResponse
            )

    asyncio.run(run())
    assert len(SEEN) == 2 and fresh == []


@pytest.mark.parametrize("kind", KINDS)
def test_connection_error_is_retried_then_raised(kind, fresh):
    client = openrouter_sdk.Client if kind == "sync" else openrouter_sdk.AsyncClient
    # A port nothing listens on (bound, never accepting, then closed).
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(errors.APIConnectionError) as caught:
        send(kind, client(api_key="sk-test", base_url=f"http://127.0.0.1:{port}"))
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert fresh == [0.5, 1.0]
    assert "sk-test" not in str(caught.value)


# --------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "status, cls",
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (529, "InternalServerError"),
        (402, "APIStatusError"),
    ],
)
def test_error_class_per_status_with_request_id(kind, server, status, cls):
    headers = {"x-request-id": "req-42", "x-should-retry": "false"}
    ANSWERS.append(error(status, "went wrong", **headers))
    with pytest.raises(errors.APIStatusError) as caught:
        send(kind, make_client(kind, server))
    err = caught.value
    assert type(err) is getattr(errors, cls)
    assert err.status_code == status and err.request_id == "req-42"
    assert err.headers["x-request-id"] == "req-42"
    assert err.message == "went wrong" and err.code == status
    assert (
        "req-42" in str(err)
        and json.loads(err.body)["error"]["message"] == "went wrong"
    )


@pytest.mark.parametrize("header", ["request-id", "x-openrouter-request-id"])
def test_request_id_header_spellings(server, header):
    ANSWERS.append(error(404, **{header: "abc"}))
    with pytest.raises(errors.NotFoundError) as caught:
        send("sync", make_client("sync", server))
    assert caught.value.request_id == "abc"


def test_error_model_of_the_status_is_parsed(server):
    ANSWERS.append(error(404, "no such model"))
    with pytest.raises(errors.NotFoundError) as caught:
        send("sync", make_client("sync", server))
    from openrouter_sdk.models.errors.notfoundresponseerror import NotFoundResponseError

    assert isinstance(caught.value.error, NotFoundResponseError)
    assert caught.value.error.error.message == "no such model"


def test_error_body_that_does_not_fit_is_kept_as_json(server):
    ANSWERS.append(answer(404, {"detail": ["odd"]}))
    with pytest.raises(errors.NotFoundError) as caught:
        send("sync", make_client("sync", server))
    assert caught.value.error == {"detail": ["odd"]}
    ANSWERS.append(answer(404, "<html>gone</html>", {"content-type": "text/html"}))
    with pytest.raises(errors.NotFoundError) as caught:
        send("sync", make_client("sync", server))
    assert caught.value.error is None and "<html>gone</html>" in caught.value.message


@pytest.mark.parametrize("kind", KINDS)
def test_a_2xx_body_that_does_not_fit_is_a_response_validation_error(kind, server):
    ANSWERS.append(answer(200, "not json", {"x-request-id": "r1"}))
    with pytest.raises(errors.ResponseValidationError) as caught:
        send(kind, make_client(kind, server))
    assert caught.value.body == "not json" and caught.value.request_id == "r1"
    ANSWERS.append(answer(200, {"choices": "wrong"}))
    with pytest.raises(errors.ResponseValidationError) as caught:
        send(kind, make_client(kind, server))
    assert "choices" in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_a_json_error_in_place_of_a_stream(kind, server):
    # OpenRouter answers 200 with an error object when the provider fails before streaming.
    ANSWERS.append(answer(200, {"error": {"code": 502, "message": "provider down"}}))
    client = make_client(kind, server)

    async def consume_async() -> None:
        stream = await client.chat.send(model="m", messages=MESSAGES, stream=True)
        async for _ in stream:
            pass

    with pytest.raises(errors.APIStatusError) as caught:
        if kind == "sync":
            list(client.chat.send(model="m", messages=MESSAGES, stream=True))
        else:
            asyncio.run(consume_async())
    assert caught.value.code == 502 and caught.value.message == "provider down"
    assert isinstance(caught.value, errors.InternalServerError)


# --------------------------------------------------------------------------
# Timeouts


def _stall(seconds: float) -> Answer:
    async def make() -> Response:
        await asyncio.sleep(seconds)
        return JSONResponse(CHAT_RESPONSE)

    return make  # type: ignore[return-value]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stalled_server_times_out(kind, server, fresh):
    ANSWERS.extend([_stall(10), _stall(10), _stall(10)])
    client = make_client(kind, server, timeout=0.2, max_retries=1)
    with pytest.raises(errors.APITimeoutError) as caught:
        send(kind, client)
    assert isinstance(caught.value, errors.APIConnectionError)
    assert fresh == [0.5]  # a timeout is retried like a connection error


def _stalling_stream() -> Response:
    async def body() -> AsyncIterator[bytes]:
        yield b'data: {"id": "1", "choices": [], "created": 1, "model": "m", "object": "chat.completion.chunk"}\n\n'
        await asyncio.sleep(30)  # far beyond the read timeout
        yield b"data: [DONE]\n\n"

    return StreamingResponse(body(), media_type="text/event-stream")


@pytest.mark.parametrize("kind", KINDS)
def test_a_stream_that_stalls_longer_than_the_read_timeout(kind, server):
    ANSWERS.append(_stalling_stream)
    client = make_client(kind, server, timeout=1.0)
    received = []

    async def consume_async() -> None:
        stream = await client.chat.send(model="m", messages=MESSAGES, stream=True)
        async for chunk in stream:
            received.append(chunk)

    with pytest.raises(errors.APITimeoutError):
        if kind == "sync":
            for chunk in client.chat.send(model="m", messages=MESSAGES, stream=True):
                received.append(chunk)
        else:
            asyncio.run(consume_async())
    assert len(received) <= 1  # the first chunk, unless the machine is very slow


def test_default_timeout():
    assert base.DEFAULT_TIMEOUT.connect == 5.0 and base.DEFAULT_TIMEOUT.read == 600.0
    client = openrouter_sdk.Client(api_key="k")
    assert client.timeout == base.DEFAULT_TIMEOUT


# --------------------------------------------------------------------------
# Raw responses, options, credentials, logging


def test_with_raw_response(server):
    ANSWERS.append(answer(headers={"x-request-id": "raw-1", "x-extra": "yes"}))
    client = make_client("sync", server)
    raw = send("sync", client.with_raw_response)
    assert raw.status_code == 200 and raw.request_id == "raw-1"
    assert raw.headers["x-extra"] == "yes" and raw.http_response.status_code == 200
    parsed = raw.parse()
    assert isinstance(parsed, ChatResponse) and parsed.id == "gen-1"
    assert raw.parse() is parsed
    # The client itself still returns models.
    ANSWERS.append(answer())
    assert isinstance(send("sync", client), ChatResponse)


def test_async_with_raw_response(server):
    ANSWERS.append(answer(headers={"x-request-id": "raw-2"}))

    async def run() -> Any:
        async with make_client("async", server) as client:
            raw = await client.with_raw_response.chat.send(model="m", messages=MESSAGES)
            assert raw.status_code == 200 and raw.request_id == "raw-2"
            return await raw.parse()

    assert isinstance(asyncio.run(run()), ChatResponse)


@pytest.mark.parametrize("kind", KINDS)
def test_credentials_with_a_line_break_are_refused_without_echo(kind):
    cls = openrouter_sdk.AsyncClient if kind == "async" else openrouter_sdk.Client
    for key in ("sk-secret-value\n", "sk-secret\r\nX-Evil: 1"):
        with pytest.raises(ValueError) as caught:
            cls(api_key=key)
        assert "secret" not in str(caught.value)
        assert "line break" in str(caught.value)


def test_the_key_is_not_in_repr():
    client = openrouter_sdk.Client(api_key="sk-very-secret")
    assert "very-secret" not in repr(client)
    assert "very-secret" not in repr(client.with_options(max_retries=1))


def test_logging_env_var(server, monkeypatch, caplog):
    monkeypatch.setenv("OPENROUTER_LOG", "debug")
    logger = logging.getLogger("openrouter_sdk")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    ANSWERS.extend([error(429), answer(headers={"x-request-id": "log-1"})])
    with caplog.at_level(logging.DEBUG, logger="openrouter_sdk"):
        send("sync", make_client("sync", server))
        assert logger.level == logging.DEBUG  # set from the environment variable
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert len(infos) == 2
    assert "POST" in infos[0] and "/chat/completions" in infos[0] and "429" in infos[0]
    assert "retry 0" in infos[0] and "retry 1" in infos[1] and "log-1" in infos[1]
    debug = " ".join(
        r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG
    )
    assert "authorization" in debug.lower() and "<redacted>" in debug
    assert "sk-test" not in debug


def test_no_logging_without_the_env_var(server, monkeypatch, caplog):
    monkeypatch.delenv("OPENROUTER_LOG", raising=False)
    logger = logging.getLogger("openrouter_sdk")
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setattr(logger, "handlers", [])
    ANSWERS.append(answer())
    make_client("sync", server).chat.send(model="m", messages=MESSAGES)
    assert not [r for r in caplog.records if r.name == "openrouter_sdk"]


# --------------------------------------------------------------------------
# Content types and limits, on the base client directly


def _raw_client(server: LoopbackServer, **options: Any) -> base.SyncAPIClient:
    return base.SyncAPIClient(base_url=server.url, **options)


def _get(client: Any, responses: base.Responses, stream: bool = False) -> Any:
    return client._request(base.APIRequest("GET", "/x"), responses, stream=stream)


DECLARED = base.Responses(
    shapes=(
        base.ResponseShape("200", "application/json", dict[str, int]),
        base.ResponseShape("200", "text/plain"),
        base.ResponseShape("200", "image/*"),
        base.ResponseShape("201", "application/json", list[str]),
        base.ResponseShape("204", "application/json", dict[str, int]),
    )
)


def test_body_chosen_by_content_type_and_status(server):
    client = _raw_client(server)
    ANSWERS.append(answer(200, {"a": 1}))
    assert _get(client, DECLARED) == {"a": 1}
    ANSWERS.append(answer(200, "héllo", {"content-type": "text/plain; charset=utf-8"}))
    assert _get(client, DECLARED) == "héllo"
    ANSWERS.append(answer(200, b"\x89PNG....", {"content-type": "image/png"}))
    image = _get(client, DECLARED)
    assert isinstance(image, base.BinaryResponse) and image.content == b"\x89PNG...."
    ANSWERS.append(answer(201, ["x", "y"]))
    assert _get(client, DECLARED) == ["x", "y"]
    ANSWERS.append(lambda: Response(status_code=204))
    assert _get(client, DECLARED) is None


def test_binary_download_streams_to_a_file_with_flat_memory(server, tmp_path):
    size = 50 * 1024 * 1024
    piece = b"\xab" * (256 * 1024)

    def download() -> Response:
        async def body() -> AsyncIterator[bytes]:
            for _ in range(size // len(piece)):
                yield piece

        return StreamingResponse(body(), media_type="application/octet-stream")

    ANSWERS.append(download)
    client = _raw_client(server)
    binary = _get(
        client,
        base.Responses(shapes=(base.ResponseShape("200", "application/octet-stream"),)),
    )
    tracemalloc.start()
    try:
        binary.write_to_file(tmp_path / "out.bin")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (tmp_path / "out.bin").stat().st_size == size
    assert peak < 8 * 1024 * 1024, peak  # far below the 50 MB downloaded


def test_async_binary_download(server, tmp_path):
    ANSWERS.append(answer(200, b"abc" * 1000, {"content-type": "audio/mpeg"}))

    async def run() -> bytes:
        client = base.AsyncAPIClient(base_url=server.url)
        binary = await client._request(
            base.APIRequest("GET", "/x"),
            base.Responses(shapes=(base.ResponseShape("200", "audio/*"),)),
        )
        await binary.write_to_file(tmp_path / "a.mp3")
        return (tmp_path / "a.mp3").read_bytes()

    assert asyncio.run(run()) == b"abc" * 1000


def test_decompressed_size_is_bounded(server):
    bomb = gzip.compress(
        b"\0" * (64 * 1024 * 1024)
    )  # 64 MiB of zeros, ~64 KB on the wire
    ANSWERS.append(
        answer(
            200, bomb, {"content-type": "application/json", "content-encoding": "gzip"}
        )
    )
    client = _raw_client(server, max_response_size=1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(errors.ResponseValidationError) as caught:
            _get(client, DECLARED)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "max_response_size" in str(caught.value)
    assert peak < 8 * 1024 * 1024, peak


def _huge_error_body() -> Response:
    async def body() -> AsyncIterator[bytes]:
        yield b'{"error": {"message": "'
        for _ in range(200):
            yield b"x" * (1024 * 1024)
        yield b'"}}'

    return StreamingResponse(body(), status_code=400, media_type="application/json")


def test_error_bodies_are_read_up_to_64_kib(server):
    ANSWERS.append(_huge_error_body)
    client = _raw_client(server)
    tracemalloc.start()
    try:
        with pytest.raises(errors.BadRequestError) as caught:
            _get(client, DECLARED)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(caught.value.body) == 64 * 1024
    assert peak < 8 * 1024 * 1024, peak


def _endless_line() -> Response:
    async def body() -> AsyncIterator[bytes]:
        yield b"data: "
        for _ in range(100):
            yield b"y" * (1024 * 1024)

    return StreamingResponse(body(), media_type="text/event-stream")


def _endless_event() -> Response:
    async def body() -> AsyncIterator[bytes]:
        for _ in range(100_000):
            yield b"data: " + b"z" * 1000 + b"\n"

    return StreamingResponse(body(), media_type="text/event-stream")


@pytest.mark.parametrize("answer_", [_endless_line, _endless_event])
def test_stream_event_size_is_bounded(server, answer_):
    ANSWERS.append(answer_)
    client = _raw_client(server, max_event_size=2 * 1024 * 1024)
    responses = base.Responses(stream=base.StreamShape(sentinel="[DONE]"))
    tracemalloc.start()
    try:
        stream = _get(client, responses, stream=True)
        with pytest.raises(errors.StreamDecodeError) as caught:
            list(stream)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "longer than 2097152 bytes" in str(caught.value)
    assert peak < 16 * 1024 * 1024, peak  # 100 MB were sent


def test_a_stream_is_retried_only_before_its_first_event(server, fresh):
    def stream_then_drop() -> Response:
        async def body() -> AsyncIterator[bytes]:
            yield b"data: 1\n\n"
            raise RuntimeError("connection lost")

        return StreamingResponse(body(), media_type="text/event-stream")

    ANSWERS.extend([error(503), stream_then_drop, answer()])
    client = _raw_client(server)
    responses = base.Responses(stream=base.StreamShape(sentinel="[DONE]"))
    stream = _get(client, responses, stream=True)
    items = []
    with pytest.raises(errors.StreamTruncatedError):
        for item in stream:
            items.append(item)
    assert items == ["1"] and len(SEEN) == 2 and fresh == [0.5]


def test_a_body_from_an_iterator_is_sent_once(server, fresh):
    ANSWERS.extend([error(503), answer()])
    client = _raw_client(server)
    request = base.APIRequest("POST", "/x", content=iter([b"a", b"b"]))
    assert not request.replayable
    with pytest.raises(errors.InternalServerError):
        client._request(request, DECLARED)
    assert len(SEEN) == 1 and fresh == []


def test_seekable_multipart_files_are_replayable(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"data")
    with path.open("rb") as handle:
        assert base.APIRequest(
            "POST", "/x", files={"file": ("f.bin", handle)}
        ).replayable
    assert base.APIRequest("POST", "/x", files={"file": b"bytes"}).replayable
    assert not base.APIRequest("POST", "/x", files={"file": iter([b"x"])}).replayable


def test_extra_query_headers_and_body(server):
    ANSWERS.append(answer(200, {"a": 1}))
    client = _raw_client(server)
    client._request(
        base.APIRequest("POST", "/x?a=1", json={"k": 1}),
        DECLARED,
        {
            "extra_query": {"b": "2"},
            "extra_headers": {"X-Extra": "1"},
            "extra_body": {"e": 2},
        },
    )
    assert SEEN[0]["query"] == "a=1&b=2" and SEEN[0]["headers"]["x-extra"] == "1"


# --------------------------------------------------------------------------
# The README's snippets run


def _readme_snippets(*headings: str) -> list[str]:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(
        encoding="utf-8"
    )
    snippets = []
    for heading in headings:
        section = text.split(f"\n### {heading}\n", 1)[1].split("\n## ", 1)[0]
        section = section.split("\n### ", 1)[0]
        snippets.append(section.split("```python\n", 1)[1].split("```", 1)[0])
    return snippets


def test_readme_snippets_run(server, capsys):
    errors_snippet, retries_snippet, raw_snippet = _readme_snippets(
        "Errors", "Retries and timeouts", "Raw responses"
    )
    import httpx

    namespace: dict[str, Any] = {"BASE_URL": server.url, "httpx": httpx}
    ANSWERS.append(error(404, "Model not found", **{"x-request-id": "req-1"}))
    exec(errors_snippet, namespace)
    assert capsys.readouterr().out == "404 req-1 Model not found\n"
    ANSWERS.append(answer())
    exec(retries_snippet, namespace)
    assert namespace["fast"].max_retries == 0 and namespace["client"].max_retries == 5
    assert isinstance(namespace["reply"], ChatResponse)
    ANSWERS.append(answer(headers={"x-request-id": "req-2"}))
    exec(raw_snippet, namespace)
    assert capsys.readouterr().out == "200 req-2 application/json\n"
    assert isinstance(namespace["completion"], ChatResponse)


def _chunk(content: str | None, finish: str | None = None) -> bytes:
    body = {
        "id": "g",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [
            {
                "index": 0,
                "delta": {"role": "assistant", "content": content},
                "finish_reason": finish,
            }
        ],
    }
    return b"data: " + json.dumps(body).encode() + b"\n\n"


@pytest.mark.parametrize("kind", KINDS)
def test_keep_alives_skipped_and_finish_reason_error_raises(kind, server):
    def stream() -> Response:
        body = _chunk("Hel") + b"data: \n\n" + _chunk("lo") + _chunk(None, "error")
        return Response(body + b"data: [DONE]\n\n", media_type="text/event-stream")

    ANSWERS.append(stream)
    client = make_client(kind, server)
    received: list[Any] = []

    async def consume_async() -> None:
        async with await client.chat.send(
            model="m", messages=MESSAGES, stream=True
        ) as s:
            async for chunk in s:
                received.append(chunk)

    with pytest.raises(errors.StreamError) as caught:
        if kind == "sync":
            for chunk in client.chat.send(model="m", messages=MESSAGES, stream=True):
                received.append(chunk)
        else:
            asyncio.run(consume_async())
    assert [c.choices[0].delta.content for c in received] == ["Hel", "lo"]
    assert caught.value.code is None and "finish_reason" in str(caught.value)

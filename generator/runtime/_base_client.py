"""The runtime every request of the generated client goes through.

The generated ``Client`` / ``AsyncClient`` subclass :class:`SyncAPIClient` /
:class:`AsyncAPIClient`; each generated method builds an :class:`APIRequest`
from its typed arguments (method, path with its parameters filled in, query
list, headers, cookies, body as httpx ``json=`` / ``content=`` / ``data=`` /
``files=``), describes what may come back in a :class:`Responses`, and calls::

    return self._client._request(request, RESPONSES, options, stream=stream)

where ``options`` are the per-call :class:`RequestOptions` (``timeout``,
``max_retries``, ``extra_headers``, ``extra_query``, ``extra_body``).  This
module then does everything that is the same for every API:

* sending, with retries (connection errors, timeouts, 408, 409, 429, >= 500;
  exponential backoff with jitter, ``Retry-After`` / ``retry-after-ms`` and
  ``x-should-retry`` honoured) and timeouts (connect 5 s, read 600 s);
* errors: an :class:`~.errors.APIStatusError` subclass per status (with the
  spec's error model parsed), :class:`~.errors.APIConnectionError` /
  :class:`~.errors.APITimeoutError`, :class:`~.errors.ResponseValidationError`:
  no raw httpx or pydantic exception escapes;
* decoding the body by its ``Content-Type`` among those declared for the
  status (JSON into the declared type, ``text/*`` into ``str``, anything
  binary into a lazy :class:`BinaryResponse`, 204 / empty into ``None``), or a
  typed stream;
* raw responses (``client.with_raw_response``), configured copies
  (``client.with_options``), logging (``<PREFIX>_LOG=info|debug``) and size
  limits (``max_response_size``, ``max_event_size``).

It is copied verbatim into every generated package and depends only on the
standard library, httpx and pydantic.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import os
import random
import time
import zlib
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypedDict, TypeVar, cast

import httpx
from typing_extensions import ParamSpec, Self

from . import streaming
from ._linking import adapter
from ._pagination import AsyncPage, Page, PageShape, attach, page_class
from .errors import (
    MAX_ERROR_BODY,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ResponseValidationError,
    request_id_of,
)

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIRequest",
    "APIResponse",
    "AsyncAPIClient",
    "AsyncAPIResponse",
    "AsyncBinaryResponse",
    "BinaryResponse",
    "BodyKind",
    "NotGiven",
    "RequestOptions",
    "ResponseShape",
    "Responses",
    "StreamShape",
    "SyncAPIClient",
    "async_raw_response_method",
    "raw_response_method",
]

T = TypeVar("T")
P = ParamSpec("P")

#: connect 5 s, read (and write, pool) 600 s: a long answer is normal for an LLM.
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
#: The largest decoded body read into memory for a JSON or text response.
DEFAULT_MAX_RESPONSE_SIZE = 100 * 1024 * 1024
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
#: A server's Retry-After is honoured up to this many seconds.
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({408, 409, 429})

Timeout = float | httpx.Timeout | None


class NotGiven:
    """The value of an argument that was not passed (``None`` is a value)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


class RequestOptions(TypedDict, total=False):
    """Per-call options every generated method accepts."""

    timeout: Timeout  # seconds, an httpx.Timeout, or None for no timeout
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]
    extra_body: Mapping[str, Any]  # merged into a JSON object body


@dataclass(frozen=True)
class APIRequest:
    """A request as the generated method built it from its typed arguments.

    ``path`` is relative to the client's base URL (or to ``base_url``, the
    operation's own server, when the spec gives it one), with its parameters
    already filled in and quoted; ``params`` is the query as a list of pairs
    (a repeated name is repeated).  At most one of ``json``, ``content``,
    ``data``/``files`` is the body.
    """

    method: str
    path: str
    params: tuple[tuple[str, Any], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    json: Any = NOT_GIVEN
    content: bytes | str | Iterable[bytes] | None = None
    data: Mapping[str, Any] | None = None
    files: Any = None
    base_url: str | None = None

    @property
    def replayable(self) -> bool:
        """Whether the body can be sent again for a retry.

        Bytes, text, JSON and form bodies can; an iterator of bytes cannot,
        nor can a multipart file that cannot seek back to its start (the
        request is then sent once, without retries).
        """
        if self.content is not None and not isinstance(self.content, (bytes, str)):
            return False
        files = self.files
        if not files:
            return True
        items = files.values() if isinstance(files, Mapping) else (f for _, f in files)
        return all(_seekable(item) for item in items)


def _seekable(file_field: Any) -> bool:
    value = file_field[1] if isinstance(file_field, tuple) else file_field
    if isinstance(value, (bytes, str)):
        return True
    seekable = getattr(value, "seekable", None)
    return bool(seekable and seekable())


class BodyKind(Enum):
    """How a response body is decoded, from its media type."""

    JSON = "json"
    TEXT = "text"
    BINARY = "binary"
    EVENT_STREAM = "event-stream"
    EMPTY = "empty"


def body_kind(content_type: str) -> BodyKind:
    """``application/json``, ``*+json`` -> JSON; ``text/event-stream``; ``text/*``
    -> TEXT; anything else (images, audio, PDF, octet-stream) -> BINARY."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not media:
        return BodyKind.EMPTY
    if media == "text/event-stream":
        return BodyKind.EVENT_STREAM
    if media == "application/json" or media.endswith(("+json", "/json")):
        return BodyKind.JSON
    if media.startswith("text/"):
        return BodyKind.TEXT
    return BodyKind.BINARY


@dataclass(frozen=True)
class ResponseShape:
    """One body the spec declares: for ``status`` (``"200"``, ``"2XX"``,
    ``"default"``) and media type (``"application/json"``, ``"image/*"``).

    ``type`` is what a JSON body is validated into (a model class or any
    annotation pydantic's ``TypeAdapter`` accepts); ``format_binary`` marks a
    JSON-declared ``format: binary`` string, delivered as bytes.
    """

    status: str
    content_type: str
    type: Any = None
    format_binary: bool = False

    @property
    def kind(self) -> BodyKind:
        if self.format_binary:
            return BodyKind.BINARY
        return body_kind(self.content_type)


@dataclass(frozen=True)
class StreamShape:
    """A streamed response: items validated by ``model`` (a pydantic model
    class) or ``decode(event)``; ``chat`` streams accumulate chat-completion
    chunks (``final()``).  ``framing`` and ``media_type``: SSE, or an OpenAPI
    3.2 JSON Lines / JSON-seq body; ``events`` maps event names to the model
    their data is validated into."""

    model: Any = None
    decode: Callable[[streaming.ServerSentEvent], Any] | None = None
    sentinel: str | None = None
    chat: bool = False
    framing: streaming.Framing = "sse"
    media_type: str = "text/event-stream"
    events: dict[str, Any] | None = None


@dataclass(frozen=True)
class Responses:
    """Everything an operation may answer, as the spec declares it.

    ``errors`` maps a status (``"404"``, ``"4XX"``, ``"default"``) to the
    error model parsed into :attr:`APIStatusError.error`.
    """

    shapes: tuple[ResponseShape, ...] = ()
    errors: tuple[tuple[str, Any], ...] = ()
    stream: StreamShape | None = None
    #: A list operation: its JSON page model is decoded into a Page / AsyncPage.
    page: PageShape | None = None


NO_RESPONSES = Responses()


def _status_matches(pattern: str, status: int) -> bool:
    if pattern == str(status):
        return True
    return (
        len(pattern) == 3
        and pattern[1:].upper() == "XX"
        and pattern[0] == str(status)[0]
    )


def _for_status(patterns: Iterable[str], status: int) -> str | None:
    """The pattern that applies to ``status``: exact, then ``NXX``, then default."""
    patterns = list(patterns)
    for pattern in patterns:
        if pattern == str(status):
            return pattern
    for pattern in patterns:
        if _status_matches(pattern, status):
            return pattern
    return "default" if "default" in patterns else None


def _media_matches(declared: str, actual: str) -> bool:
    declared = declared.split(";", 1)[0].strip().lower()
    if declared in ("*/*", actual):
        return True
    return declared.endswith("/*") and actual.startswith(declared[:-1])


def choose_shape(
    responses: Responses, status: int, content_type: str
) -> ResponseShape | None:
    """The declared shape for this status and ``Content-Type``.

    Among the shapes of the status (exact, ``2XX``, ``default``), the one whose
    media type matches; when none does (a mislabelled response), the first.
    """
    pattern = _for_status({s.status for s in responses.shapes}, status)
    if pattern is None:
        return None
    candidates = [s for s in responses.shapes if s.status == pattern]
    actual = content_type.split(";", 1)[0].strip().lower()
    for shape in candidates:
        if _media_matches(shape.content_type, actual):
            return shape
    return candidates[0]


def error_model(responses: Responses, status: int) -> Callable[[Any], Any] | None:
    """How to validate the JSON of an error body of ``status``, if declared."""
    pattern = _for_status((s for s, _ in responses.errors), status)
    if pattern is None:
        return None
    model = dict(responses.errors)[pattern]
    if model is None:
        return None
    return adapter(model).validate_python


# --------------------------------------------------------------------------
# Bodies


class BinaryResponse:
    """A binary body, read only when asked (a large download is never held whole).

    Use it as a context manager, or read it to the end, to give the
    connection back.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        """The whole body (read into memory)."""
        return self.response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in pieces, as they arrive (decompressed)."""
        try:
            yield from self.response.iter_bytes(chunk_size)
        finally:
            self.response.close()

    def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Stream the body into ``path``; memory stays flat."""
        with Path(path).open("wb") as out:
            for piece in self.iter_bytes():
                out.write(piece)

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncBinaryResponse:
    """The asynchronous counterpart of :class:`BinaryResponse`."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    async def read(self) -> bytes:
        """The whole body (read into memory)."""
        return await self.response.aread()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in pieces, as they arrive (decompressed)."""
        try:
            async for piece in self.response.aiter_bytes(chunk_size):
                yield piece
        finally:
            await self.response.aclose()

    async def write_to_file(self, path: str | os.PathLike[str]) -> None:
        """Stream the body into ``path``; memory stays flat."""
        with Path(path).open("wb") as out:
            async for piece in self.iter_bytes():
                out.write(piece)

    async def aclose(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _too_large(response: httpx.Response, limit: int) -> ResponseValidationError:
    return ResponseValidationError(
        f"the response body is larger than {limit} bytes once decompressed "
        "(max_response_size); raise the client's max_response_size if it is expected",
        status_code=response.status_code,
        request_id=request_id_of(response.headers),
        response=response,
    )


def _keep(response: httpx.Response, body: bytes) -> bytes:
    # What response.read() would have left: .content/.text/.json() keep working
    # for users of the raw response, though the body was read in bounded pieces.
    response._content = body
    return body


#: Decompressed bytes produced per step: a small compressed read cannot inflate
#: into more than this before the size limit is checked again.
_INFLATE_STEP = 64 * 1024


class _Inflater:
    """gzip/deflate decoding in bounded steps (httpx inflates a read all at once).

    A 64 KB read of a gzip bomb becomes 64 MB in one ``iter_bytes()`` piece;
    here it comes out ``_INFLATE_STEP`` bytes at a time, so the caller's size
    limit stops it early.  Other encodings (br, zstd) are left to httpx.
    """

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._zlib = zlib.decompressobj(
            zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        )
        self._first = True

    @staticmethod
    def handles(response: httpx.Response) -> bool:
        encoding = response.headers.get("content-encoding", "").strip().lower()
        return encoding in ("gzip", "x-gzip", "deflate")

    def feed(self, raw: bytes) -> Iterator[bytes]:
        data = raw
        while data:
            try:
                out = self._zlib.decompress(data, _INFLATE_STEP)
            except zlib.error:
                if not (self._first and self.encoding == "deflate"):
                    raise
                # "deflate" is often sent raw, without the zlib header.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._zlib.decompress(data, _INFLATE_STEP)
            self._first = False
            if out:
                yield out
            data = self._zlib.unconsumed_tail


def _pieces(response: httpx.Response) -> Iterator[bytes]:
    """The decoded body in pieces of bounded size (see :class:`_Inflater`)."""
    if not _Inflater.handles(response):
        yield from response.iter_bytes()
        return
    inflater = _Inflater(response.headers["content-encoding"].strip().lower())
    try:
        for raw in response.iter_raw():
            yield from inflater.feed(raw)
    except zlib.error as exc:
        raise httpx.DecodingError(f"cannot decode the body: {exc}") from exc


async def _apieces(response: httpx.Response) -> AsyncIterator[bytes]:
    """Async variant of :func:`_pieces`."""
    if not _Inflater.handles(response):
        async for piece in response.aiter_bytes():
            yield piece
        return
    inflater = _Inflater(response.headers["content-encoding"].strip().lower())
    try:
        async for raw in response.aiter_raw():
            for piece in inflater.feed(raw):
                yield piece
    except zlib.error as exc:
        raise httpx.DecodingError(f"cannot decode the body: {exc}") from exc


def read_limited(response: httpx.Response, limit: int) -> bytes:
    """The decoded body, refusing more than ``limit`` bytes; closes the response."""
    pieces = []
    size = 0
    try:
        for piece in _pieces(response):
            size += len(piece)
            if size > limit:
                raise _too_large(response, limit)
            pieces.append(piece)
    finally:
        response.close()
    return _keep(response, b"".join(pieces))


async def aread_limited(response: httpx.Response, limit: int) -> bytes:
    """Async variant of :func:`read_limited`."""
    pieces = []
    size = 0
    try:
        async for piece in _apieces(response):
            size += len(piece)
            if size > limit:
                raise _too_large(response, limit)
            pieces.append(piece)
    finally:
        await response.aclose()
    return _keep(response, b"".join(pieces))


def _invalid(
    response: httpx.Response, body: bytes, reason: str
) -> ResponseValidationError:
    text = body[:MAX_ERROR_BODY].decode("utf-8", "replace")
    return ResponseValidationError(
        f"HTTP {response.status_code} {response.request.method} {response.request.url.path}: "
        f"{reason}",
        body=text,
        status_code=response.status_code,
        request_id=request_id_of(response.headers),
        response=response,
    )


def _as_page(
    shape: ResponseShape | None, page: PageShape | None, mixin: type
) -> ResponseShape | None:
    """The shape decoding straight into the page class when the body is the page model."""
    if shape is None or page is None or shape.type is not page.model:
        return shape
    return replace(shape, type=page_class(page.model, mixin))


def decode_body(
    response: httpx.Response, shape: ResponseShape | None, body: bytes
) -> Any:
    """A read JSON or text body as the declared ``shape`` says."""
    kind = (
        shape.kind
        if shape is not None
        else body_kind(response.headers.get("content-type", ""))
    )
    if kind is BodyKind.TEXT:
        return body.decode(response.encoding or "utf-8", "replace")
    if kind is BodyKind.EMPTY and not body:
        return None
    target = shape.type if shape is not None and shape.type is not None else Any
    try:
        return adapter(target).validate_json(body)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise _invalid(response, body, _first_line(exc)) from exc


def _first_line(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 1000 else text[:1000] + "..."


# --------------------------------------------------------------------------
# Raw responses


class APIResponse(Generic[T]):
    """The HTTP response of a call, and ``parse()`` for what the method returns."""

    def __init__(self, http_response: httpx.Response, parse: Callable[[], T]) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's id of the request (``x-request-id`` and similar)."""
        return request_id_of(self.http_response.headers)

    def parse(self) -> T:
        """The body decoded as the method would return it (read once)."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url}>"


class AsyncAPIResponse(Generic[T]):
    """The asynchronous counterpart of :class:`APIResponse` (``await parse()``)."""

    def __init__(self, http_response: httpx.Response, parse: Callable[[], Any]) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The server's id of the request (``x-request-id`` and similar)."""
        return request_id_of(self.http_response.headers)

    async def parse(self) -> T:
        """The body decoded as the method would return it (read once)."""
        if not self._parsed:
            self._parsed.append(await self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<AsyncAPIResponse [{self.status_code}] {request.method} {request.url}>"


def raw_response_method(method: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    """A method of a ``_raw_copy()`` client, typed as what it returns there.

    The copy's methods already return an :class:`APIResponse` of their usual
    answer: this only tells type checkers so, keeping the method's parameters.
    """
    return cast("Callable[P, APIResponse[T]]", method)


def async_raw_response_method(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[AsyncAPIResponse[T]]]:
    """:func:`raw_response_method` for the async client."""
    return cast("Callable[P, Awaitable[AsyncAPIResponse[T]]]", method)


# --------------------------------------------------------------------------
# Retries


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _asleep(seconds: float) -> None:
    await asyncio.sleep(seconds)


def _retry_after(headers: httpx.Headers) -> float | None:
    """The server's wait in seconds (``retry-after-ms``, ``Retry-After`` seconds
    or HTTP date), when it is usable (0 to 60 s)."""
    wait: float | None = None
    milliseconds = headers.get("retry-after-ms")
    seconds = headers.get("retry-after")
    try:
        if milliseconds is not None:
            wait = float(milliseconds) / 1000
        elif seconds is not None:
            wait = float(seconds)
    except ValueError:
        wait = None
    if wait is None and seconds:
        date = (
            email.utils.parsedate_to_datetime(seconds)
            if _is_http_date(seconds)
            else None
        )
        wait = date.timestamp() - time.time() if date is not None else None
    if wait is None or not 0 <= wait <= MAX_RETRY_AFTER:
        return None
    return wait


def _is_http_date(value: str) -> bool:
    try:
        email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    return True


def retry_delay(attempt: int, headers: httpx.Headers | None) -> float:
    """Seconds to wait before retry number ``attempt + 1``.

    The server's ``Retry-After`` when usable, else 0.5 s doubling per attempt,
    capped at 8 s, minus up to 25 % of jitter.
    """
    if headers is not None:
        wait = _retry_after(headers)
        if wait is not None:
            return wait
    delay = min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def should_retry(response: httpx.Response) -> bool:
    """``x-should-retry`` when the server says; else 408, 409, 429, >= 500."""
    verdict = response.headers.get("x-should-retry", "").strip().lower()
    if verdict in ("true", "false"):
        return verdict == "true"
    return response.status_code in RETRY_STATUSES or response.status_code >= 500


# --------------------------------------------------------------------------
# Logging


_SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
    }
)


def redacted(headers: httpx.Headers) -> dict[str, str]:
    """Headers as a dict for logs, with credentials and cookies replaced."""
    return {
        name: "<redacted>" if _is_secret(name) else value
        for name, value in headers.items()
    }


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_HEADERS or "key" in lowered or "token" in lowered


def configure_logging(logger: logging.Logger, env_var: str | None) -> None:
    """``<PREFIX>_LOG=debug|info`` turns the SDK's logger on (once)."""
    level = os.environ.get(env_var, "").strip().lower() if env_var else ""
    if level not in ("debug", "info"):
        return
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s")
        )
        logger.addHandler(handler)


# --------------------------------------------------------------------------
# The clients


def check_header_value(name: str, value: str) -> str:
    """``value`` when it is a valid header value; the message never shows it.

    A credential read from a file often keeps its newline: it would be
    rejected by httpx with the whole value in the message.
    """
    if "\r" in value or "\n" in value:
        raise ValueError(
            f"{name} contains a line break (CR or LF), which cannot be sent in a header; "
            "remove it (e.g. value.strip())"
        )
    return value


_COPIED_OPTIONS = ("timeout", "max_retries", "max_response_size", "max_event_size")


class _BaseClient:
    """What the sync and async clients share: settings, requests, decisions."""

    _logger_name = "sdk"  # the generated client sets its package name
    _log_env_var: str | None = None  # e.g. "OPENROUTER_LOG"

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_event_size: int = streaming.DEFAULT_MAX_EVENT_SIZE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._headers = {
            name: check_header_value(name, v) for name, v in (headers or {}).items()
        }
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_response_size = max_response_size
        self.max_event_size = max_event_size
        self._raw = False
        self._logger = logging.getLogger(self._logger_name)
        configure_logging(self._logger, self._log_env_var)

    def __repr__(self) -> str:
        # Never the headers: they carry the credentials.
        return f"<{type(self).__name__} base_url={self.base_url!r}>"

    def _bind(self) -> None:
        """Attach the operation groups (the generated client overrides this)."""

    def _base_of(self, request: APIRequest) -> str:
        """The operation's own server when it has one, else the client's base URL."""
        return (request.base_url or self.base_url).rstrip("/")

    def with_options(
        self,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven = NOT_GIVEN,
        max_event_size: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with other settings, sharing its connection pool."""
        return self._copy(
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
            max_event_size=max_event_size,
        )

    def _raw_copy(self) -> Self:
        """A copy whose methods return the response (``client.with_raw_response``)."""
        return self._copy(_raw=True)

    def _copy(self, **changes: Any) -> Self:
        """A configured copy sharing the connection pool."""
        copy = type(self).__new__(type(self))
        copy.__dict__.update(self.__dict__)
        for name, value in changes.items():
            if not isinstance(value, NotGiven):
                setattr(copy, name, value)
        copy._bind()
        return copy

    def _paged(
        self,
        result: Any,
        request: APIRequest,
        responses: Responses,
        options: RequestOptions,
    ) -> Any:
        """A page that fetches the next one with this request, only its query changed.

        ``fetch`` returns the next page (sync) or a coroutine of it (async): the
        page class awaits what its client's ``_request`` gives.
        """
        if responses.page is None:
            return result
        client: Any = self._copy(_raw=False) if self._raw else self
        first = replace(request, path=_url(request.path, request, {}), params=())

        def fetch(path: str) -> Any:
            return client._request(replace(first, path=path), responses, options)

        return attach(result, responses.page, first.path, self._base_of(request), fetch)

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        request: APIRequest,
        options: RequestOptions,
        accept: str,
    ) -> httpx.Request:
        headers = {
            "Accept": accept,
            **self._headers,
            **request.headers,
            **options.get("extra_headers", {}),
        }
        if request.cookies:
            cookies = "; ".join(f"{k}={v}" for k, v in request.cookies.items())
            headers["Cookie"] = cookies
        json_body = request.json
        extra_body = options.get("extra_body")
        if extra_body:
            json_body = {
                **(json_body if isinstance(json_body, Mapping) else {}),
                **extra_body,
            }
        try:
            return http.build_request(
                request.method,
                _url(self._base_of(request) + request.path, request, options),
                headers=headers,
                json=None if isinstance(json_body, NotGiven) else json_body,
                content=request.content,
                data=request.data,
                files=request.files,
                timeout=options.get("timeout", self.timeout),
            )
        except (
            httpx.InvalidURL,
            httpx.LocalProtocolError,
            TypeError,
            ValueError,
        ) as exc:
            # httpx's message may quote a header value (a credential): not shown.
            raise APIConnectionError(
                f"cannot build the request {request.method} {request.path}: {type(exc).__name__}"
            ) from None

    def _retries(self, request: APIRequest, options: RequestOptions) -> int:
        retries = options.get("max_retries", self.max_retries)
        return retries if request.replayable else 0

    def _log(
        self,
        request: httpx.Request,
        response: httpx.Response | None,
        started: float,
        attempt: int,
        note: str = "",
    ) -> None:
        logger = self._logger
        if not logger.isEnabledFor(logging.INFO):
            return
        elapsed = time.monotonic() - started
        status = response.status_code if response is not None else note
        request_id = request_id_of(response.headers) if response is not None else None
        logger.info(
            "%s %s -> %s in %.3fs (retry %d, request id %s)",
            request.method,
            request.url,
            status,
            elapsed,
            attempt,
            request_id,
        )
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug("request headers: %s", redacted(request.headers))
            if response is not None:
                logger.debug("response headers: %s", redacted(response.headers))

    def _failure(
        self, exc: httpx.TransportError, request: httpx.Request
    ) -> APIConnectionError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(
                f"{request.method} {request.url} timed out ({type(exc).__name__})",
                request=request,
            )
        return APIConnectionError(
            f"{request.method} {request.url} failed: {type(exc).__name__}: {exc}",
            request=request,
        )

    def _error(
        self, response: httpx.Response, body: bytes, responses: Responses
    ) -> APIStatusError:
        text = body.decode(response.encoding or "utf-8", "replace")
        return APIStatusError.from_body(
            response.status_code,
            text,
            response,
            error_model(responses, response.status_code),
        )

    def _stream_class(self, shape: StreamShape, is_async: bool) -> type[Any]:
        if shape.chat:
            return streaming.AsyncChatStream if is_async else streaming.ChatStream
        return streaming.AsyncStream if is_async else streaming.Stream

    def _make_stream(
        self, response: httpx.Response, shape: StreamShape, is_async: bool
    ) -> Any:
        cls = self._stream_class(shape, is_async)
        framed = {"framing": shape.framing, "events": shape.events}
        if shape.model is not None:
            return cls(
                response,
                model=shape.model,
                sentinel=shape.sentinel,
                max_event_size=self.max_event_size,
                **framed,
            )
        return cls(
            response,
            decode=shape.decode or _data_of,
            sentinel=shape.sentinel,
            max_event_size=self.max_event_size,
            **framed,
        )


def _accept(responses: Responses, stream: bool) -> str:
    """The Accept header: the stream's media type, else JSON."""
    if not stream:
        return "application/json"
    return (
        "text/event-stream" if responses.stream is None else responses.stream.media_type
    )


def _url(url: str, request: APIRequest, options: RequestOptions) -> str:
    """``url`` (which may hold a query already) with the request's and extra query."""
    params = [*request.params, *options.get("extra_query", {}).items()]
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + str(httpx.QueryParams(params))


def _data_of(event: streaming.ServerSentEvent) -> str:
    return event.data


class SyncAPIClient(_BaseClient):
    """The synchronous runtime: ``_request`` sends, retries, decodes.

    Arguments: ``base_url``; ``headers`` sent with every request
    (credentials: checked for line breaks here, never shown in messages or
    ``repr``); ``timeout`` (seconds or ``httpx.Timeout``; connect 5 s, read
    600 s by default); ``max_retries`` (2); ``max_response_size`` (bytes of a
    decoded JSON/text body, 100 MiB); ``max_event_size`` (bytes of one stream
    line or event, 16 MiB); ``http_client`` (your own ``httpx.Client`` for
    transports and proxies; it is then yours to close).
    """

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_event_size: int = streaming.DEFAULT_MAX_EVENT_SIZE,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
            max_event_size=max_event_size,
        )
        self._http = http_client or httpx.Client(timeout=timeout)
        self._bind()

    def _request(
        self,
        request: APIRequest,
        responses: Responses = NO_RESPONSES,
        options: RequestOptions | None = None,
        *,
        stream: bool = False,
    ) -> Any:
        """Send ``request`` (with retries) and return the decoded answer."""
        options = options or {}
        http_request = self._build(
            self._http, request, options, _accept(responses, stream)
        )
        response = self._send(http_request, self._retries(request, options))

        def decode() -> Any:
            result = self._process(response, responses, stream)
            return self._paged(result, request, responses, options)

        return APIResponse(response, decode) if self._raw else decode()

    def _send(self, http_request: httpx.Request, retries: int) -> httpx.Response:
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                response = self._http.send(http_request, stream=True)
            except httpx.TransportError as exc:
                self._log(http_request, None, started, attempt, type(exc).__name__)
                if attempt >= retries:
                    raise self._failure(exc, http_request) from exc
                _sleep(retry_delay(attempt, None))
                attempt += 1
                continue
            self._log(http_request, response, started, attempt)
            if response.is_success or attempt >= retries or not should_retry(response):
                return response
            response.close()
            _sleep(retry_delay(attempt, response.headers))
            attempt += 1

    def _process(
        self, response: httpx.Response, responses: Responses, stream: bool
    ) -> Any:
        if response.is_error:
            body = read_limited_quietly(response)
            raise self._error(response, body, responses)
        if stream and responses.stream is not None:
            return self._make_stream(response, responses.stream, is_async=False)
        shape = choose_shape(
            responses, response.status_code, response.headers.get("content-type", "")
        )
        if shape is not None and shape.kind is BodyKind.BINARY:
            return BinaryResponse(response)
        body = read_limited(response, self.max_response_size)
        if response.status_code == 204 or not body:
            return None
        return decode_body(response, _as_page(shape, responses.page, Page), body)

    def close(self) -> None:
        """Close every pooled connection."""
        self._http.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_limited_quietly(response: httpx.Response) -> bytes:
    """At most 64 KiB of an error body; a broken read gives what arrived."""
    pieces = []
    size = 0
    try:
        for piece in _pieces(response):
            pieces.append(piece)
            size += len(piece)
            if size >= MAX_ERROR_BODY:
                break
    except httpx.HTTPError:
        pass
    finally:
        response.close()
    return b"".join(pieces)[:MAX_ERROR_BODY]


async def aread_limited_quietly(response: httpx.Response) -> bytes:
    """Async variant of :func:`read_limited_quietly`."""
    pieces = []
    size = 0
    try:
        async for piece in _apieces(response):
            pieces.append(piece)
            size += len(piece)
            if size >= MAX_ERROR_BODY:
                break
    except httpx.HTTPError:
        pass
    finally:
        await response.aclose()
    return b"".join(pieces)[:MAX_ERROR_BODY]


class AsyncAPIClient(_BaseClient):
    """The asynchronous runtime; the arguments of :class:`SyncAPIClient`."""

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        max_event_size: int = streaming.DEFAULT_MAX_EVENT_SIZE,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            headers=headers,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
            max_event_size=max_event_size,
        )
        self._http = http_client or httpx.AsyncClient(timeout=timeout)
        self._bind()

    async def _request(
        self,
        request: APIRequest,
        responses: Responses = NO_RESPONSES,
        options: RequestOptions | None = None,
        *,
        stream: bool = False,
    ) -> Any:
        """Send ``request`` (with retries) and return the decoded answer."""
        options = options or {}
        http_request = self._build(
            self._http, request, options, _accept(responses, stream)
        )
        response = await self._send(http_request, self._retries(request, options))

        async def decode() -> Any:
            result = await self._process(response, responses, stream)
            return self._paged(result, request, responses, options)

        return AsyncAPIResponse(response, decode) if self._raw else await decode()

    async def _send(self, http_request: httpx.Request, retries: int) -> httpx.Response:
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                response = await self._http.send(http_request, stream=True)
            except httpx.TransportError as exc:
                self._log(http_request, None, started, attempt, type(exc).__name__)
                if attempt >= retries:
                    raise self._failure(exc, http_request) from exc
                await _asleep(retry_delay(attempt, None))
                attempt += 1
                continue
            self._log(http_request, response, started, attempt)
            if response.is_success or attempt >= retries or not should_retry(response):
                return response
            await response.aclose()
            await _asleep(retry_delay(attempt, response.headers))
            attempt += 1

    async def _process(
        self, response: httpx.Response, responses: Responses, stream: bool
    ) -> Any:
        if response.is_error:
            body = await aread_limited_quietly(response)
            raise self._error(response, body, responses)
        if stream and responses.stream is not None:
            return self._make_stream(response, responses.stream, is_async=True)
        shape = choose_shape(
            responses, response.status_code, response.headers.get("content-type", "")
        )
        if shape is not None and shape.kind is BodyKind.BINARY:
            return AsyncBinaryResponse(response)
        body = await aread_limited(response, self.max_response_size)
        if response.status_code == 204 or not body:
            return None
        return decode_body(response, _as_page(shape, responses.page, AsyncPage), body)

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._http.aclose()

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

"""Errors raised by the SDK: one tree under :class:`SDKError`.

* :class:`APIStatusError` - the server answered with an HTTP error status (before
  any stream started, or a stream whose body was a JSON error object). One
  subclass per common status: :class:`BadRequestError` 400,
  :class:`AuthenticationError` 401, :class:`PermissionDeniedError` 403,
  :class:`NotFoundError` 404, :class:`ConflictError` 409,
  :class:`UnprocessableEntityError` 422, :class:`RateLimitError` 429,
  :class:`InternalServerError` >= 500. ``APIError`` is its former name.
* :class:`APIConnectionError` - no answer: the connection failed or broke;
  :class:`APITimeoutError` when it was a timeout.
* :class:`ResponseValidationError` - a 2xx body that is not what the spec
  declares (not JSON, does not fit the model, larger than the size limit).
* :class:`StreamError` - the server reported an error *inside* a stream that had
  already started (a chunk with a top-level ``error``, or ``finish_reason:
  "error"``).
* :class:`StreamTruncatedError` - the stream ended (or the connection broke)
  before its end-of-stream sentinel, so the answer is incomplete.
* :class:`StreamDecodeError` - an event's data is not valid JSON, does not fit
  the expected model, or is larger than the event size limit.

This module is copied verbatim into every generated package and depends only
on the standard library and httpx.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ResponseValidationError",
    "SDKError",
    "StreamDecodeError",
    "StreamError",
    "StreamTruncatedError",
    "UnprocessableEntityError",
]

_MAX_SHOWN = 500
#: The most of an error body read into an exception (the rest is not read).
MAX_ERROR_BODY = 64 * 1024
#: Response headers that carry the server's id of a request, first match wins.
REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-openrouter-request-id",
    "openai-request-id",
    "x-amzn-requestid",
    "cf-ray",
)


def _shorten(text: str, limit: int = _MAX_SHOWN) -> str:
    """Return ``text`` cut to ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def request_id_of(headers: httpx.Headers | None) -> str | None:
    """The request id the server sent in one of :data:`REQUEST_ID_HEADERS`."""
    if headers is None:
        return None
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


class SDKError(Exception):
    """Base class of every error raised by this SDK."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        # Keyword-only constructor arguments: rebuild from the attributes.  The
        # httpx objects (sockets, streams) do not travel.
        state = {
            k: v for k, v in self.__dict__.items() if k not in ("response", "request")
        }
        return (_rebuild, (type(self), self.message, state))


def _rebuild(cls: type[SDKError], message: str, state: dict[str, Any]) -> SDKError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    annotations: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    for name in ("response", "request"):
        if name in annotations:
            error.__dict__.setdefault(name, None)
    return error


class APIConnectionError(SDKError):
    """No HTTP answer: the connection could not be made or broke.

    The httpx exception is chained as ``__cause__``; ``request`` is the
    ``httpx.Request`` that was being sent (its headers hold credentials: it is
    never part of the message).
    """

    request: httpx.Request | None

    def __init__(
        self, message: str = "connection error", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request (or a stream read) took longer than its timeout."""

    def __init__(
        self,
        message: str = "request timed out",
        *,
        request: httpx.Request | None = None,
    ) -> None:
        super().__init__(message, request=request)


class ResponseValidationError(SDKError):
    """A successful (2xx) response whose body is not what the spec declares.

    Attributes:
        body: the body as text (at most the size limit), ``response``: the
        ``httpx.Response``, ``status_code``, ``request_id``.
    """

    body: str
    status_code: int
    request_id: str | None
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        body: str = "",
        status_code: int = 200,
        request_id: str | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.body = body
        self.status_code = status_code
        self.request_id = request_id
        self.response = response


class APIStatusError(SDKError):
    """The server answered with an HTTP error status (before any stream started).

    Attributes:
        status_code: the HTTP status code.
        headers: the response headers.
        request_id: the server's id of the request (``x-request-id`` and
            similar headers), for support tickets; ``None`` when not sent.
        code: ``error.code`` from the body when present (kept exactly as sent:
            a number or a string), else ``None``.
        message: ``error.message`` from the body when present, else a short
            description built from the status and the body.
        metadata: ``error.metadata`` from the body when present, else ``None``.
        error: the spec's error model for this status, parsed from the body
            when it fits; else the body's JSON; ``None`` if the body is not JSON.
        body: the response body as text (at most 64 KiB of it).
        response: the ``httpx.Response``.
    """

    status_code: int
    headers: httpx.Headers
    request_id: str | None
    code: Any
    metadata: Any
    error: Any
    body: str
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str = "",
        error: Any = None,
        code: Any = None,
        metadata: Any = None,
        response: httpx.Response | None = None,
        headers: httpx.Headers | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.error = error
        self.code = code
        self.metadata = metadata
        self.response = response
        if headers is None:
            headers = response.headers if response is not None else httpx.Headers()
        self.headers = headers
        self.request_id = request_id or request_id_of(headers)

    def __str__(self) -> str:
        text = f"HTTP {self.status_code}: {self.message}"
        if self.code is not None and self.code != self.status_code:
            text += f" (code {self.code!r})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"code={self.code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r})"
        )

    @classmethod
    def from_body(
        cls,
        status_code: int,
        body: str,
        response: httpx.Response | None = None,
        error_model: Any = None,
    ) -> APIStatusError:
        """Build the error (of the subclass for ``status_code``) from the body text.

        ``error_model`` is a callable validating the body's JSON into the
        spec's error model for this status (raising when it does not fit).
        """
        parsed = _json_or_none(body)
        code, metadata, message = _error_fields(parsed)
        if not message:
            reason = response.reason_phrase if response is not None else ""
            message = reason or "request failed"
            if body:
                message += f": {_shorten(body, 200)}"
        error = parsed
        if error_model is not None and parsed is not None:
            try:
                error = error_model(parsed)
            except Exception:  # does not fit the spec's model: keep the JSON
                error = parsed
        return error_class(status_code, cls)(
            message,
            status_code=status_code,
            body=body,
            error=error,
            code=code,
            metadata=metadata,
            response=response,
        )

    @classmethod
    def from_response(
        cls, response: httpx.Response, error_model: Any = None
    ) -> APIStatusError:
        """Read (at most 64 KiB of) ``response``, close it, build the error."""
        try:
            body = _decode(_read_capped(response.iter_bytes()), response)
        except httpx.HTTPError:
            body = ""
        finally:
            response.close()
        return cls.from_body(response.status_code, body, response, error_model)

    @classmethod
    async def afrom_response(
        cls, response: httpx.Response, error_model: Any = None
    ) -> APIStatusError:
        """Async variant of :meth:`from_response`."""
        try:
            pieces = []
            size = 0
            async for piece in response.aiter_bytes():
                pieces.append(piece)
                size += len(piece)
                if size >= MAX_ERROR_BODY:
                    break
            body = _decode(b"".join(pieces)[:MAX_ERROR_BODY], response)
        except httpx.HTTPError:
            body = ""
        finally:
            await response.aclose()
        return cls.from_body(response.status_code, body, response, error_model)


APIError = APIStatusError


def _read_capped(pieces: Any) -> bytes:
    """At most :data:`MAX_ERROR_BODY` bytes of an iterator of reads."""
    kept = []
    size = 0
    for piece in pieces:
        kept.append(piece)
        size += len(piece)
        if size >= MAX_ERROR_BODY:
            break
    return b"".join(kept)[:MAX_ERROR_BODY]


def _decode(raw: bytes, response: httpx.Response) -> str:
    return raw.decode(response.encoding or "utf-8", "replace")


def _json_or_none(body: str) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _error_fields(parsed: Any) -> tuple[Any, Any, str]:
    """``(code, metadata, message)`` of an ``{"error": ...}`` or ``{"message"}`` body."""
    if not isinstance(parsed, dict):
        return None, None, ""
    raw_error = parsed.get("error")
    if isinstance(raw_error, dict):
        message = raw_error.get("message")
        return (
            raw_error.get("code"),
            raw_error.get("metadata"),
            "" if message is None else str(message),
        )
    if isinstance(raw_error, str):
        return None, None, raw_error
    message = parsed.get("message")
    return None, None, message if isinstance(message, str) else ""


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 and above."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(
    status_code: int, default: type[APIStatusError] = APIStatusError
) -> type[APIStatusError]:
    """The :class:`APIStatusError` subclass for ``status_code``."""
    if status_code >= 500:
        return InternalServerError
    return _BY_STATUS.get(status_code, default)


class StreamError(SDKError):
    """The server reported an error in the middle of a stream.

    The events before the error chunk were delivered normally; the error chunk
    itself is not yielded.

    Attributes:
        code: ``error.code`` exactly as sent (a number, a string such as
            ``"server_error"``, or ``None``).
        message: ``error.message``.
        metadata: ``error.metadata`` when present, else ``None``.
        error: the ``error`` object itself.
        chunk: the whole decoded JSON chunk that carried the error (a dict).
        event: the ``ServerSentEvent`` that carried it (or ``None``).
    """

    code: Any
    metadata: Any
    error: Any
    chunk: dict[str, Any]
    event: Any

    def __init__(
        self,
        message: str,
        *,
        code: Any = None,
        chunk: dict[str, Any] | None = None,
        error: Any = None,
        metadata: Any = None,
        event: Any = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.chunk = {} if chunk is None else chunk
        self.error = error
        self.metadata = metadata
        self.event = event

    def __str__(self) -> str:
        if self.code is None:
            return f"error in stream: {self.message}"
        return f"error in stream (code {self.code!r}): {self.message}"

    @classmethod
    def from_chunk(cls, chunk: dict[str, Any], event: Any = None) -> StreamError:
        """Build the error from a decoded chunk with a top-level ``error``."""
        error = chunk.get("error")
        code: Any = None
        metadata: Any = None
        if isinstance(error, dict):
            code = error.get("code")
            metadata = error.get("metadata")
            message = error.get("message")
            message = "unknown error" if message is None else str(message)
        elif error is None:
            message = 'the stream ended with finish_reason "error"'
        else:
            message = str(error)
        return cls(
            message,
            code=code,
            chunk=chunk,
            error=error,
            metadata=metadata,
            event=event,
        )


class StreamTruncatedError(SDKError):
    """The stream stopped before its end-of-stream sentinel.

    Either the server closed the body early or the connection broke (then the
    transport error is chained as ``__cause__``). What was delivered before is
    an incomplete answer.

    Attributes:
        events: how many events had been received.
        last_event: the last ``ServerSentEvent`` received, or ``None``.
    """

    events: int
    last_event: Any

    def __init__(
        self, message: str, *, events: int = 0, last_event: Any = None
    ) -> None:
        super().__init__(message)
        self.events = events
        self.last_event = last_event


class StreamDecodeError(SDKError):
    """An event's data could not be decoded into the expected type.

    Attributes:
        event: the offending ``ServerSentEvent``.
        index: its position in the stream (0 = first dispatched event).
        data: its full data payload.
    """

    event: Any
    index: int | None
    data: str

    def __init__(
        self,
        message: str,
        *,
        event: Any = None,
        index: int | None = None,
        data: str = "",
    ) -> None:
        super().__init__(message)
        self.event = event
        self.index = index
        self.data = data

    @classmethod
    def from_event(
        cls, event: Any, index: int | None, cause: BaseException
    ) -> StreamDecodeError:
        """Build the error for ``event`` that ``cause`` prevented decoding."""
        data = getattr(event, "data", "")
        name = getattr(event, "event", "message")
        event_id = getattr(event, "id", None)
        reason = f"{type(cause).__name__}: {cause}"
        message = (
            f"could not decode event #{index} (event={name!r}, id={event_id!r}): "
            f"{_shorten(reason, 1000)}; data={_shorten(repr(data), 300)}"
        )
        return cls(message, event=event, index=index, data=data)


class RequestValidationError(SDKError, ValueError):
    """An argument of a request has the wrong type or value; raised before anything is sent.

    Attributes:
        field: the argument (or body field) at fault, as the caller named it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

"""Errors raised by the SDK.

Every error derives from :class:`SDKError`:

* :class:`APIError` - the server answered with an HTTP error status before any
  stream started (the body is usually ``{"error": {"code", "message", "metadata"}}``).
* :class:`StreamError` - the server reported an error *inside* a stream that had
  already started (HTTP status 200, a chunk with a top-level ``error``).
* :class:`StreamTruncatedError` - the stream ended (or the connection broke)
  before its end-of-stream sentinel, so the answer is incomplete.
* :class:`StreamDecodeError` - an event's data is not valid JSON or does not fit
  the expected model.

This module depends only on the standard library and httpx.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

__all__ = [
    "SDKError",
    "APIError",
    "StreamError",
    "StreamTruncatedError",
    "StreamDecodeError",
]

_MAX_SHOWN = 500


def _shorten(text: str, limit: int = _MAX_SHOWN) -> str:
    """Return ``text`` cut to ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


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
        # httpx response (sockets, streams) does not travel.
        state = {k: v for k, v in self.__dict__.items() if k != "response"}
        return (_rebuild, (type(self), self.message, state))


def _rebuild(cls: type[SDKError], message: str, state: dict[str, Any]) -> SDKError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    if "response" in getattr(cls, "__annotations__", {}):
        error.__dict__.setdefault("response", None)
    return error


class APIError(SDKError):
    """The server answered with an HTTP error status (before any stream started).

    Attributes:
        status_code: the HTTP status code.
        code: ``error.code`` from the body when present (kept exactly as sent:
            a number or a string), else ``None``.
        message: ``error.message`` from the body when present, else a short
            description built from the status and the body.
        metadata: ``error.metadata`` from the body when present, else ``None``.
        error: the ``error`` object of the body (a dict) or ``None``.
        body: the raw response body as text.
        response: the ``httpx.Response``.
    """

    status_code: int
    code: Any
    metadata: Any
    error: dict[str, Any] | None
    body: str
    response: httpx.Response | None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: str = "",
        error: dict[str, Any] | None = None,
        code: Any = None,
        metadata: Any = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body
        self.error = error
        self.code = code
        self.metadata = metadata
        self.response = response

    def __str__(self) -> str:
        text = f"HTTP {self.status_code}: {self.message}"
        if self.code is not None and self.code != self.status_code:
            text += f" (code {self.code!r})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"code={self.code!r}, message={self.message!r})"
        )

    @classmethod
    def from_body(
        cls,
        status_code: int,
        body: str,
        response: httpx.Response | None = None,
    ) -> APIError:
        """Build the error from a status code and the raw body text."""
        error: dict[str, Any] | None = None
        code: Any = None
        metadata: Any = None
        message = ""
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            raw_error = parsed.get("error")
            if isinstance(raw_error, dict):
                error = raw_error
                code = raw_error.get("code")
                metadata = raw_error.get("metadata")
                if raw_error.get("message") is not None:
                    message = str(raw_error["message"])
            elif isinstance(raw_error, str):
                message = raw_error
            elif isinstance(parsed.get("message"), str):
                message = parsed["message"]
        if not message:
            reason = ""
            if response is not None:
                reason = response.reason_phrase
            message = reason or "request failed"
            if body:
                message += f": {_shorten(body, 200)}"
        return cls(
            message,
            status_code=status_code,
            body=body,
            error=error,
            code=code,
            metadata=metadata,
            response=response,
        )

    @classmethod
    def from_response(cls, response: httpx.Response) -> APIError:
        """Read (and close) ``response`` and build the error from it."""
        try:
            response.read()
            body = response.text
        except httpx.HTTPError:
            body = ""
        finally:
            response.close()
        return cls.from_body(response.status_code, body, response)

    @classmethod
    async def afrom_response(cls, response: httpx.Response) -> APIError:
        """Async variant of :meth:`from_response`."""
        try:
            await response.aread()
            body = response.text
        except httpx.HTTPError:
            body = ""
        finally:
            await response.aclose()
        return cls.from_body(response.status_code, body, response)


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

    def __init__(self, message: str, *, events: int = 0, last_event: Any = None):
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

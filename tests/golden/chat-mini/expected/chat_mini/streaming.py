"""Server-Sent Events decoding and typed streams.

* :class:`SSEDecoder` turns the raw bytes of a ``text/event-stream`` body into
  :class:`ServerSentEvent` objects, following the WHATWG "event stream
  interpretation" rules, whatever way the bytes are split into reads.
* :class:`JSONLinesDecoder` does the same for JSON Lines / NDJSON bodies (one
  JSON text per line) and RFC 7464 JSON text sequences (``application/json-seq``),
  with the same size limit and errors.
* :class:`Stream` / :class:`AsyncStream` iterate an ``httpx.Response`` as typed
  items (``framing=`` ``"sse"``, ``"jsonl"`` or ``"json-seq"``), stop at the end-of-stream sentinel, raise
  :class:`~.errors.StreamError` for an error reported inside the stream and
  :class:`~.errors.StreamTruncatedError` when the stream ends early, and always
  give the HTTP connection back when they are done or closed.
* :class:`ChatStream` / :class:`AsyncChatStream` also accumulate chat-completion
  chunks into one :class:`ChatCompletionResult` (``final()``).

This module depends only on the standard library and httpx; items are built
by the pydantic models (``model=``) or callables (``decode=``) that the
generated client passes in.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter, contains
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import httpx

from .errors import (
    MAX_ERROR_BODY,
    APIStatusError,
    APITimeoutError,
    SDKError,
    StreamDecodeError,
    StreamError,
    StreamTruncatedError,
)

__all__ = [
    "AsyncChatStream",
    "AsyncStream",
    "ChatCompletionResult",
    "ChatStream",
    "ChoiceResult",
    "Framing",
    "JSONLinesDecoder",
    "SSEDecoder",
    "ServerSentEvent",
    "Stream",
    "ToolCallResult",
    "aiter_events",
    "iter_events",
]

T = TypeVar("T")
#: How a streamed body is cut into items: Server-Sent Events, JSON Lines / NDJSON,
#: or RFC 7464 JSON text sequences.
Framing = Literal["sse", "jsonl", "json-seq"]

_BOM = b"\xef\xbb\xbf"
#: The default longest line or event data of a stream, in bytes.
DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024
# Ends a stream whose spec declares no sentinel (`x-speakeasy-sse-sentinel`), as
# OpenAI-style APIs send it; optional there: the end of the body is normal too.
DEFAULT_SENTINEL = b"[DONE]"
_MAX_RETRY_DIGITS = 10


class ServerSentEvent:
    """One dispatched event.

    Attributes:
        event: the event type (``"message"`` unless an ``event:`` field said
            otherwise).
        data: the data lines joined with LF.
        id: the last event ID at dispatch time (it persists across events until
            the server sets another), or ``None`` if never set.
        retry: the reconnection time in milliseconds when this event's own
            block carried a valid ``retry:`` field, else ``None`` (the
            stream's current reconnection time is ``SSEDecoder.retry``).
    """

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        event: str = "message",
        data: str = "",
        id: str | None = None,
        retry: int | None = None,
    ) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry

    def json(self) -> Any:
        """The data parsed as JSON."""
        return json.loads(self.data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (
            self.event == other.event
            and self.data == other.data
            and self.id == other.id
            and self.retry == other.retry
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ServerSentEvent(event={self.event!r}, data={self.data!r}, "
            f"id={self.id!r}, retry={self.retry!r})"
        )


class SSEDecoder:
    """Incremental ``text/event-stream`` decoder.

    Feed it the body's reads in order with :meth:`feed`; each call returns the
    events completed by that read.  Call :meth:`finish` at the end of the body
    (an event not closed by a blank line is then discarded).

    Lines are split at the byte level (UTF-8 multibyte sequences never contain
    CR or LF) and a value is decoded only once its line is complete, so
    characters split across reads come out whole.  Each read is scanned once
    (the pieces of an unterminated line are only joined when its end arrives)
    and the decoder holds at most the current line and the current event.

    Runs of plain ``data: ...`` events (the usual shape of a stream) are cut
    out of a read with a few whole-buffer operations instead of a Python loop
    over their lines; everything else goes through the line-by-line rules.
    That fast path lives in one function, :meth:`_feed_raw`, measured by
    ``benchmarks/bench_stream.py``.

    ``max_size`` bounds memory: a line or an event's data longer than that
    many bytes raises :class:`~.errors.StreamDecodeError` (16 MiB by default).
    """

    __slots__ = (
        "_block_retry",
        "_data",
        "_data_size",
        "_event",
        "_head",
        "_marked",
        "_meta",
        "_scan",
        "_skip_lf",
        "_tail",
        "_tail_size",
        "count",
        "last_event_id",
        "max_size",
        "retry",
    )

    def __init__(self, max_size: int = DEFAULT_MAX_EVENT_SIZE) -> None:
        # Bytes seen so far while a leading BOM is still possible, else None.
        self._head: bytes | None = b""
        # The previous read ended with CR: an LF starting this one belongs to it.
        self._skip_lf = False
        # Pieces of the current, unterminated line.
        self._tail: list[bytes] = []
        # Event type buffer (None = not set) and data buffer (None = no data
        # line yet, bytes = one line, list = several lines).
        self._event: str | None = None
        self._data: bytes | list[bytes] | None = None
        # Of the last _feed_raw batch: (event, id, retry) shared by all its
        # events, or a list with one such tuple per event; and whether any of
        # its data contains b'"error"'.
        self._meta: tuple[str, str | None, int | None] | list[Any] = _NO_META
        self._marked = False
        self._scan = False  # compute _marked (typed streams ask for it)
        # Bytes held in _tail, in the current event's data, and the retry field
        # of the current block (an event carries only its own block's retry).
        self._tail_size = 0
        self._data_size = 0
        self._block_retry: int | None = None
        #: The longest line or event data accepted, in bytes.
        self.max_size = max_size
        #: The last event ID buffer (persists across events).
        self.last_event_id: str | None = None
        #: The stream's reconnection time in ms, from the last valid ``retry``
        #: field (it persists across events).
        self.retry: int | None = None
        #: Number of events dispatched so far.
        self.count = 0

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Consume one read of the body; return the events it completed."""
        datas = self._feed_raw(chunk)
        if not datas:
            return []
        meta = self._meta
        if meta.__class__ is tuple:
            event, event_id, retry = meta
            return [
                ServerSentEvent(event, d.decode("utf-8", "replace"), event_id, retry)
                for d in datas
            ]
        return [
            ServerSentEvent(m[0], d.decode("utf-8", "replace"), m[1], m[2])
            for d, m in zip(datas, meta, strict=True)
        ]

    def finish(self) -> list[ServerSentEvent]:
        """Signal the end of the body.

        An unterminated line or event is discarded, as the rules require, so
        this returns no events; it resets the decoder for another body (the
        last event ID and retry are kept).
        """
        self._head = b""
        self._skip_lf = False
        self._tail.clear()
        self._tail_size = 0
        self._event = None
        self._data = None
        self._data_size = 0
        self._block_retry = None
        return []

    def _finish_raw(self) -> list[bytes]:
        """:meth:`finish` for typed streams: an SSE body's end completes no event."""
        self.finish()
        return []

    def _feed_raw(self, chunk: bytes) -> list[bytes]:
        """Consume one read; return the data (UTF-8 bytes) of completed events.

        The fast path of the decoder (and of typed streams, which call it
        directly): runs of plain ``data: <one line>`` events are cut out of the
        read by :meth:`_plain_run` with ``rfind``/``split``/``memchr``-level
        operations; anything else goes line by line through :meth:`_lines`.
        The event type, id and retry of the events are left in ``_meta``.
        """
        buf = self._complete_lines(chunk)
        if not buf:
            return []
        datas: list[bytes] = []
        metas: list[tuple[str, str | None, int | None]] = []
        if (
            self._data is not None
            or self._event is not None
            or self._block_retry is not None
            or buf[0] != 100
        ):
            # Not at the start of a plain event: go by lines up to the first
            # blank line (the decoder is idle after it), or through everything.
            buf = self._up_to_blank_line(buf, datas, metas)
        if buf:
            datas, buf = self._plain_run(buf, datas, metas)
        if buf:
            # Anything else: line by line.
            self._rest(buf, datas, metas)
        if not datas:
            return datas
        meta = metas[0]
        self._meta = meta if metas.count(meta) == len(metas) else metas
        self.count += len(datas)
        if self._scan:
            self._marked = any(map(contains, datas, _MARKERS))
        return datas

    def _complete_lines(self, chunk: bytes) -> bytes:
        """The complete lines a read ends (LF-terminated), or b"" if none.

        Drops a leading BOM, folds CR and CRLF into LF and joins the pieces of
        a line split across reads; an unterminated end is kept for later.
        """
        if not chunk:
            return b""
        if self._head is not None:
            chunk = self._drop_bom(chunk)
            if not chunk:
                return b""
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 10:
                chunk = chunk[1:]
                if not chunk:
                    return b""
        if 13 in chunk:
            # A CR followed by LF is always a CRLF line ending, and any other CR
            # ends a line too: make every line ending a single LF.  A CR ending
            # the read may be the first half of a CRLF: skip an LF that starts
            # the next read.
            self._skip_lf = chunk[-1] == 13
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        tail = self._tail
        if 10 not in chunk:
            tail.append(chunk)
            self._grow_tail(len(chunk))
            return b""
        if not tail:
            return chunk
        tail.append(chunk)
        buf = b"".join(tail)
        tail.clear()
        self._tail_size = 0
        return buf

    def _up_to_blank_line(
        self, buf: bytes, datas: list[bytes], metas: list[Any]
    ) -> bytes:
        """Apply the line rules up to the first blank line; return the rest."""
        if buf[0] == 10:
            cut = 1
        else:
            cut = buf.find(b"\n\n")
            if cut < 0:  # no blank line, so no event
                self._rest(buf, datas, metas)
                return b""
            cut += 2
        lines = buf[:cut].split(b"\n")
        lines.pop()  # the empty piece after the final LF
        self._lines(lines, datas, metas)
        return buf[cut:]

    def _plain_run(
        self, buf: bytes, datas: list[bytes], metas: list[Any]
    ) -> tuple[list[bytes], bytes]:
        """Cut the leading ``data: <no LF>\\n\\n`` events out of ``buf``.

        Returns the data list (``datas`` extended, or the pieces themselves)
        and what is left of ``buf`` for the line rules.
        """
        end = buf.rfind(b"\n\n")
        if end < 0 or not buf.startswith(b"data: "):
            return datas, buf
        pieces = buf[6:end].split(b"\n\ndata: ")
        if any(map(contains, pieces, _LFS)):
            return datas, buf
        metas.extend([_plain(self)] * len(pieces))
        if datas:
            datas.extend(pieces)
        else:
            datas = pieces
        return datas, buf[end + 2 :]

    def _grow_tail(self, size: int) -> None:
        self._tail_size += size
        if self._tail_size > self.max_size:
            self._tail.clear()
            self._tail_size = 0
            raise self._too_long("a line")

    def _too_long(self, what: str) -> StreamDecodeError:
        self._data = None
        self._data_size = 0
        return StreamDecodeError(
            f"{what} of the event stream is longer than {self.max_size} bytes "
            f"(after {self.count} events); raise the client's max_event_size "
            "if such events are expected",
            index=self.count,
        )

    def _drop_bom(self, chunk: bytes) -> bytes:
        head = self._head + chunk if self._head else chunk
        if len(head) < 3 and _BOM.startswith(head):
            self._head = head
            return b""
        self._head = None
        if head.startswith(_BOM):
            return head[3:]
        return head

    def _rest(self, buf: bytes, datas: list[bytes], metas: list[Any]) -> None:
        """Process ``buf`` by lines, keeping its unterminated end as the tail."""
        lines = buf.split(b"\n")
        last = lines.pop()
        if last:
            self._tail.append(last)
            self._grow_tail(len(last))
        if lines:
            self._lines(lines, datas, metas)

    def _lines(self, lines: list[bytes], datas: list[bytes], metas: list[Any]) -> None:
        """Apply the field rules to complete lines."""
        etype = self._event
        data = self._data
        last_id = self.last_event_id
        retry = self.retry
        block_retry = self._block_retry
        for line in lines:
            if not line:
                # Blank line: dispatch (only if there was a data line).
                if data is not None:
                    if not isinstance(data, bytes):
                        data = b"\n".join(data)
                    datas.append(data)
                    metas.append((etype or "message", last_id, block_retry))
                    data = None
                etype = None
                block_retry = None
                continue
            if line[0] == 58:
                continue  # a comment: the line starts with a colon
            name, value = _field(line)
            if name == b"data":
                data = self._add_data(data, value)
            elif name == b"event":
                etype = value.decode("utf-8", "replace")
            elif name == b"id" and 0 not in value:
                last_id = value.decode("utf-8", "replace")
            elif name == b"retry" and _valid_retry(value):
                retry = block_retry = int(value)
            # Any other field name is ignored.
        self._event = etype
        self._data = data
        self.last_event_id = last_id
        self.retry = retry
        self._block_retry = block_retry

    def _add_data(
        self, data: bytes | list[bytes] | None, value: bytes
    ) -> bytes | list[bytes]:
        """The event's data with one more line, within ``max_size``."""
        if data is None:
            self._data_size = len(value)
            data = value
        else:
            self._data_size += len(value) + 1
            if isinstance(data, bytes):
                data = [data, value]
            else:
                data.append(value)
        if self._data_size > self.max_size:
            raise self._too_long("the data of one event")
        return data


def _field(line: bytes) -> tuple[bytes, bytes]:
    """``(name, value)`` of a field line (one space after the colon dropped)."""
    colon = line.find(b":")
    if colon < 0:
        return line, b""
    if line[colon + 1 : colon + 2] == b" ":
        return line[:colon], line[colon + 2 :]
    return line[:colon], line[colon + 1 :]


def _valid_retry(value: bytes) -> bool:
    # ASCII digits only (never "-1" or "+5"), and at most 10 of them: a longer
    # value is no sensible delay, and int() of thousands of digits is slow.
    return value.isdigit() and len(value) <= _MAX_RETRY_DIGITS


_NO_META: tuple[str, str | None, int | None] = ("message", None, None)
_LFS = repeat(10)
_MARKERS = repeat(b'"error"')


class JSONLinesDecoder:
    """Incremental decoder of JSON Lines / NDJSON and JSON text sequences.

    ``framing="jsonl"``: each line (LF, or CRLF) is one JSON text; blank lines
    are skipped and the last line may lack its LF.  ``framing="json-seq"``
    (RFC 7464, ``application/json-seq``): each JSON text follows an RS byte
    (0x1E) and ends with an LF; a record may span lines, so it is complete at
    the next RS, at the end of the body, or at an LF where it parses as JSON.

    Typed streams read it through the same internal interface as
    :class:`SSEDecoder` (``_feed_raw`` returns the completed items' bytes);
    :meth:`feed` returns them as text.  A line (record) longer than
    ``max_size`` bytes raises :class:`~.errors.StreamDecodeError`.
    """

    __slots__ = (
        "_head",
        "_marked",
        "_meta",
        "_scan",
        "_separator",
        "_tail",
        "_tail_size",
        "count",
        "framing",
        "last_event_id",
        "max_size",
        "retry",
    )

    def __init__(
        self, max_size: int = DEFAULT_MAX_EVENT_SIZE, framing: Framing = "jsonl"
    ) -> None:
        if framing not in ("jsonl", "json-seq"):
            raise ValueError(f"framing must be 'jsonl' or 'json-seq', not {framing!r}")
        self.framing: Framing = framing
        self._separator = b"\n" if framing == "jsonl" else b"\x1e"
        self._head: bytes | None = b""  # as in SSEDecoder: a leading BOM is dropped
        self._tail: list[bytes] = []  # pieces of the current, unfinished item
        self._tail_size = 0
        # What typed streams read off a decoder: one (event, id, retry) for all
        # items (lines have none of these) and whether a batch mentions "error".
        self._meta: tuple[str, str | None, int | None] = _NO_META
        self._scan = False
        self._marked = False
        self.max_size = max_size
        self.count = 0
        self.last_event_id: str | None = None
        self.retry: int | None = None

    def feed(self, chunk: bytes) -> list[str]:
        """Consume one read of the body; return the JSON texts it completed."""
        return [item.decode("utf-8", "replace") for item in self._feed_raw(chunk)]

    def finish(self) -> list[str]:
        """Signal the end of the body; return the last item if it was unterminated."""
        return [item.decode("utf-8", "replace") for item in self._finish_raw()]

    def _feed_raw(self, chunk: bytes) -> list[bytes]:
        """Consume one read; return the completed items (stripped UTF-8 bytes)."""
        if self._head is not None:
            chunk = self._drop_bom(chunk)
        if not chunk:
            return []
        tail = self._tail
        if self._separator not in chunk:
            tail.append(chunk)
            self._grow_tail(len(chunk))
            if self.framing == "json-seq" and chunk.endswith(b"\n"):
                return self._complete_record()
            return []
        if tail:
            tail.append(chunk)
            chunk = b"".join(tail)
            tail.clear()
        pieces = chunk.split(self._separator)
        rest = pieces.pop()
        self._tail_size = 0
        if rest:
            tail.append(rest)
            self._grow_tail(len(rest))
        items = self._items(pieces)
        if self.framing == "json-seq" and rest.endswith(b"\n"):
            items += self._complete_record()
        return items

    def _finish_raw(self) -> list[bytes]:
        items = self._items([b"".join(self._tail)])
        self._tail.clear()
        self._tail_size = 0
        self._head = b""
        return items

    def _complete_record(self) -> list[bytes]:
        """The pending JSON-seq record if its LF ends a whole JSON text (no RS yet)."""
        record = b"".join(self._tail)
        try:
            json.loads(record)
        except ValueError:
            return []  # an LF inside a record that spans lines
        self._tail.clear()
        self._tail_size = 0
        return self._items([record])

    def _items(self, pieces: list[bytes]) -> list[bytes]:
        for piece in pieces:
            if len(piece) > self.max_size:
                raise self._too_long()
        items = [item for item in map(bytes.strip, pieces) if item]
        if items:
            self.count += len(items)
            if self._scan:
                self._marked = any(map(contains, items, _MARKERS))
        return items

    def _grow_tail(self, size: int) -> None:
        self._tail_size += size
        if self._tail_size > self.max_size:
            self._tail.clear()
            self._tail_size = 0
            raise self._too_long()

    def _too_long(self) -> StreamDecodeError:
        what = "a line" if self.framing == "jsonl" else "a record"
        return StreamDecodeError(
            f"{what} of the {self.framing} stream is longer than {self.max_size} "
            f"bytes (after {self.count} items); raise the client's max_event_size "
            "if such items are expected",
            index=self.count,
        )

    def _drop_bom(self, chunk: bytes) -> bytes:
        head = self._head + chunk if self._head else chunk
        if len(head) < 3 and _BOM.startswith(head):
            self._head = head
            return b""
        self._head = None
        return head[3:] if head.startswith(_BOM) else head


def _plain(decoder: SSEDecoder) -> tuple[str, str | None, int | None]:
    # A plain "data:" event has no retry field of its own.
    return ("message", decoder.last_event_id, None)


def iter_events(
    chunks: Iterable[bytes], max_size: int = DEFAULT_MAX_EVENT_SIZE
) -> Iterator[ServerSentEvent]:
    """Decode an iterable of byte reads into events (lines up to ``max_size``)."""
    decoder = SSEDecoder(max_size)
    feed = decoder.feed
    for chunk in chunks:
        events = feed(chunk)
        if events:
            yield from events
    decoder.finish()


async def aiter_events(
    achunks: AsyncIterable[bytes], max_size: int = DEFAULT_MAX_EVENT_SIZE
) -> AsyncIterator[ServerSentEvent]:
    """Decode an async iterable of byte reads into events (lines up to ``max_size``)."""
    decoder = SSEDecoder(max_size)
    feed = decoder.feed
    async for chunk in achunks:
        for event in feed(chunk):
            yield event
    decoder.finish()


# --------------------------------------------------------------------------
# Typed streams


class _State:
    """What a stream's generator shares with the stream object.

    The generator must not hold the stream itself: a reference cycle would keep
    an abandoned stream (and its HTTP connection) alive until the cyclic
    garbage collector runs.
    """

    __slots__ = ("cache", "data", "done", "finished", "meta", "started")

    def __init__(self) -> None:
        self.data: bytes | None = None  # data of the last event
        self.meta: Any = _NO_META  # its (event, id, retry)
        self.cache: tuple[Any, Any, ServerSentEvent] | None = None
        self.done = False  # read to its normal end
        self.started = False
        self.finished = False  # nothing more to read: the sentinel or an error

    def last_event(self) -> ServerSentEvent | None:
        data = self.data
        if data is None:
            return None
        cache = self.cache
        if cache is not None and cache[0] is data and cache[1] is self.meta:
            return cache[2]
        meta = self.meta
        event = ServerSentEvent(meta[0], data.decode("utf-8", "replace"), *meta[1:])
        self.cache = (data, meta, event)
        return event


def _each_meta(datas: list[bytes], metas: list[Any], state: _State) -> Iterator[bytes]:
    """Iterate ``datas``, pointing ``state.meta`` at each one's metadata."""
    for data, meta in zip(datas, metas, strict=True):
        state.meta = meta
        yield data


def _error_of(data: bytes | str) -> dict[str, Any] | None:
    """The decoded chunk if ``data`` is a JSON object reporting an error.

    That is a non-null top-level ``error``, or a choice whose
    ``finish_reason`` is ``"error"`` (some providers send only that).
    """
    try:
        chunk = json.loads(data)
    except ValueError:
        return None
    if not isinstance(chunk, dict):
        return None
    if chunk.get("error") is not None:
        return chunk
    choices = chunk.get("choices")
    if isinstance(choices, list) and any(
        isinstance(c, dict) and c.get("finish_reason") == "error" for c in choices
    ):
        return chunk
    return None


_Decoder = SSEDecoder | JSONLinesDecoder


def _event_index(data: bytes, datas: list[bytes], decoder: _Decoder) -> int:
    index = decoder.count - len(datas)
    for position, item in enumerate(datas):
        if item is data:
            return index + position
    return index


def _decode_failed(
    data: bytes,
    datas: list[bytes],
    decoder: _Decoder,
    state: _State,
    exc: Exception,
) -> SDKError:
    """The error to raise when the event carrying ``data`` could not be decoded."""
    chunk = _error_of(data)
    if chunk is None:
        chunk = _error_of(data.decode("utf-8", "replace"))
    event = state.last_event()
    if chunk is not None:
        return StreamError.from_chunk(chunk, event)
    return StreamDecodeError.from_event(event, _event_index(data, datas, decoder), exc)


def _validate_again(
    validate: Callable[[Any], T],
    data: bytes,
    datas: list[bytes],
    decoder: _Decoder,
    state: _State,
    exc: Exception,
) -> T:
    """``validate(data)`` failed: retry on the decoded text, else raise.

    Invalid UTF-8 in the bytes must become U+FFFD, as in the decoded text.
    """
    text = data.decode("utf-8", "replace")
    if text.encode("utf-8") != data:
        try:
            return validate(text)
        except Exception as again:
            exc = again
    raise _decode_failed(data, datas, decoder, state, exc) from exc


def _event_decoder(decode: Callable[[ServerSentEvent], T], state: _State) -> Any:
    """Adapt ``decode(event)`` to the ``validate(data)`` shape of the loop."""

    def validate(data: bytes | str) -> T:
        meta = state.meta
        raw: bytes | None
        if isinstance(data, bytes):
            raw = data
            text = data.decode("utf-8", "replace")
        else:
            raw = state.data
            text = data
        event = ServerSentEvent(meta[0], text, meta[1], meta[2])
        state.cache = (raw, meta, event)
        return decode(event)

    return validate


def _validator(
    decode: Callable[[ServerSentEvent], Any] | None,
    model: Any,
    state: _State,
) -> Callable[[Any], Any]:
    """``validate(data)`` for the loop: the model's validator, or ``decode``."""
    if (decode is None) == (model is None):
        raise TypeError("pass exactly one of decode= and model=")
    if decode is not None:
        return _event_decoder(decode, state)
    return _json_validator(model)


def _json_validator(model: Any) -> Callable[[Any], Any]:
    """``validate(data)`` of a pydantic model class (or a ``TypeAdapter``)."""
    # What model.model_validate_json(data) runs, minus a Python frame.
    validator = getattr(model, "__pydantic_validator__", None)
    validate = getattr(validator, "validate_json", None)
    if not callable(validate):
        validate = getattr(model, "validate_json", None)
    if not callable(validate):
        validate = model.model_validate_json
    return validate


def _by_event(
    events: dict[str, Any], fallback: Callable[[Any], Any], state: _State
) -> Callable[[Any], Any]:
    """``validate(data)`` choosing the model by the event's name (``event:``).

    An OpenAPI 3.2 item schema can tie each event name to its payload; an
    event whose name is not listed is validated by ``fallback`` (the union).
    """
    validators = {name: _json_validator(model) for name, model in events.items()}

    def validate(data: bytes | str) -> Any:
        return validators.get(state.meta[0], fallback)(data)

    return validate


def _error_field(model: Any) -> Callable[[Any], Any] | None:
    """How to read a top-level ``error`` off a validated item, if the model has one.

    Then the validated item tells whether a chunk carries an error, and the
    reads need not be scanned for ``"error"`` (measured: ~7 % of a stream).
    """
    fields = getattr(model, "model_fields", None) or {}
    for name, info in fields.items():
        if (getattr(info, "alias", None) or name) == "error":
            return attrgetter(name)
    return None


_FRAMING_MEDIA_TYPES: dict[str, tuple[str, ...]] = {
    "sse": ("text/event-stream",),
    "jsonl": ("application/jsonl", "application/x-ndjson", "application/x-jsonlines"),
    "json-seq": ("application/json-seq",),
}


def _is_json(response: httpx.Response, framing: Framing = "sse") -> bool:
    """A JSON body (an error object, say) where a stream of ``framing`` was expected."""
    content_type = response.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    return "json" in content_type and media not in _FRAMING_MEDIA_TYPES[framing]


class _TypedReads(Generic[T]):
    """The work of a typed stream on each read, shared by the sync and async loops.

    :meth:`items` turns one read into the items it completed; the loops only
    move bytes in and items out.  The sentinel sets ``state.finished``; an
    error chunk or undecodable data raises from :meth:`items` after the items
    before it were handed out; :meth:`end` judges how the body ended.
    """

    __slots__ = (
        "decoder",
        "item_error",
        "sentinel",
        "sentinel_required",
        "state",
        "validate",
    )

    def __init__(
        self,
        validate: Callable[[Any], T],
        sentinel: bytes | None,
        decoder: _Decoder,
        state: _State,
        item_error: Callable[[T], Any] | None = None,
    ) -> None:
        self.validate = validate
        # A declared sentinel must come before the body ends; without one, the
        # de-facto `[DONE]` still ends the stream (only when the data is exactly
        # that), and the end of the body is a normal end too.
        self.sentinel = DEFAULT_SENTINEL if sentinel is None else sentinel
        self.sentinel_required = sentinel is not None
        self.decoder = decoder
        self.state = state
        self.item_error = item_error
        # Without an `error` field on the item, mark reads that mention "error".
        decoder._scan = item_error is None

    def items(self, chunk: bytes) -> Iterator[T]:
        """The items completed by one read of the body."""
        return self._typed(self.decoder._feed_raw(chunk))

    def rest(self) -> Iterator[T]:
        """The items the end of the body completes (a JSON line without its LF)."""
        if self.state.done:
            return iter(())
        return self._typed(self.decoder._finish_raw())

    def _typed(self, datas: list[bytes]) -> Iterator[T]:
        """The items of the decoded ``datas``.

        A generator, so the loops hand each item out as soon as it is
        validated (measured: building a list per read cost ~8 % of a stream);
        an error chunk or undecodable data raises after the items before it.
        """
        if not datas:
            return
        decoder = self.decoder
        state = self.state
        meta = decoder._meta
        if meta.__class__ is tuple:
            state.meta = meta
            events: Iterable[bytes] = datas
        else:
            events = _each_meta(datas, meta, state)  # type: ignore[arg-type]
        marked = decoder._scan and decoder._marked
        sentinel = self.sentinel
        validate = self.validate
        item_error = self.item_error
        for data in events:
            state.data = data
            if data == sentinel:
                state.done = state.finished = True
                return
            if not data:  # an empty event: a proxy's keep-alive
                continue
            if marked and b'"error"' in data:
                self._check_error(data)
            try:
                item = validate(data)
            except Exception as exc:
                item = _validate_again(validate, data, datas, decoder, state, exc)
            if item_error is not None and item_error(item) is not None:
                self._check_error(data)
            yield item

    def _check_error(self, data: bytes) -> None:
        """Raise StreamError if ``data`` (which may report an error) does."""
        chunk_error = _error_of(data)
        if chunk_error is not None:
            raise StreamError.from_chunk(chunk_error, self.state.last_event())

    def end(self, response: httpx.Response) -> None:
        """The body is over (or the sentinel came): raise a truncation if early."""
        if self.state.done:
            return
        self.decoder._finish_raw()
        if self.sentinel_required:
            raise self.truncated("ended", response)
        self.state.done = True

    def truncated(self, reason: str, response: httpx.Response) -> StreamTruncatedError:
        decoder = self.decoder
        expected = ""
        if self.sentinel_required:
            expected = (
                f" before the {self.sentinel.decode('utf-8', 'replace')!r} sentinel"
            )
        hint = ""
        content_type = response.headers.get("content-type", "")
        expected_types = _FRAMING_MEDIA_TYPES[_framing_of(decoder)]
        if decoder.count == 0 and not any(t in content_type for t in expected_types):
            hint = f" (the response is {content_type or 'untyped'}, not {expected_types[0]})"
        return StreamTruncatedError(
            f"stream {reason}{expected} after {decoder.count} events; "
            f"the response is incomplete{hint}",
            events=decoder.count,
            last_event=self.state.last_event(),
        )

    def stalled(self, response: httpx.Response) -> APITimeoutError:
        return APITimeoutError(
            f"the stream stalled: no data within the read timeout after "
            f"{self.decoder.count} events",
            request=response.request if response._request is not None else None,
        )

    def json_instead(self, body: bytes, response: httpx.Response) -> SDKError:
        """The error for a JSON body where an event stream was expected.

        An error object (some APIs answer 200 with one) becomes the
        :class:`APIStatusError` of its code; anything else, a truncation.
        """
        text = body.decode("utf-8", "replace")
        chunk = _error_of(text)
        if chunk is None:
            return self.truncated("ended", response)
        code = (
            chunk["error"].get("code") if isinstance(chunk.get("error"), dict) else None
        )
        status = (
            code
            if isinstance(code, int) and 400 <= code <= 599
            else response.status_code
        )
        return APIStatusError.from_body(status, text, response)


def _framing_of(decoder: _Decoder) -> Framing:
    return decoder.framing if isinstance(decoder, JSONLinesDecoder) else "sse"


def _iter_typed(
    response: httpx.Response,
    reads: _TypedReads[T],
    observe: Callable[[Any], None] | None,
) -> Generator[T, None, None]:
    state = reads.state
    try:
        if response.is_error:
            raise APIStatusError.from_response(response)
        if _is_json(response, _framing_of(reads.decoder)):
            raise reads.json_instead(_read_capped(response.iter_bytes()), response)
        items = reads.items
        try:
            for chunk in response.iter_bytes():
                if observe is None:
                    yield from items(chunk)
                else:
                    for item in items(chunk):
                        observe(item)
                        yield item
                if state.finished:
                    break
        except httpx.TimeoutException as exc:
            raise reads.stalled(response) from exc
        except httpx.TransportError as exc:
            raise reads.truncated(f"broke ({exc!r})", response) from exc
        for item in reads.rest():
            if observe is not None:
                observe(item)
            yield item
        reads.end(response)
    finally:
        response.close()


async def _aiter_typed(
    response: httpx.Response,
    reads: _TypedReads[T],
    observe: Callable[[Any], None] | None,
) -> AsyncGenerator[T, None]:
    state = reads.state
    state.started = True
    try:
        if response.is_error:
            raise await APIStatusError.afrom_response(response)
        if _is_json(response, _framing_of(reads.decoder)):
            body = await _aread_capped(response.aiter_bytes())
            raise reads.json_instead(body, response)
        items = reads.items
        try:
            async for chunk in response.aiter_bytes():
                for item in items(chunk):
                    if observe is not None:
                        observe(item)
                    yield item
                if state.finished:
                    break
        except httpx.TimeoutException as exc:
            raise reads.stalled(response) from exc
        except httpx.TransportError as exc:
            raise reads.truncated(f"broke ({exc!r})", response) from exc
        for item in reads.rest():
            if observe is not None:
                observe(item)
            yield item
        reads.end(response)
    finally:
        await response.aclose()


def _read_capped(pieces: Iterable[bytes], limit: int = MAX_ERROR_BODY) -> bytes:
    kept = []
    size = 0
    for piece in pieces:
        kept.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return b"".join(kept)[:limit]


async def _aread_capped(
    pieces: AsyncIterable[bytes], limit: int = MAX_ERROR_BODY
) -> bytes:
    kept = []
    size = 0
    async for piece in pieces:
        kept.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return b"".join(kept)[:limit]


class _StreamBase(Generic[T]):
    """What :class:`Stream` and :class:`AsyncStream` share: state and metadata."""

    __slots__ = ("__weakref__", "_reads", "_state", "decoder", "response")

    def __init__(
        self,
        response: httpx.Response,
        *,
        decode: Callable[[ServerSentEvent], T] | None = None,
        model: type[T] | None = None,
        sentinel: str | None = None,
        max_event_size: int = DEFAULT_MAX_EVENT_SIZE,
        framing: Framing = "sse",
        events: dict[str, Any] | None = None,
    ) -> None:
        self.response = response
        self.decoder: _Decoder = (
            SSEDecoder(max_event_size)
            if framing == "sse"
            else JSONLinesDecoder(max_event_size, framing)
        )
        self._state = _State()
        validate = _validator(decode, model, self._state)
        if events:
            validate = _by_event(events, validate, self._state)
        self._reads: _TypedReads[T] = _TypedReads(
            validate,
            None if sentinel is None else sentinel.encode("utf-8"),
            self.decoder,
            self._state,
            None if model is None else _error_field(model),
        )

    def _observer(self) -> Callable[[Any], None] | None:
        """A callable to see every item before it is handed out (subclasses)."""
        return None

    @property
    def last_event(self) -> ServerSentEvent | None:
        """The most recent event received (including the sentinel event)."""
        return self._state.last_event()

    @property
    def retry(self) -> int | None:
        """The reconnection time (ms) the server last set with ``retry:``."""
        return self.decoder.retry

    @property
    def done(self) -> bool:
        """True once the stream was read to its normal end."""
        return self._state.done


class Stream(_StreamBase[T]):
    """A synchronous stream of typed items read from an SSE response (or, with
    ``framing="jsonl"`` / ``"json-seq"``, a JSON Lines or JSON-seq response:
    each line or record is one item, read like an event's data).

    Each event's data becomes one item: ``model=`` a pydantic model class
    (``model.model_validate_json(data)``, the fast path, which is what
    generated clients use) or ``decode=`` any callable taking the
    :class:`ServerSentEvent` (e.g. ``lambda sse: Chunk.model_validate_json(
    sse.data)``).

    * ``events=`` maps event names to models: an event of a listed name is
      validated into its model (OpenAPI 3.2 item schemas that tie an
      ``event`` name to a payload), any other into ``model``/``decode``.
    * Iteration stops at the event whose data equals ``sentinel`` (e.g.
      ``"[DONE]"``); nothing after it is read.  Events with empty data
      (keep-alives) are skipped.
    * If ``sentinel`` is set and the body ends, or the connection breaks,
      before it: :class:`StreamTruncatedError`.  Without a ``sentinel`` an
      event whose data is exactly ``[DONE]`` ends the stream all the same,
      and so does the end of the body.
    * A chunk with a top-level non-null ``error``, or a choice with
      ``finish_reason: "error"``: :class:`StreamError`, after every item
      before it was yielded.
    * Data that is not JSON or does not fit, or an event longer than
      ``max_event_size`` bytes: :class:`StreamDecodeError`.
    * An HTTP error status, or a JSON error object instead of a stream:
      :class:`APIStatusError` on first iteration.
    * No data for longer than the read timeout: :class:`APITimeoutError`.

    The HTTP response is closed at the end, on :meth:`close`, on leaving a
    ``with`` block, and when the stream is garbage-collected.
    """

    __slots__ = ("_gen", "_next")

    def __init__(
        self,
        response: httpx.Response,
        *,
        decode: Callable[[ServerSentEvent], T] | None = None,
        model: type[T] | None = None,
        sentinel: str | None = None,
        max_event_size: int = DEFAULT_MAX_EVENT_SIZE,
        framing: Framing = "sse",
        events: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            response,
            decode=decode,
            model=model,
            sentinel=sentinel,
            max_event_size=max_event_size,
            framing=framing,
            events=events,
        )
        self._gen = _iter_typed(response, self._reads, self._observer())
        self._next = self._gen.__next__

    def __iter__(self) -> Iterator[T]:
        # The stream itself (not the generator): a loop over a temporary
        # stream must keep it, else its finalizer would close the generator.
        return self

    if TYPE_CHECKING:

        def __next__(self) -> T: ...

    else:
        # ``next(stream)`` finds the generator's own (C) __next__ through this
        # property: no Python frame per item.
        __next__ = property(attrgetter("_next"))

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and give the HTTP connection back.  Idempotent."""
        try:
            self._gen.close()
        except (ValueError, RuntimeError):  # closed from inside decode()
            pass
        finally:
            self.response.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class AsyncStream(_StreamBase[T]):
    """The asynchronous counterpart of :class:`Stream`.

    Use ``async with``, or ``await stream.aclose()``, to give the connection
    back when not reading to the end.  Cancelling the task that iterates also
    closes the response.
    """

    __slots__ = ("_anext", "_gen")

    def __init__(
        self,
        response: httpx.Response,
        *,
        decode: Callable[[ServerSentEvent], T] | None = None,
        model: type[T] | None = None,
        sentinel: str | None = None,
        max_event_size: int = DEFAULT_MAX_EVENT_SIZE,
        framing: Framing = "sse",
        events: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            response,
            decode=decode,
            model=model,
            sentinel=sentinel,
            max_event_size=max_event_size,
            framing=framing,
            events=events,
        )
        self._gen = _aiter_typed(response, self._reads, self._observer())
        self._anext = self._gen.__anext__

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    if TYPE_CHECKING:

        def __anext__(self) -> Awaitable[T]: ...

    else:
        __anext__ = property(attrgetter("_anext"))

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop reading and give the HTTP connection back.  Idempotent."""
        try:
            await self._gen.aclose()
        except RuntimeError:  # the generator is running in another task
            pass
        finally:
            await self.response.aclose()

    close = aclose

    def __del__(self) -> None:
        # A started generator is closed by the event loop's async-generator
        # finalizer (its ``finally`` closes the response).  One never started
        # has no such hook: schedule the close on the running loop.
        try:
            if self._state.started or self.response.is_closed:
                return
            loop = asyncio.get_running_loop()
        except Exception:
            return
        task = loop.create_task(self.response.aclose())
        _closing.add(task)
        task.add_done_callback(_closing.discard)


_closing: set[Any] = set()  # tasks closing abandoned async responses


# --------------------------------------------------------------------------
# Chat-completion accumulation


@dataclass
class ToolCallResult:
    """One tool call, merged from its deltas (same ``index``)."""

    index: int
    id: str | None = None
    type: str | None = None
    name: str | None = None
    arguments: str = ""


@dataclass
class ChoiceResult:
    """One choice, accumulated from its deltas.

    ``content``, ``reasoning`` and ``refusal`` are ``None`` when no delta
    carried them.
    """

    index: int
    role: str | None = None
    content: str | None = None
    reasoning: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCallResult] = field(default_factory=list)
    finish_reason: Any = None


@dataclass
class ChatCompletionResult:
    """A chat completion accumulated from a stream of chunks.

    ``content``, ``reasoning``, ``refusal``, ``tool_calls`` and
    ``finish_reason`` are those of choice 0 (or the first choice).
    """

    id: str | None = None
    model: str | None = None
    created: Any = None
    system_fingerprint: str | None = None
    choices: list[ChoiceResult] = field(default_factory=list)
    usage: Any = None
    chunks: int = 0

    @property
    def choice(self) -> ChoiceResult | None:
        for choice in self.choices:
            if choice.index == 0:
                return choice
        return self.choices[0] if self.choices else None

    @property
    def content(self) -> str | None:
        choice = self.choice
        return choice.content if choice is not None else None

    @property
    def reasoning(self) -> str | None:
        choice = self.choice
        return choice.reasoning if choice is not None else None

    @property
    def refusal(self) -> str | None:
        choice = self.choice
        return choice.refusal if choice is not None else None

    @property
    def tool_calls(self) -> list[ToolCallResult]:
        choice = self.choice
        return choice.tool_calls if choice is not None else []

    @property
    def finish_reason(self) -> Any:
        choice = self.choice
        return choice.finish_reason if choice is not None else None


def _dget(obj: Any, name: str, default: Any = None) -> Any:
    if obj.__class__ is dict:
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_index(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class _ChoiceAcc:
    __slots__ = (
        "content",
        "finish",
        "reasoning",
        "refusal",
        "role",
        "tools",
    )

    def __init__(self) -> None:
        self.role: str | None = None
        self.content: list[str] | None = None
        self.reasoning: list[str] | None = None
        self.refusal: list[str] | None = None
        self.tools: dict[int, list[Any]] = {}
        self.finish: Any = None


def _finished_with_error(chunk: Any) -> StreamError:
    """A chunk whose choice ended with ``finish_reason: "error"`` (no error object)."""
    raw = chunk.model_dump(mode="json") if hasattr(chunk, "model_dump") else chunk
    return StreamError.from_chunk(raw if isinstance(raw, dict) else {})


def _joined(parts: list[str] | None) -> str | None:
    return None if parts is None else "".join(parts)


class _ChatAccumulator:
    """Merges chat-completion chunks (pydantic objects or dicts)."""

    def __init__(self) -> None:
        self.id: str | None = None
        self.model: str | None = None
        self.created: Any = None
        self.system_fingerprint: str | None = None
        self.usage: Any = None
        self.chunks = 0
        self.choices: dict[int, _ChoiceAcc] = {}

    def add(self, chunk: Any) -> None:
        # Attribute access on (pydantic) objects; dicts are read with .get().
        get: Callable[[Any, str, Any], Any] = (
            _dget if chunk.__class__ is dict else getattr
        )
        self.chunks += 1
        if self.id is None:
            self.id = get(chunk, "id", None)
            self.model = get(chunk, "model", None)
            self.created = get(chunk, "created", None)
            self.system_fingerprint = get(chunk, "system_fingerprint", None)
        usage = get(chunk, "usage", None)
        if usage is not None:
            self.usage = usage
        for choice in get(chunk, "choices", None) or ():
            index = get(choice, "index", 0)
            acc = self.choices.get(index)
            if acc is None:
                index = _as_index(index)
                acc = self.choices.get(index)
                if acc is None:
                    acc = self.choices[index] = _ChoiceAcc()
            finish = get(choice, "finish_reason", None)
            if finish is not None:
                acc.finish = finish
                if getattr(finish, "value", finish) == "error":
                    raise _finished_with_error(chunk)
            delta = get(choice, "delta", None)
            if delta is not None:
                self._add_delta(acc, delta, get)

    def _add_delta(self, acc: _ChoiceAcc, delta: Any, get: Callable[..., Any]) -> None:
        role = get(delta, "role", None)
        if role is not None:
            acc.role = role
        text = get(delta, "content", None)
        if text is not None:
            if acc.content is None:
                acc.content = [text]
            else:
                acc.content.append(text)
        text = get(delta, "reasoning", None)
        if text is not None:
            if acc.reasoning is None:
                acc.reasoning = []
            acc.reasoning.append(text)
        text = get(delta, "refusal", None)
        if text is not None:
            if acc.refusal is None:
                acc.refusal = []
            acc.refusal.append(text)
        for call in get(delta, "tool_calls", None) or ():
            self._add_tool_call(acc, call, get)

    @staticmethod
    def _add_tool_call(acc: _ChoiceAcc, call: Any, get: Callable[..., Any]) -> None:
        index = _as_index(get(call, "index", 0))
        # [id, type, name, argument pieces]
        slot = acc.tools.get(index)
        if slot is None:
            slot = acc.tools[index] = [None, None, None, []]
        value = get(call, "id", None)
        if value:
            slot[0] = value
        value = get(call, "type", None)
        if value:
            slot[1] = value
        function = get(call, "function", None)
        if function is not None:
            value = get(function, "name", None)
            if value:
                slot[2] = value
            value = get(function, "arguments", None)
            if value:
                slot[3].append(value)

    def result(self) -> ChatCompletionResult:
        choices = []
        for index in sorted(self.choices):
            acc = self.choices[index]
            calls = [
                ToolCallResult(i, s[0], s[1], s[2], "".join(s[3]))
                for i, s in sorted(acc.tools.items())
            ]
            choices.append(
                ChoiceResult(
                    index=index,
                    role=acc.role,
                    content=_joined(acc.content),
                    reasoning=_joined(acc.reasoning),
                    refusal=_joined(acc.refusal),
                    tool_calls=calls,
                    finish_reason=acc.finish,
                )
            )
        return ChatCompletionResult(
            id=self.id,
            model=self.model,
            created=self.created,
            system_fingerprint=self.system_fingerprint,
            choices=choices,
            usage=self.usage,
            chunks=self.chunks,
        )


class ChatStream(Stream[T]):
    """A :class:`Stream` of chat-completion chunks that also accumulates them.

    Every chunk yielded is merged as it goes by, so :meth:`final` after a
    partial iteration still includes what was already yielded.
    """

    __slots__ = ("_acc",)

    def _observer(self) -> Callable[[Any], None] | None:
        self._acc = _ChatAccumulator()
        return self._acc.add

    def final(self) -> ChatCompletionResult:
        """Read the rest of the stream and return the accumulated completion."""
        for _ in self:
            pass
        return self._acc.result()

    def snapshot(self) -> ChatCompletionResult:
        """The completion accumulated so far, without reading further."""
        return self._acc.result()


class AsyncChatStream(AsyncStream[T]):
    """The asynchronous counterpart of :class:`ChatStream`."""

    __slots__ = ("_acc",)

    def _observer(self) -> Callable[[Any], None] | None:
        self._acc = _ChatAccumulator()
        return self._acc.add

    async def final(self) -> ChatCompletionResult:
        """Read the rest of the stream and return the accumulated completion."""
        async for _ in self:
            pass
        return self._acc.result()

    def snapshot(self) -> ChatCompletionResult:
        """The completion accumulated so far, without reading further."""
        return self._acc.result()

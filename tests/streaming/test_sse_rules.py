"""The SSE framing rules of docs/design/sse.md, one test per rule.

Every case is decoded whole, one byte per read, and at every two-way split;
a hypothesis property checks random splits against a plain reference
implementation written straight from the WHATWG algorithm.
"""

from __future__ import annotations

import itertools
import os
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Event = tuple  # (event, data, id, retry)


def decode_reads(streaming, reads) -> list[Event]:
    """Events from the decoder fed ``reads``, as tuples."""
    return [(e.event, e.data, e.id, e.retry) for e in streaming.iter_events(reads)]


def splittings(raw: bytes):
    """Whole, one byte at a time, and every two-way split."""
    yield "whole", [raw]
    yield "bytewise", [raw[i : i + 1] for i in range(len(raw))]
    for cut in range(1, len(raw)):
        yield f"split@{cut}", [raw[:cut], raw[cut:]]


def check(streaming, raw: bytes, expected: list[Event]) -> None:
    for name, reads in splittings(raw):
        got = decode_reads(streaming, reads)
        assert got == expected, f"{name}: {got!r} != {expected!r}"


def msg(data: str, id: str | None = None, retry: int | None = None, event="message"):
    return (event, data, id, retry)


# --------------------------------------------------------------------------
# Bytes are UTF-8, decoded incrementally


def test_multibyte_characters_split_across_reads(streaming):
    text = "héllo € 𝄞 日本語 🚀"
    raw = f"data: {text}\n\ndata: {text}{text}\n\n".encode()
    check(streaming, raw, [msg(text), msg(text + text)])


def test_invalid_utf8_becomes_replacement_character(streaming):
    raw = b"data: a\xffb\xe2\x82c\n\ndata: \xf0\x9f\x9a\n\nevent: \xc3\ndata: x\n\n"
    check(
        streaming,
        raw,
        [msg("a\ufffdb\ufffdc"), msg("\ufffd"), msg("x", event="\ufffd")],
    )


def test_leading_bom_dropped_once(streaming):
    check(streaming, b"\xef\xbb\xbfdata: first\n\n", [msg("first")])
    # A second BOM is part of the first line's field name: that field is ignored.
    check(streaming, b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\ndata: b\n\n", [msg("b")])


def test_bom_only_at_the_very_start(streaming):
    raw = b"data: a\n\n\xef\xbb\xbfdata: b\n\ndata: \xef\xbb\xbfc\n\n"
    check(streaming, raw, [msg("a"), msg("\ufeffc")])


def test_partial_bom_is_not_a_bom(streaming):
    check(streaming, b"\xef\xbbdata: a\n\ndata: b\n\n", [msg("b")])


# --------------------------------------------------------------------------
# Line endings


def test_crlf_lf_and_cr_line_endings_mixed(streaming):
    raw = (
        b"data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\ndata: e\n\r\ndata: f\r\n\r"
    )
    check(streaming, raw, [msg(x) for x in "abcdef"])


def test_cr_then_lf_in_next_read_is_one_line_ending(streaming):
    # Where peers went wrong: a CRLF split across reads producing two events.
    assert decode_reads(streaming, [b"data: a\r", b"\n", b"\r", b"\n"]) == [msg("a")]
    assert decode_reads(streaming, [b"data: a\r", b"\ndata: b\r", b"\n\r\n"]) == [
        msg("a\nb")
    ]
    check(streaming, b"data: a\r\n\r\ndata: b\r\n\r\n", [msg("a"), msg("b")])


def test_lone_cr_at_end_of_stream_ends_the_line(streaming):
    check(streaming, b"data: a\r\r", [msg("a")])


@pytest.mark.parametrize(
    "char", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
)
def test_nothing_else_ends_a_line(streaming, char):
    # Where peers went wrong: str.splitlines() on U+2028 inside JSON.
    data = '{"text":"a' + char + 'b"}'
    check(streaming, f"data: {data}\n\n".encode(), [msg(data)])


# --------------------------------------------------------------------------
# Blank lines, comments


def test_blank_line_dispatches(streaming):
    check(
        streaming, b"data: a\n\ndata: b\n\n\n\n\ndata: c\n\n", [msg(x) for x in "abc"]
    )


def test_line_of_spaces_is_not_blank(streaming):
    check(streaming, b"data: a\n \n  \ndata: b\n\n", [msg("a\nb")])


def test_comments_are_ignored(streaming):
    raw = (
        b": OPENROUTER PROCESSING\n\n"
        b"data: a\n: in the middle\ndata: b\n\n"
        b":no space\n\n"
        b":\n\n"
        b"data: c\n\n"
    )
    check(streaming, raw, [msg("a\nb"), msg("c")])


# --------------------------------------------------------------------------
# Fields


def test_one_leading_space_stripped(streaming):
    # Where peers went wrong: `data:` without a space rejected.
    raw = b"data:x\n\ndata: x\n\ndata:  x\n\ndata:\tx\n\ndata: \n\n"
    check(streaming, raw, [msg("x"), msg("x"), msg(" x"), msg("\tx"), msg("")])


def test_line_without_colon_is_field_with_empty_value(streaming):
    raw = b"data\n\ndata\ndata\n\nevent\ndata: x\n\nid\ndata: y\n\n"
    check(streaming, raw, [msg(""), msg("\n"), msg("x"), msg("y", id="")])


def test_field_names_are_case_sensitive(streaming):
    raw = b"Data: x\n\nDATA: y\nEVENT: e\nID: 7\ndata: z\n\n"
    check(streaming, raw, [msg("z")])


def test_unknown_fields_are_ignored(streaming):
    raw = b"foo: bar\ndata: a\nevent2: x\nretry2: 5\n\n"
    check(streaming, raw, [msg("a")])


def test_colon_in_value_is_kept(streaming):
    check(streaming, b'data: {"a": "b:c"}\n\n', [msg('{"a": "b:c"}')])


def test_data_lines_joined_with_lf(streaming):
    raw = b'data: {"a":\ndata: 1,\ndata:\ndata: "b": 2}\n\n'
    check(streaming, raw, [msg('{"a":\n1,\n\n"b": 2}')])


def test_event_without_data_not_dispatched_but_type_reset(streaming):
    raw = b"event: ping\n\ndata: a\n\nevent: e\ndata: b\n\ndata: c\n\n"
    check(streaming, raw, [msg("a"), msg("b", event="e"), msg("c")])


def test_id_or_retry_only_events_are_not_dispatched(streaming):
    # Where peers went wrong: these dispatched as empty events and crashed the
    # JSON decoder.
    # The id persists; a retry belongs to its own (data-less) block only.
    raw = b"id: 1\n\nretry: 50\n\n: c\n\ndata: a\n\n"
    check(streaming, raw, [msg("a", id="1", retry=None)])


def test_empty_event_type_means_message(streaming):
    check(streaming, b"event:\ndata: a\n\nevent: \ndata: b\n\n", [msg("a"), msg("b")])


def test_event_type_resets_after_dispatch(streaming):
    raw = b"event: delta\ndata: a\n\ndata: b\n\n"
    check(streaming, raw, [msg("a", event="delta"), msg("b")])


def test_id_persists_across_events(streaming):
    raw = b"id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid:\ndata: d\n\n"
    check(streaming, raw, [msg("a", "1"), msg("b", "1"), msg("c", "2"), msg("d", "")])


def test_id_with_nul_is_ignored(streaming):
    raw = b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n"
    check(streaming, raw, [msg("a", "1"), msg("b", "1")])


@pytest.mark.parametrize(
    "value, expected",
    [
        (b"100", 100),
        (b"0", 0),
        (b"007", 7),
        (b"-1", None),
        (b"+5", None),
        (b"1.5", None),
        (b"1_000", None),
        (b" 5", None),  # "retry:  5": the value keeps one space
        (b"5 ", None),
        (b"", None),
        ("\uff15".encode(), None),  # a non-ASCII digit
        (b"\xd9\xa5", None),  # ARABIC-INDIC DIGIT FIVE
    ],
)
def test_retry_only_if_all_ascii_digits(streaming, value, expected):
    # Where peers went wrong: int() accepting "-1" or "+5".
    raw = b"retry: " + value + b"\ndata: a\n\n"
    check(streaming, raw, [msg("a", retry=expected)])


def test_retry_is_on_the_event_of_its_block_and_on_the_decoder(streaming):
    # Issue 12 item 9: an event carries a retry only when its own block set a valid
    # one; the reconnection time itself persists on the decoder (stream.retry).
    raw = (
        b"retry: 10\ndata: a\n\ndata: b\n\nretry: x\ndata: c\n\nretry: 20\ndata: d\n\n"
    )
    check(
        streaming,
        raw,
        [
            msg("a", retry=10),
            msg("b", retry=None),
            msg("c", retry=None),
            msg("d", retry=20),
        ],
    )
    for cut in range(1, len(raw)):
        decoder = streaming.SSEDecoder()
        decoder.feed(raw[:cut])
        decoder.feed(raw[cut:])
        assert decoder.retry == 20


@pytest.mark.parametrize("digits", [10, 11, 5000])
def test_retry_longer_than_ten_digits_is_ignored(streaming, digits):
    raw = b"retry: 7\n\nretry: " + b"9" * digits + b"\ndata: a\n\n"
    expected = int("9" * digits) if digits <= 10 else None
    check(streaming, raw, [msg("a", retry=expected)])
    decoder = streaming.SSEDecoder()
    decoder.feed(raw)
    assert decoder.retry == (expected if expected is not None else 7)


def test_unterminated_event_at_end_is_discarded(streaming):
    check(streaming, b"data: a\n\ndata: b\n", [msg("a")])
    check(streaming, b"data: a\n\ndata: b", [msg("a")])
    check(streaming, b"data: a\n\ndata: [DONE]", [msg("a")])


# --------------------------------------------------------------------------
# Any split, linear cost


def test_many_events_in_one_read_and_across_reads(streaming):
    events = [f'{{"i":{i},"t":"é{i}"}}' for i in range(50)]
    raw = "".join(f"data: {e}\n\n" for e in events).encode()
    check(streaming, raw, [msg(e) for e in events])


def test_fast_runs_mixed_with_fields(streaming):
    raw = (
        b"data: a\n\ndata: b\n\nid: 9\ndata: c\n\ndata: d\n\n"
        b": ping\n\ndata: e\n\nevent: x\ndata: f\n\ndata: g\n\n"
    )
    check(
        streaming,
        raw,
        [
            msg("a"),
            msg("b"),
            msg("c", "9"),
            msg("d", "9"),
            msg("e", "9"),
            msg("f", "9", event="x"),
            msg("g", "9"),
        ],
    )


def test_decoder_feed_api(streaming):
    decoder = streaming.SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.feed(b"\ndata: b") == [streaming.ServerSentEvent("message", "a")]
    assert decoder.feed(b"\n\n") == [streaming.ServerSentEvent(data="b")]
    assert decoder.count == 2
    assert decoder.feed(b"data: c\n") == []
    assert decoder.finish() == []  # the unterminated event is discarded
    assert decoder.feed(b"\ndata: d\n\n") == [streaming.ServerSentEvent(data="d")]


def test_server_sent_event_json(streaming):
    event = streaming.ServerSentEvent(data='{"a": [1, 2]}')
    assert event.json() == {"a": [1, 2]}
    assert event.event == "message" and event.id is None and event.retry is None
    assert "ServerSentEvent(" in repr(event)
    with pytest.raises(AttributeError):
        event.other = 1  # slots


def test_huge_line_is_linear(streaming):
    # Where peers went wrong: quadratic buffers that hang on a 30 MB line.
    value = b"x" * (30 * 1024 * 1024)
    raw = b"data: " + value + b"\n\n"
    reads = [raw[i : i + 4096] for i in range(0, len(raw), 4096)]
    start = time.perf_counter()
    events = list(streaming.iter_events(reads, max_size=64 * 1024 * 1024))
    elapsed = time.perf_counter() - start
    assert len(events) == 1 and len(events[0].data) == len(value)
    # Not a timing assertion on speed: a quadratic buffer takes minutes here.
    assert elapsed < 60


def test_many_tiny_lines(streaming):
    raw = b"data: x\n" * 200_000 + b"\n"
    reads = [raw[i : i + 1000] for i in range(0, len(raw), 1000)]
    (event,) = streaming.iter_events(reads)
    assert event.data == "\n".join(["x"] * 200_000)


async def _agen(reads):
    for read in reads:
        yield read


def test_aiter_events(streaming):
    import asyncio

    raw = b"data: a\r\n\r\nid: 3\ndata: b\n\n"

    async def collect():
        return [
            e
            async for e in streaming.aiter_events(
                _agen(raw[i : i + 1] for i in range(len(raw)))
            )
        ]

    events = asyncio.run(collect())
    assert [(e.data, e.id) for e in events] == [("a", None), ("b", "3")]


# --------------------------------------------------------------------------
# Property: random splits never change the events (and match the reference)


def reference(raw: bytes) -> list[Event]:
    """The WHATWG event stream interpretation, written plainly."""
    text = raw.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split("\r\n|\r|\n", text)
    lines.pop()  # not terminated: discarded at end of stream
    events: list[Event] = []
    data = ""
    etype = ""
    last_id: str | None = None
    retry: int | None = None  # set by this block only
    for line in lines:
        if line == "":
            if data == "":
                etype = ""
                retry = None
                continue
            if data.endswith("\n"):
                data = data[:-1]
            events.append((etype or "message", data, last_id, retry))
            data = ""
            etype = ""
            retry = None
            continue
        if line.startswith(":"):
            continue
        name, value = _reference_field(line)
        if name == "data":
            data += value + "\n"
        elif name == "event":
            etype = value
        elif name == "id" and "\0" not in value:
            last_id = value
        elif (
            name == "retry"
            and 0 < len(value) <= 10
            and value.isascii()
            and value.isdigit()
        ):
            retry = int(value)
    return events


def _reference_field(line: str) -> tuple[str, str]:
    if ":" not in line:
        return line, ""
    name, value = line.split(":", 1)
    return name, value[1:] if value.startswith(" ") else value


TOKENS = [
    b"data",
    b"data:",
    b"data: ",
    b'data: {"a": 1}',
    b"data: [DONE]",
    b"event:",
    b"event: e",
    b"id:",
    b"id: 7",
    b"\x00",
    b"retry:",
    b"retry: 15",
    b"-",
    b"+",
    b"5",
    b":",
    b": ping",
    b" ",
    b"\r",
    b"\n",
    b"\r\n",
    b"\n\n",
    b"\n\ndata: ",
    b"\xef\xbb\xbf",
    b"\xe2\x82\xac",
    b"\xe2\x82",
    b"\xff",
    b"\xf0\x9f\x9a\x80",
    "\u2028".encode(),
    b"x",
    b'"error"',
]


@st.composite
def streams_and_splits(draw):
    parts = draw(st.lists(st.sampled_from(TOKENS), max_size=40))
    if draw(st.booleans()):
        plain = draw(
            st.lists(st.sampled_from([b"x", b"\xc3\xa9", b"{}", b" "]), max_size=5)
        )
        parts += [b"data: " + b"".join(plain) + b"\n\n"] * draw(st.integers(0, 5))
        parts += draw(st.lists(st.sampled_from(TOKENS), max_size=10))
    raw = b"".join(parts)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(raw)), max_size=12))))
    bounds = [0, *cuts, len(raw)]
    reads = [raw[a:b] for a, b in itertools.pairwise(bounds)]
    return raw, reads


@settings(
    max_examples=int(os.environ.get("SSE_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(streams_and_splits())
def test_random_splits_never_change_the_events(streaming, case):
    raw, reads = case
    whole = decode_reads(streaming, [raw])
    assert decode_reads(streaming, reads) == whole
    assert whole == reference(raw)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(0, 300), max_size=8))
def test_random_bytes_match_reference(streaming, raw, cuts):
    bounds = [0, *sorted(c for c in set(cuts) if c <= len(raw)), len(raw)]
    reads = [raw[a:b] for a, b in itertools.pairwise(bounds)]
    assert decode_reads(streaming, reads) == reference(raw)

"""The JSON Lines / NDJSON and JSON-seq (RFC 7464) decoder of the runtime, beside the SSE one:
items come out whole whatever way the body is split into reads, with the same size limit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

JSONL = b'\xef\xbb\xbf{"a": 1}\r\n\n  {"b": "\xc3\xa9"}\n[1, 2]'
SEQ = b'\x1e{"a": 1}\n\x1e{"b":\n "\xc3\xa9"}\n\x1e[1, 2]\n'
EXPECTED = [{"a": 1}, {"b": "é"}, [1, 2]]


def decode_in_reads(streaming: Any, body: bytes, framing: str, cut: int) -> list[Any]:
    decoder = streaming.JSONLinesDecoder(framing=framing)
    texts = [*decoder.feed(body[:cut]), *decoder.feed(body[cut:]), *decoder.finish()]
    return [json.loads(text) for text in texts]


@pytest.mark.parametrize(("framing", "body"), [("jsonl", JSONL), ("json-seq", SEQ)])
def test_every_split_of_the_body_gives_the_same_items(
    streaming: Any, framing: str, body: bytes
) -> None:
    for cut in range(len(body) + 1):
        assert decode_in_reads(streaming, body, framing, cut) == EXPECTED, cut


def test_byte_by_byte(streaming: Any) -> None:
    decoder = streaming.JSONLinesDecoder(framing="json-seq")
    texts = [t for i in range(len(SEQ)) for t in decoder.feed(SEQ[i : i + 1])]
    assert [json.loads(t) for t in texts] == EXPECTED
    assert decoder.finish() == [] and decoder.count == 3


def test_a_json_seq_record_is_handed_out_at_its_lf_not_at_the_next_rs(
    streaming: Any,
) -> None:
    """A live stream must not hold an item back until the next one starts."""
    decoder = streaming.JSONLinesDecoder(framing="json-seq")
    assert decoder.feed(b'\x1e{"a":\n') == []  # an LF inside the record
    assert decoder.feed(b" 1}\n") == ['{"a":\n 1}']


def test_a_line_longer_than_the_limit_raises(streaming: Any, errors: Any) -> None:
    decoder = streaming.JSONLinesDecoder(max_size=10)
    assert decoder.feed(b'{"a": 1}\n') == ['{"a": 1}']
    with pytest.raises(errors.StreamDecodeError) as caught:
        decoder.feed(b'{"a": "0123')
        decoder.feed(b'456789"}')
    assert "longer than 10 bytes (after 1 items)" in str(caught.value)
    with pytest.raises(errors.StreamDecodeError):
        streaming.JSONLinesDecoder(max_size=10).feed(b'{"a": "0123456789"}\n')


def test_only_the_line_framings(streaming: Any) -> None:
    with pytest.raises(ValueError, match="framing"):
        streaming.JSONLinesDecoder(framing="sse")

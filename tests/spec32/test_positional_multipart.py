"""OpenAPI 3.2 positional multipart (Media Type Object, "Encoding By Position"): a
`multipart/mixed` (or other unnamed-part multipart) body described by an array schema or an
`itemSchema` is sent as one part per item, in order; `prefixEncoding` gives the leading parts'
Encoding objects and `itemEncoding` every later one's (`contentType`, `headers`).

The generated client runs against a loopback server that records the raw bytes, sync and async;
each body is checked against the RFC 2046 bytes written out here and parsed back by the standard
library's MIME parser.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.build import build_api
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec.validate import validate_document

from tests.client.wire import BOTH, Recorder, call, generate_sdk

SPEC = Path(__file__).parent / "multipart.yaml"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"  # a CRLF inside a part's bytes must survive as it is


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("parts") / "out"
    return generate_sdk(SPEC, out, "parts_demo", docs_package="parts_demo")


@pytest.fixture(scope="module")
def recorder() -> Any:
    recorder = Recorder()
    with recorder.server() as server:
        recorder.url = server.url  # type: ignore[attr-defined]
        yield recorder


def boundary_of(content_type: str | None, media_type: str) -> str:
    assert content_type is not None
    head, _, boundary = content_type.partition("; boundary=")
    assert head == media_type and boundary
    return boundary


def mime_parts(content_type: str, body: bytes) -> list[Any]:
    """The parts as the standard library's MIME parser reads them."""
    message = email.message_from_bytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body,
        policy=email.policy.HTTP,
    )
    assert message.is_multipart()
    return list(message.iter_parts())


@BOTH
def test_prefix_and_item_encodings_by_position(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    parts = [{"name": "a", "count": 2}, "héllo", PNG, ("b.png", b"second")]
    call(sdk, recorder, asynchronous, "parts", "send_batch", body=parts)
    sent = recorder.last
    content_type = sent.header("content-type")
    b = boundary_of(content_type, "multipart/mixed")
    assert sent.body == (
        f"--{b}\r\nContent-Type: application/json\r\nX-Part: manifest\r\n\r\n".encode()
        + b'{"name":"a","count":2}\r\n'
        + f"--{b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n".encode()
        + "héllo".encode()
        + b"\r\n"
        + f"--{b}\r\nContent-Type: image/png\r\n\r\n".encode()
        + PNG
        + b"\r\n"
        + f"--{b}\r\nContent-Type: image/png\r\n\r\n".encode()
        + b"second\r\n"
        + f"--{b}--\r\n".encode()
    )
    parsed = mime_parts(content_type or "", sent.body)
    assert [p.get_content_type() for p in parsed] == [
        "application/json",
        "text/plain",
        "image/png",
        "image/png",
    ]
    assert parsed[0]["X-Part"] == "manifest"
    assert parsed[2].get_payload(decode=True) == PNG


@BOTH
def test_an_item_schema_of_files(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool, tmp_path: Path
) -> None:
    path = tmp_path / "notes.bin"
    path.write_bytes(b"from a path")
    files = [b"one", path, ("x.txt", b"typed", "text/csv")]
    call(sdk, recorder, asynchronous, "parts", "send_files", body=files)
    sent = recorder.last
    content_type = sent.header("content-type") or ""
    parsed = mime_parts(content_type, sent.body)
    # No Encoding object: a binary part's default is application/octet-stream; a tuple's
    # own Content-Type wins.
    assert [(p.get_content_type(), p.get_payload(decode=True)) for p in parsed] == [
        ("application/octet-stream", b"one"),
        ("application/octet-stream", b"from a path"),
        ("text/csv", b"typed"),
    ]
    call(sdk, recorder, asynchronous, "parts", "send_files")
    assert recorder.last.body == b"" and recorder.last.header("content-type") is None


def test_default_content_types_and_a_fixed_number_of_parts(
    sdk: ModuleType, recorder: Recorder
) -> None:
    from parts_demo.models import Manifest

    call(sdk, recorder, False, "parts", "send_pair", body=[Manifest(name="m"), 7])
    sent = recorder.last
    content_type = sent.header("content-type") or ""
    boundary_of(content_type, "multipart/related")
    parsed = mime_parts(content_type, sent.body)
    # Defaults of the Encoding object: an object is application/json, an integer text/plain.
    assert [(p.get_content_type(), p.get_payload(decode=True)) for p in parsed] == [
        ("application/json", b'{"name":"m"}'),
        ("text/plain", b"7"),
    ]
    sent_before = len(recorder.requests)
    with pytest.raises(sdk.errors.RequestValidationError) as caught:
        call(sdk, recorder, False, "parts", "send_pair", body=[{"name": "m"}, 7, 8])
    assert "at most 2 parts" in str(caught.value)
    assert len(recorder.requests) == sent_before


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ([{"count": 1}], "body.0"),  # Manifest needs `name`
        ([{"name": "a"}, 5], "body.1"),  # text part: a string
        ([{"name": "a"}, "t", "not bytes"], "body.2: expected a file"),
        ([], "non-empty list"),
    ],
    ids=["model", "text", "file", "empty"],
)
def test_each_part_is_validated_before_sending(
    sdk: ModuleType, recorder: Recorder, body: list[Any], problem: str
) -> None:
    sent_before = len(recorder.requests)
    with pytest.raises(sdk.errors.RequestValidationError) as caught:
        call(sdk, recorder, False, "parts", "send_batch", body=body)
    assert problem in str(caught.value)
    assert len(recorder.requests) == sent_before


def test_the_api_model_of_a_positional_body(tmp_path: Path) -> None:
    doc = load_spec(SPEC)
    validate_document(doc)
    operations = {op.operation_id: op for op in build_api(doc).operations}
    parts = operations["sendBatch"].request_parts
    assert parts is not None
    assert [(p.content_type, p.is_file, p.headers) for p in parts.prefix] == [
        ("application/json", False, (("X-Part", "manifest"),)),
        ("text/plain; charset=utf-8", False, ()),
    ]
    assert parts.items is not None and parts.items.is_file
    assert operations["sendPair"].request_parts.items is None  # `items: false`


MEDIA = "/paths/~1a/post/requestBody/content/"


def _build(tmp_path: Path, media: str) -> Any:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.2.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      responses: {'204': {description: x}}\n      requestBody:\n"
        "        content:\n" + media
    )
    doc = load_spec(spec)
    validate_document(doc)
    return build_api(doc)


@pytest.mark.parametrize(
    ("media", "pointer", "message"),
    [
        (
            "          multipart/form-data:\n            schema: {type: array}\n"
            "            itemEncoding: {contentType: text/plain}\n",
            MEDIA + "multipart~1form-data",
            "multipart/form-data parts are named",
        ),
        (
            "          multipart/mixed:\n            schema: {type: object}\n"
            "            prefixEncoding: [{contentType: text/plain}]\n",
            MEDIA + "multipart~1mixed",
            "need an array `schema` or an `itemSchema`",
        ),
        (
            "          multipart/mixed:\n            schema: {type: array}\n"
            "            encoding: {a: {contentType: text/plain}}\n",
            MEDIA + "multipart~1mixed/encoding",
            "`encoding` cannot be used with positional parts",
        ),
        (
            "          multipart/mixed:\n            itemSchema: {type: object}\n"
            "            itemEncoding: {contentType: application/xml}\n",
            MEDIA + "multipart~1mixed/itemEncoding/contentType",
            "sends an object or array part as JSON, not application/xml",
        ),
        (
            "          multipart/mixed:\n            itemSchema: {}\n"
            "            itemEncoding: {contentType: multipart/mixed, itemEncoding: {}}\n",
            MEDIA + "multipart~1mixed/itemEncoding/itemEncoding",
            "a part that is itself multipart",
        ),
    ],
    ids=["form-data", "not-an-array", "with-encoding", "object-not-json", "nested"],
)
def test_unsupported_positional_bodies_are_exit_2(
    tmp_path: Path, media: str, pointer: str, message: str
) -> None:
    with pytest.raises(SpecError) as caught:
        _build(tmp_path, media)
    assert caught.value.pointer == pointer
    assert message in caught.value.message
    assert caught.value.hint


def test_3_1_multipart_mixed_is_read_as_before(tmp_path: Path) -> None:
    """prefixEncoding is a 3.2 field: a 3.1 document's array body is not positional."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n"
        "      responses: {'204': {description: x}}\n      requestBody:\n"
        "        content:\n          multipart/mixed:\n            schema: {type: array}\n"
        "            prefixEncoding: [{contentType: text/plain}]\n"
    )
    doc = load_spec(spec)
    validate_document(doc)
    (operation,) = build_api(doc).operations
    assert operation.request_parts is None


def test_a_dict_part_has_its_typed_dict_twin(sdk: ModuleType) -> None:
    """The method's `list[Manifest | ManifestParam | ...]` names a twin that exists."""
    from parts_demo.types import ManifestParam

    assert set(ManifestParam.__annotations__) == {"name", "count"}
    source = Path(sdk.__file__).parent / "resources" / "parts.py"
    assert (
        "body: list[Manifest | ManifestParam | str | FileInput]," in source.read_text()
    )


def test_the_docs_snippet_runs(sdk: ModuleType, recorder: Recorder) -> None:
    """The snippet shows each position its own example (a Manifest, then an integer), so
    running it against the loopback server sends a valid body."""
    page = Path(sdk.__file__).parent.parent / "docs" / "sdks" / "parts" / "README.md"
    text = page.read_text()
    section = text[text.index("## send_pair") :]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "Manifest(" in snippet
    client = 'Client(api_key="<YOUR_API_KEY>")'
    assert client in snippet
    local = f'Client(api_key="k", base_url={recorder.url + "/v1"!r})'
    exec(snippet.replace(client, local), {})  # the generated snippet, on loopback
    sent = recorder.last
    parsed = mime_parts(sent.header("content-type") or "", sent.body)
    assert [p.get_content_type() for p in parsed] == ["application/json", "text/plain"]

"""Request content types on the wire: multipart with files, form-urlencoded, binary and text, sync and async.

Generated from tests/client/features/spec.yaml; the loopback server records the exact bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import ModuleType
from typing import Any

from .wire import BOTH, call, feature_recorder, feature_sdk  # noqa: F401 (fixtures)


def multipart(
    boundary: str, *parts: tuple[str, str | None, str | None, bytes]
) -> bytes:
    """The multipart/form-data body httpx writes: (name, filename, content type, content) per part."""
    out = b""
    for name, filename, content_type, content in parts:
        disposition = f'Content-Disposition: form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = disposition + (
            f"\r\nContent-Type: {content_type}" if content_type else ""
        )
        out += f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


@BOTH
def test_multipart_sends_files_text_and_json_parts_in_spec_order(
    sdk: ModuleType, recorder: Any, asynchronous: bool, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"from disk")
    call(
        sdk,
        recorder,
        asynchronous,
        "content",
        "upload_file",
        count=2,
        purpose="assistants",
        file=b"\x00\xff",
        attributes={"name": "Ann"},
        extra_files=[("a.txt", b"hello", "text/plain"), path, io.BytesIO(b"raw")],
    )
    content_type = recorder.last.header("content-type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1]
    assert recorder.last.body == multipart(
        boundary,
        ("attributes", None, "application/json", b'{"name":"Ann"}'),
        ("file", "upload", "application/octet-stream", b"\x00\xff"),
        ("extra_files", "a.txt", "text/plain", b"hello"),
        ("extra_files", "notes.txt", "text/plain", b"from disk"),
        ("extra_files", "upload", "application/octet-stream", b"raw"),
        ("purpose", None, None, b"assistants"),
        ("count", None, None, b"2"),
    )


def test_a_missing_file_is_a_validation_error_before_any_request(
    sdk: ModuleType, recorder: Any
) -> None:
    from features_sdk.errors import RequestValidationError

    sent = len(recorder.requests)
    with sdk.Client(base_url=recorder.url + "/v1") as client:
        try:
            client.content.upload_file(purpose="x")  # type: ignore[call-overload]
        except (
            RequestValidationError
        ) as error:  # required in the signature, checked at run time
            assert error.field == "file"
            assert str(error) == "file: Field required"
        else:
            raise AssertionError("a required file was not required")
        try:
            client.content.upload_file(file=b"x", count="two")  # type: ignore[arg-type]
        except RequestValidationError as error:
            assert error.field == "count"
        else:
            raise AssertionError("count='two' was accepted")
    assert len(recorder.requests) == sent


@BOTH
def test_form_bodies_nest_objects_and_arrays_the_way_stripe_reads_them(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(
        sdk,
        recorder,
        asynchronous,
        "content",
        "submit_form",
        email="a@b.c",
        metadata={"team": "core", "tier": "1"},
        address={"line1": "1 Main", "city": "Paris"},
        expand=["customer", "invoice.lines"],
        active=True,
    )
    assert recorder.last.header("content-type") == "application/x-www-form-urlencoded"
    assert recorder.last.body == (
        b"email=a%40b.c&metadata%5Bteam%5D=core&metadata%5Btier%5D=1"
        b"&address%5Bline1%5D=1%20Main&address%5Bcity%5D=Paris"
        b"&expand%5B%5D=customer&expand%5B%5D=invoice.lines&active=true"
    )


@BOTH
def test_binary_bodies_are_sent_as_given(
    sdk: ModuleType, recorder: Any, asynchronous: bool, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x01\x02")
    for body, expected in (
        (b"\x00\xff\x00", b"\x00\xff\x00"),
        (io.BytesIO(b"file"), b"file"),
        (path, b"\x01\x02"),
    ):
        call(sdk, recorder, asynchronous, "content", "put_blob", body=body)
        assert recorder.last.method == "PUT"
        assert recorder.last.header("content-type") == "application/octet-stream"
        assert recorder.last.body == expected


@BOTH
def test_text_bodies_are_utf8(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    call(sdk, recorder, asynchronous, "content", "post_note", body="héllo\n")
    assert recorder.last.header("content-type") == "text/plain"
    assert recorder.last.body == "héllo\n".encode()


@BOTH
def test_each_kind_of_body_an_operation_takes_has_its_method(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    """`transcribe` takes JSON, multipart and WAV bodies: JSON is its own; the multipart and the
    binary ones are `transcribe_multipart` and `transcribe_raw` (only JSON read the spec before:
    no file could be uploaded). A second JSON media type adds no method."""
    call(sdk, recorder, asynchronous, "content", "transcribe", audio="UklG", model="m")
    assert recorder.last.header("content-type") == "application/json"
    assert recorder.last.body == b'{"audio":"UklG","model":"m"}'

    call(
        sdk,
        recorder,
        asynchronous,
        "content",
        "transcribe_multipart",
        file=("a.wav", b"RIFF", "audio/wav"),
        model="m",
    )
    content_type = recorder.last.header("content-type") or ""
    boundary = content_type.split("boundary=", 1)[1]
    assert content_type.startswith("multipart/form-data")
    assert recorder.last.body == multipart(
        boundary, ("file", "a.wav", "audio/wav", b"RIFF"), ("model", None, None, b"m")
    )

    call(sdk, recorder, asynchronous, "content", "transcribe_raw", body=b"RIFF")
    assert recorder.last.header("content-type") == "audio/wav"
    assert recorder.last.body == b"RIFF"
    methods = [name for name in dir(sdk.Client(base_url="http://x").content)]
    assert [m for m in methods if m.startswith("transcribe")] == [
        "transcribe",
        "transcribe_multipart",
        "transcribe_raw",
    ]


VARIANT_SPEC = """
openapi: 3.1.0
info: {title: Variants, version: "1"}
paths:
  /a:
    post:
      operationId: upload
      x-speakeasy-name-override: send
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {x: {type: string}}}
          multipart/form-data:
            schema: {type: object, properties: {f: {type: string, format: binary}}}
          text/plain:
            schema: {type: string}
      responses: {"204": {description: ok}}
  /b:
    post:
      operationId: uploadMultipart
      responses: {"204": {description: ok}}
"""


def test_other_media_types_method_names(tmp_path: Path) -> None:
    """Without JSON the first media type is the operation's own; a name override takes the
    suffix too; a variant the spec already names (`uploadMultipart`) is not made."""
    from sdkforge.build import build_api
    from sdkforge.spec.load import load_spec

    spec = tmp_path / "spec.yaml"
    spec.write_text(VARIANT_SPEC)
    operations = build_api(load_spec(spec)).operations
    assert [
        (o.operation_id, o.method_name, o.request_content_type) for o in operations
    ] == [
        ("upload", "send", "application/x-www-form-urlencoded"),
        ("uploadText", "send_text", "text/plain"),
        ("uploadMultipart", "upload_multipart", None),
    ]

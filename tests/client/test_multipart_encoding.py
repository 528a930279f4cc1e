"""Multipart bodies per the spec's `encoding` object, `contentMediaType` files, arrays of files, sync and
async, byte for byte on a loopback server (tests/client/more_features/spec.yaml, operation `upload`).

The spec: `image` is a 3.1 file (`contentMediaType: image/png`) whose encoding sets `image/png` and a
header with a fixed default (`X-Part-Kind: picture`; `X-Free-Text` has no value the SDK could send);
`scans` is an array of `format: binary` files; `meta` is an object sent as JSON by default; `config` an
object whose encoding names `application/vnd.config+json`; `label` a string sent as `text/markdown`;
`caption` a string with a text `contentMediaType`, which stays a text field.
"""

from __future__ import annotations

import inspect
import io
from types import ModuleType

import pytest

from .more import more_recorder, more_sdk, run  # noqa: F401 (fixtures)
from .wire import BOTH, Recorder


def boundary_of(recorder: Recorder) -> str:
    content_type = recorder.last.header("content-type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    return content_type.split("boundary=", 1)[1]


def part(
    name: str,
    filename: str | None,
    headers: list[tuple[str, str]],
    content: bytes,
) -> bytes:
    """One part as RFC 7578 writes it: Content-Disposition, then the headers in order."""
    disposition = f'Content-Disposition: form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = "".join(f"\r\n{key}: {value}" for key, value in headers)
    return f"{disposition}{head}\r\n\r\n".encode() + content


def body_of(boundary: str, *parts: bytes) -> bytes:
    return (
        b"".join(f"--{boundary}\r\n".encode() + p + b"\r\n" for p in parts)
        + f"--{boundary}--\r\n".encode()
    )


@BOTH
def test_parts_follow_the_encoding_object(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    run(
        more,
        asynchronous,
        lambda c: c.files.upload(
            meta={"name": "scan", "count": 2},
            image=b"\x89PNG\x00",
            scans=[("a.pdf", b"%PDF-a", "application/pdf"), io.BytesIO(b"raw")],
            config={"name": "cfg"},
            label="# Title",
            caption="plain words",
        ),
        base_url=recorder.url,
    )
    assert recorder.last.body == body_of(
        boundary_of(recorder),
        part(
            "meta",
            None,
            [("Content-Type", "application/json")],
            b'{"name":"scan","count":2}',
        ),
        part(
            "image",
            "upload",
            [("X-Part-Kind", "picture"), ("Content-Type", "image/png")],
            b"\x89PNG\x00",
        ),
        part("scans", "a.pdf", [("Content-Type", "application/pdf")], b"%PDF-a"),
        part("scans", "upload", [("Content-Type", "application/octet-stream")], b"raw"),
        part(
            "config",
            None,
            [("Content-Type", "application/vnd.config+json")],
            b'{"name":"cfg"}',
        ),
        part("label", None, [("Content-Type", "text/markdown")], b"# Title"),
        part("caption", None, [], b"plain words"),
    )


@BOTH
def test_a_file_tuple_with_its_own_type_wins_over_the_encoding(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    run(
        more,
        asynchronous,
        lambda c: c.files.upload(image=("pic.webp", b"RIFF", "image/webp")),
        base_url=recorder.url,
    )
    assert recorder.last.body == body_of(
        boundary_of(recorder),
        part(
            "image",
            "pic.webp",
            [("X-Part-Kind", "picture"), ("Content-Type", "image/webp")],
            b"RIFF",
        ),
    )


def test_content_media_type_properties_are_typed_as_file_inputs(
    more: ModuleType,
) -> None:
    from more_sdk.resources import files

    hints = inspect.signature(files.FilesOperations.upload).parameters
    assert hints["image"].annotation == "FileInput | Omit"
    assert hints["scans"].annotation == "list[FileInput] | Omit"
    assert hints["caption"].annotation == "str | Omit"  # a text contentMediaType


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"image": "text"}, "image: expected a file"),
        ({"image": 3}, "image: expected a file"),
        ({"image": io.StringIO("text")}, "image: expected a file"),
        ({"image": b"x", "scans": b"x"}, "scans: expected a list of files"),
        ({"image": b"x", "scans": [b"x", "y"]}, "scans: expected a file"),
    ],
)
def test_a_file_property_refuses_what_is_not_a_file(
    more: ModuleType, recorder: Recorder, arguments: dict, message: str
) -> None:
    from more_sdk.errors import RequestValidationError

    sent = len(recorder.requests)
    url = recorder.url
    with (
        more.Client(base_url=url) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.files.upload(**arguments)
    assert str(info.value).startswith(message)
    assert info.value.field == message.split(":")[0]
    assert len(recorder.requests) == sent

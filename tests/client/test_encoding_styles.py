"""A form or multipart body field whose `encoding` sets `style`, `explode` or `allowReserved` is
serialised like a query parameter of that style (OpenAPI 3.1, Encoding Object; the bytes are those
of the specification's style examples); the other fields keep the default form encoding.

SDK of tests/client/encoding_styles/spec.yaml, called sync and async against the recording
loopback server of wire.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .wire import BOTH, Recorder, call, generate_sdk

SPEC = __import__("pathlib").Path(__file__).parent / "encoding_styles" / "spec.yaml"
FIELDS: dict[str, Any] = {
    "tags": ["blue", "black"],
    "ids": [3, 4],
    "words": ["a b", "c"],
    "filter": {"role": "admin", "age": 40},
    "point": {"x": 1, "y": 2},
    "path": "a/b?c",
    "plain": ["p", "q"],
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_sdk(SPEC, tmp_path_factory.mktemp("styles") / "out", "styles_sdk")


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    with Recorder().serving() as recorder:
        yield recorder


@BOTH
def test_form_fields_follow_their_encoding_style(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    call(sdk, recorder, asynchronous, "styles", "submit_form", **FIELDS)
    sent = recorder.last
    assert sent.header("content-type") == "application/x-www-form-urlencoded"
    assert sent.body.decode("ascii").split("&") == [
        "tags=blue,black",  # form, explode false
        "ids=3%7C4",  # pipeDelimited (explode false by default), `|` percent-encoded as in queries
        "words=a%20b%20c",  # spaceDelimited: the space delimiter and the value's space
        "filter%5Brole%5D=admin",  # deepObject
        "filter%5Bage%5D=40",
        "x=1",  # form (the default style), explode true: one pair per property
        "y=2",
        "path=a/b?c",  # allowReserved: reserved characters sent as they are
        "plain%5B%5D=p",  # no encoding entry: the default form encoding (a[]=)
        "plain%5B%5D=q",
    ]


@BOTH
def test_multipart_fields_follow_their_encoding_style(
    sdk: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    fields = {k: FIELDS[k] for k in ("tags", "filter", "plain")}
    call(sdk, recorder, asynchronous, "styles", "submit_parts", **fields)
    body = recorder.last.body.decode("latin-1")
    parts = re.findall(r'name="([^"]+)"\r\n(?:[^\r]+\r\n)*\r\n([^\r]*)\r\n', body)
    assert parts == [
        ("tags", "blue,black"),  # one part holding the form, explode false value
        ("filter[role]", "admin"),  # one part per deepObject pair, names decoded
        ("filter[age]", "40"),
        ("plain", "p"),  # no style: one part per array item, as before
        ("plain", "q"),
    ]


def test_the_styles_are_written_one_a_line_so_black_has_nothing_to_do(
    tmp_path: Path,
) -> None:
    """Stripe's form bodies have up to 40 styled fields: written on one line, black split them
    again on every generate. Written one entry a line with a trailing comma, as rendered, the
    module has no line for black to split."""
    from sdkforge import formatting, pipeline
    from sdkforge.config import load_settings
    from sdkforge.render.templates import template_environment

    settings = load_settings({"spec": SPEC, "out": tmp_path, "package": "styles_sdk"})
    model_api, _document = pipeline._load(settings.spec)
    rendered = pipeline._render_python(model_api, settings, template_environment())
    sending = [t for p, t in rendered.items() if "_files.form_content(" in t]
    assert sending and not any(formatting.needs_black(text) for text in sending)
    assert (
        '\n                        "filter": ("deepObject", True, False),\n'
        in sending[0]
    )

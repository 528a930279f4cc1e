"""Every OpenAPI 3.2 field sdkforge reads is type-checked where the document is validated: a value
of the wrong type is exit 2 with its JSON pointer, its line and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec.validate import validate_document

from tests.core.helpers import run_cli

HEAD = "openapi: 3.2.0\ninfo: {title: T, version: '1'}\n"
BODY = (
    "paths:\n  /a:\n    post:\n      responses: {'204': {description: x}}\n"
    "      requestBody:\n        content:\n          multipart/mixed:\n"
    "            schema: {type: array}\n"
)
MEDIA = "/paths/~1a/post/requestBody/content/multipart~1mixed"

CASES = {
    "prefixEncoding-not-a-list": (
        "            prefixEncoding: {contentType: text/plain}\n",
        MEDIA + "/prefixEncoding",
        "`prefixEncoding` must be of type array, found a mapping",
        "a list of Encoding objects",
    ),
    "prefixEncoding-item": (
        "            prefixEncoding: [text/plain]\n",
        MEDIA + "/prefixEncoding/0",
        "`0` must be of type object, found a string",
        "",
    ),
    "itemEncoding-not-an-object": (
        "            itemEncoding: [ {contentType: text/plain} ]\n",
        MEDIA + "/itemEncoding",
        "`itemEncoding` must be of type object, found a list",
        "one Encoding object",
    ),
    "contentType-not-a-string": (
        "            itemEncoding: {contentType: [text/plain]}\n",
        MEDIA + "/itemEncoding/contentType",
        "`contentType` must be of type string, found a list",
        "a media type string",
    ),
    "encoding-headers-not-a-mapping": (
        "            prefixEncoding: [{headers: [X-A]}]\n",
        MEDIA + "/prefixEncoding/0/headers",
        "`headers` must be of type object, found a list",
        "",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrongly_typed_3_2_field_is_refused_at_its_pointer(
    tmp_path: Path, case: str
) -> None:
    line_text, pointer, message, hint = CASES[case]
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD + BODY + line_text)
    with pytest.raises(SpecError) as caught:
        validate_document(load_spec(spec))
    assert caught.value.pointer == pointer
    assert caught.value.message.endswith(message)
    assert caught.value.line == 11
    assert hint in caught.value.hint


def test_a_querystring_parameter_without_a_content_mapping_is_refused(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        HEAD + "paths:\n  /a:\n    get:\n      responses: {'204': {description: x}}\n"
        "      parameters:\n        - in: querystring\n          name: q\n"
        "          content: [application/json]\n"
    )
    with pytest.raises(SpecError) as caught:
        validate_document(load_spec(spec))
    assert caught.value.pointer == "/paths/~1a/get/parameters/0/content"
    assert caught.value.line == 10


def test_self_of_the_wrong_type_is_exit_2_on_the_command_line(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(HEAD.replace("info", "$self: [a]\ninfo") + "paths: {}\n")
    result = run_cli(
        "generate", "--spec", spec, "--out", tmp_path / "out", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "#/$self" in result.stderr
    assert not (tmp_path / "out").exists()

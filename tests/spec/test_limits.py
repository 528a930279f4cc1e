"""The bounded loader: limits hold on every command, legitimate YAML features keep working.

The one-spec-per-mistake cases (message, exit code, untouched output) are in tests/core/broken/;
these tests cover what those cannot: other commands, the size limit, and what must still load.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec import load as load_module
from sdkforge.spec.validate import validate_document

from tests.core.helpers import HERE as CORE
from tests.core.helpers import TINY_SPEC, run_cli

BOMB = CORE / "broken" / "alias_bomb.yaml"

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + textwrap.dedent(text), encoding="utf-8")
    return path


def refused(path: Path) -> SpecError:
    with pytest.raises(SpecError) as caught:
        validate_document(load_spec(path))
    return caught.value


@pytest.mark.parametrize(
    "command",
    [
        ["check", "--spec", BOMB, "--out", "out", "--package", "tiny_sdk"],
        ["diff", TINY_SPEC, BOMB],
        ["diff", BOMB, TINY_SPEC],
    ],
    ids=["check", "diff-new", "diff-old"],
)
def test_an_alias_bomb_is_refused_by_every_command(tmp_path, command):
    # timeout: a bomb that expanded would run for minutes and take gigabytes
    result = run_cli(*command, cwd=tmp_path, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "YAML aliases expand to more than 100,000 nodes" in result.stderr
    assert "alias_bomb.yaml:10:" in result.stderr


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path, monkeypatch
):
    spec = write(tmp_path, "paths: {}\n")
    monkeypatch.setattr(load_module, "MAX_DOCUMENT_BYTES", 20)
    error = refused(spec)
    assert "more than the 20 sdkforge reads" in str(error)
    assert "fix: split the spec across files" in str(error)


def test_small_aliases_and_merge_keys_still_load(tmp_path):
    spec = write(
        tmp_path,
        """\
        paths: {}
        components:
          schemas:
            Base: &base
              type: object
              properties:
                id: {type: string}
            Pet:
              <<: *base
              type: object
              description: a merge key may override what it merges
            Owner: *base
        """,
    )
    document = load_spec(spec)
    validate_document(document)
    schemas = document.data["components"]["schemas"]
    assert schemas["Owner"] == schemas["Base"]
    assert schemas["Pet"]["properties"] == {"id": {"type": "string"}}
    assert schemas["Pet"]["description"].startswith("a merge key")


def test_unquoted_status_codes_are_the_status_strings(tmp_path):
    spec = write(
        tmp_path,
        """\
        paths:
          /pets:
            get:
              operationId: listPets
              responses:
                200: {description: ok}
                404: {description: missing}
        """,
    )
    responses = load_spec(spec).data["paths"]["/pets"]["get"]["responses"]
    assert list(responses) == ["200", "404"]


def test_a_status_written_quoted_and_unquoted_is_a_duplicate(tmp_path):
    spec = write(
        tmp_path,
        """\
        paths:
          /pets:
            get:
              responses:
                200: {description: ok}
                '200': {description: also ok}
        """,
    )
    error = refused(spec)
    assert "duplicate response status '200'" in error.message
    assert error.pointer == "/paths/~1pets/get/responses/200"
    assert error.line == 7  # the first of the two


@pytest.mark.parametrize(
    "key, spelled", [("yes", "True"), ("null", "None"), ("1.5", "1.5")]
)
def test_keys_yaml_reads_as_other_types_are_refused(tmp_path, key, spelled):
    spec = write(
        tmp_path,
        f"""\
        paths: {{}}
        components:
          schemas:
            Pet:
              properties:
                {key}: {{type: string}}
        """,
    )
    error = refused(spec)
    assert error.message.startswith(f"the key {spelled} is not a string")
    assert error.line == 8


@pytest.mark.parametrize(
    "place, value, pointer",
    [
        # every place the builder reads a schema, with a wrong keyword type in it
        (
            "components: {schemas: {Pet: {type: array, items: {required: name}}}}",
            "required",
            "/components/schemas/Pet/items/required",
        ),
        (
            "paths: {/p: {get: {parameters: [{name: q, in: query, schema: {oneOf: {}}}]}}}",
            "oneOf",
            "/paths/~1p/get/parameters/0/schema/oneOf",
        ),
        (
            "paths: {/p: {post: {requestBody: {content: {application/json: {schema: {anyOf: 1}}}}}}}",
            "anyOf",
            "/paths/~1p/post/requestBody/content/application~1json/schema/anyOf",
        ),
        (
            "paths: {/p: {get: {responses: {'200': {description: ok, headers: {X: {schema: {enum: 3}}}}}}}}",
            "enum",
            "/paths/~1p/get/responses/200/headers/X/schema/enum",
        ),
        (
            "components: {schemas: {P: {properties: {a: {additionalProperties: {allOf: x}}}}}}",
            "allOf",
            "/components/schemas/P/properties/a/additionalProperties/allOf",
        ),
        (
            "components: {schemas: {P: {discriminator: {propertyName: k, mapping: {a: [1]}}}}}",
            "a",
            "/components/schemas/P/discriminator/mapping/a",
        ),
        (
            "paths: {/p: {get: {tags: pets}}}",
            "tags",
            "/paths/~1p/get/tags",
        ),
    ],
)
def test_keyword_types_are_checked_where_the_builder_reads_them(
    tmp_path, place, value, pointer
):
    error = refused(write(tmp_path, place + "\n"))
    assert error.pointer == pointer
    assert f"`{value}` must be of type" in error.message
    assert error.line == 3


@pytest.mark.parametrize("version", ["3.1.0\\n", "3.1.0-evil\\nfoo", "3.1", "x3.1.0"])
def test_the_openapi_version_is_matched_whole(tmp_path, version):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f'openapi: "{version}"\ninfo: {{title: T, version: "1"}}\npaths: {{}}\n',
        encoding="utf-8",
    )
    error = refused(spec)
    assert error.pointer == "/openapi"

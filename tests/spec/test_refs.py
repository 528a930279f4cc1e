"""Specs split across files: every `$ref` resolved (or exit 2 at the referring place), never dropped.

`multifile/` is a pet store split into three folders (paths, schemas, common) with path item,
parameter, request body, response, header, schema and discriminator-mapping references between
YAML and JSON files, whole files and fragments. The position tests put one external reference in
each position OpenAPI allows, with the target present, its file missing and its fragment missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from sdkforge.pipeline import load_api
from sdkforge.spec import SpecError, load_spec

from tests.core.helpers import run_cli

MULTIFILE = Path(__file__).parent / "multifile"

PARTS = {
    "Schema": {"type": "object", "properties": {"a": {"type": "string"}}},
    "Parameter": {"name": "q", "in": "query", "schema": {"type": "string"}},
    "Body": {"content": {"application/json": {"schema": {"type": "string"}}}},
    "Response": {
        "description": "ok",
        "content": {"application/json": {"schema": {"type": "integer"}}},
    },
    "Header": {"schema": {"type": "string"}},
    "PathItem": {
        "get": {"operationId": "fromFile", "responses": {"200": {"description": "ok"}}}
    },
    "Link": {"operationId": "getThing"},
    "Callback": {
        "{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}
    },
    "Member": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}},
    },
}

# position -> (root document with REF where the reference goes, pointer of the referring object)
POSITIONS = {
    "schema": (
        "components: {schemas: {Thing: {type: object, properties: {x: {$ref: 'REF'}}}}}",
        "/components/schemas/Thing/properties/x",
    ),
    "parameter": (
        "paths: {/t: {get: {parameters: [{$ref: 'REF'}], responses: {'200': {description: ok}}}}}",
        "/paths/~1t/get/parameters/0",
    ),
    "request-body": (
        "paths: {/t: {post: {requestBody: {$ref: 'REF'}, responses: {'200': {description: ok}}}}}",
        "/paths/~1t/post/requestBody",
    ),
    "response": (
        "paths: {/t: {get: {responses: {'200': {$ref: 'REF'}}}}}",
        "/paths/~1t/get/responses/200",
    ),
    "header": (
        "paths: {/t: {get: {responses: {'200': {description: ok, headers: {X-A: {$ref: 'REF'}}}}}}}",
        "/paths/~1t/get/responses/200/headers/X-A",
    ),
    "path-item": ("paths: {/t: {$ref: 'REF'}}", "/paths/~1t"),
    "link": (
        "paths: {/t: {get: {responses: {'200': {description: ok, links: {L: {$ref: 'REF'}}}}}}}",
        "/paths/~1t/get/responses/200/links/L",
    ),
    "callback": (
        "paths: {/t: {get: {callbacks: {cb: {$ref: 'REF'}}, responses: {'200': {description: ok}}}}}",
        "/paths/~1t/get/callbacks/cb",
    ),
    "discriminator-mapping": (
        "components: {schemas: {U: {oneOf: [{$ref: 'parts.yaml#/Member'}],"
        " discriminator: {propertyName: kind, mapping: {m: 'REF'}}}}}",
        "/components/schemas/U/discriminator/mapping/m",
    ),
}
TARGETS = {
    "schema": "Schema",
    "parameter": "Parameter",
    "request-body": "Body",
    "response": "Response",
    "header": "Header",
    "path-item": "PathItem",
    "link": "Link",
    "callback": "Callback",
    "discriminator-mapping": "Member",
}


def position_spec(tmp_path: Path, position: str, ref: str) -> tuple[Path, int]:
    """The root spec with `ref` in the position, next to parts.yaml; and the line of the ref."""
    (tmp_path / "parts.yaml").write_text(yaml.safe_dump(PARTS), encoding="utf-8")
    body = POSITIONS[position][0].replace("REF", ref)
    text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n" + body + "\n"
    if "paths:" not in body:
        text += "paths: {}\n"
    spec = tmp_path / "openapi.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec, 3  # the body is written on line 3


def at_pointer(data, pointer: str):
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


@pytest.mark.parametrize("position", POSITIONS)
def test_an_external_reference_in_every_position_is_bundled(tmp_path, position):
    spec, _ = position_spec(tmp_path, position, f"parts.yaml#/{TARGETS[position]}")
    document = load_spec(spec)
    referring = at_pointer(document.data, POSITIONS[position][1])
    if position == "path-item":
        assert referring == PARTS["PathItem"]  # inlined: the builder reads paths only
        return
    ref = referring if position == "discriminator-mapping" else referring["$ref"]
    assert ref.startswith("#/components/"), ref
    assert at_pointer(document.data, ref[1:]) == PARTS[TARGETS[position]]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize(
    "ref, message",
    [
        (
            "nothere.yaml#/X",
            "cannot follow $ref 'nothere.yaml#/X': the file nothere.yaml does not exist",
        ),
        (
            "parts.yaml#/Nope",
            "cannot follow $ref 'parts.yaml#/Nope': #/Nope does not exist in parts.yaml",
        ),
        (
            "#/components/schemas/Nope",
            "$ref target #/components/schemas/Nope does not exist",
        ),
    ],
    ids=["missing-file", "missing-fragment", "missing-local"],
)
def test_a_missing_target_in_every_position_is_an_error_at_the_reference(
    tmp_path, position, ref, message
):
    spec, line = position_spec(tmp_path, position, ref)
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    error = caught.value
    assert error.message == message
    assert error.file == str(spec)
    assert error.line == line
    suffix = "" if position == "discriminator-mapping" else "/$ref"
    assert error.pointer == POSITIONS[position][1] + suffix


@pytest.mark.parametrize(
    "ref, reason",
    [
        ("../outside.yaml#/Schema", "it leaves the spec's folder"),
        ("sub/../../outside.yaml", "it leaves the spec's folder"),
        (
            "link.yaml",
            "it leaves the spec's folder",
        ),  # a symlink pointing out of the tree
        ("ABSOLUTE", "it is an absolute path"),
        (
            "http://127.0.0.1:9/parts.yaml",
            "it is a URL; sdkforge never fetches anything",
        ),
        ("file:///etc/hostname", "it is a URL"),
    ],
)
def test_references_leaving_the_spec_folder_are_refused(tmp_path, ref, reason):
    folder = tmp_path / "spec"
    folder.mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text(yaml.safe_dump(PARTS), encoding="utf-8")  # exists, still refused
    (folder / "link.yaml").symlink_to(outside)
    ref = ref.replace("ABSOLUTE", str(outside))
    spec, line = position_spec(folder, "schema", ref)
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert caught.value.message.startswith(f"cannot follow $ref {ref!r}: {reason}")
    assert (caught.value.file, caught.value.line) == (str(spec), line)
    assert caught.value.pointer == "/components/schemas/Thing/properties/x/$ref"
    assert "relative path" in caught.value.hint


def test_the_multifile_spec_builds_with_the_local_naming_rules():
    model_api, _ = load_api(MULTIFILE / "openapi.yaml")
    models = {model.name: model for model in model_api.models}
    # component name (Tag, Color, Address, Problem), else the file name (pet.yaml, owner.yaml);
    # `Tag` gets the suffix a local `Tag` gets too (pydantic's `Tag` is imported by the models)
    assert {"Pet", "Owner", "TagT", "Color", "Address", "Problem", "Animal"} <= set(
        models
    )
    assert [field.wire_name for field in models["Pet"].fields] == [
        "kind",
        "id",
        "name",
        "owner",
        "tags",
        "color",
    ]
    assert models["Animal"].discriminator.mapping == (
        ("pet", "Pet"),
        ("owner", "Owner"),
    )
    operations = {op.operation_id: op for op in model_api.operations}
    assert set(operations) == {"listPets", "createPet", "getPet"}
    assert [p.field.wire_name for p in operations["listPets"].parameters] == ["limit"]
    assert [p.field.wire_name for p in operations["getPet"].parameters] == ["petId"]
    assert [status for status, _ in operations["getPet"].error_responses] == ["404"]


def test_the_multifile_spec_generates_an_sdk_that_round_trips(tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "generate",
        "--spec",
        MULTIFILE / "openapi.yaml",
        "--out",
        out,
        "--package",
        "pets_sdk",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    payload = {
        "kind": "pet",
        "id": 7,
        "name": "Rex",
        "owner": {"kind": "owner", "name": "Ann", "address": {"city": "Oslo"}},
        "tags": [{"label": "good", "color": "red"}],
        "color": "blue",
    }
    script = textwrap.dedent("""
        import json, sys
        from pets_sdk.models import Animal, Pet, Color
        from pydantic import TypeAdapter
        payload = json.loads(sys.argv[1])
        pet = Pet.model_validate(payload)
        assert pet.owner.address.city == "Oslo" and pet.tags[0].color == Color.RED
        animal = TypeAdapter(Animal).validate_python(payload)
        assert type(animal).__name__ == "Pet", type(animal)
        print(json.dumps(pet.model_dump(mode="json", by_alias=True, exclude_unset=True)))
        """)
    env = dict(os.environ, PYTHONPATH=str(out))
    run = subprocess.run(
        [sys.executable, "-c", script, json.dumps(payload)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == payload


def test_an_error_inside_another_file_names_that_file_and_line(tmp_path):
    folder = tmp_path / "multifile"
    shutil.copytree(MULTIFILE, folder)
    owner = folder / "schemas" / "owner.yaml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace(
            "name: {type: string}", "name: {type: strnig}"
        ),
        encoding="utf-8",
    )
    result = run_cli(
        "generate",
        "--spec",
        folder / "openapi.yaml",
        "--out",
        tmp_path / "out",
        "--package",
        "pets_sdk",
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert f"{owner}:5: unknown type 'strnig'" in result.stderr
    assert "at #/properties/name/type" in result.stderr


def test_a_broken_referenced_file_is_reported_in_that_file(tmp_path):
    spec, _ = position_spec(tmp_path, "schema", "bad.yaml#/X")
    (tmp_path / "bad.yaml").write_text("X:\n  a: 1\n  a: 2\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert caught.value.file == str(tmp_path / "bad.yaml")
    assert caught.value.line == 3
    assert caught.value.message.startswith("duplicate key 'a'")


def test_editing_a_referenced_file_makes_check_fail(tmp_path):
    folder = tmp_path / "multifile"
    shutil.copytree(MULTIFILE, folder)
    args = (
        "--spec",
        folder / "openapi.yaml",
        "--out",
        tmp_path / "out",
        "--package",
        "pets_sdk",
    )
    assert run_cli("generate", *args, cwd=tmp_path).returncode == 0
    assert run_cli("check", *args, cwd=tmp_path).returncode == 0
    headers = folder / "common" / "headers.yaml"
    headers.write_text(
        headers.read_text(encoding="utf-8") + "  description: edited\n",
        encoding="utf-8",
    )
    result = run_cli("check", *args, cwd=tmp_path)
    assert result.returncode == 1, result.stderr


def test_a_percent_encoded_local_reference_is_followed(tmp_path):
    """A `$ref` is a URI: `~1%7Bid%7D` in its fragment is the path key `/{id}` (APIs.guru's
    surevoip.co.uk spec refers to another operation's parameter this way). A key holding a
    `%` itself is found as written."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent("""\
            openapi: 3.0.3
            info: {title: Encoded, version: "1"}
            paths:
              /things/{id}:
                get:
                  operationId: getThing
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/100%25off"}
              /things/{id}/copy:
                get:
                  operationId: getCopy
                  parameters:
                    - $ref: "#/paths/~1things~1%7Bid%7D/get/parameters/0"
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/100%off"}
            components:
              schemas:
                "100%off": {type: object, properties: {price: {type: integer}}}
            """),
        encoding="utf-8",
    )
    model_api, _ = load_api(spec)
    copy = next(op for op in model_api.operations if op.operation_id == "getCopy")
    assert [p.field.wire_name for p in copy.parameters] == ["id"]
    assert [p.location for p in copy.parameters] == ["path"]
    responses = {op.operation_id: op.response for op in model_api.operations}
    assert responses["getCopy"] is not None
    assert (
        responses["getThing"] == responses["getCopy"]
    )  # `%25` and `%` name one schema

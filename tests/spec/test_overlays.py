"""Overlays (OpenAPI Overlay 1.0): the effects the reference generator's overlays are used for.

Each overlay in `overlays/` reproduces one: open every enum with more than one value, make listed
fields nullable, add a header parameter to every operation, remove a response. They are applied
through the CLI settings (`--overlay`, `[tool.sdkforge] overlays`) and the generated code is run.
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
from sdkforge import api
from sdkforge.pipeline import load_api
from sdkforge.spec import SpecError

from tests.core.helpers import run_cli

HERE = Path(__file__).parent / "overlays"
SPEC = HERE / "spec.yaml"
EFFECTS = ["open-enums", "nullable", "header", "remove-response"]


def overlay(name: str) -> Path:
    return HERE / f"{name}.yaml"


def build(*names: str, strict: bool = False) -> api.Api:
    return load_api(SPEC, overlays=[overlay(n) for n in names], strict=strict)[0]


def models(model_api: api.Api) -> dict:
    return {model.name: model for model in model_api.models}


def operations(model_api: api.Api) -> dict:
    return {op.operation_id: op for op in model_api.operations}


def test_without_overlays_the_spec_is_as_written():
    plain = build()
    assert not models(plain)["Status"].open
    pet_fields = {f.wire_name: f for f in models(plain)["Pet"].fields}
    assert not isinstance(pet_fields["name"].type, api.Nullable)
    assert [p.field.wire_name for p in operations(plain)["listPets"].parameters] == [
        "limit"
    ]
    assert [s for s, _ in operations(plain)["listPets"].error_responses] == ["404"]


def test_open_every_enum_with_more_than_one_value():
    found = models(build("open-enums"))
    assert found["Status"].open  # two values
    assert not found["Size"].open  # one value: left closed


def test_make_listed_fields_nullable():
    pet_fields = {f.wire_name: f for f in models(build("nullable"))["Pet"].fields}
    assert isinstance(pet_fields["name"].type, api.Nullable)
    assert isinstance(pet_fields["nickname"].type, api.Nullable)
    assert not isinstance(pet_fields["status"].type, api.Nullable)


def test_add_a_header_parameter_to_every_operation():
    found = operations(build("header"))
    for op_id, names in {
        "listPets": ["limit", "X-Trace-Id"],
        "createPet": ["X-Trace-Id"],
    }.items():
        assert [p.field.wire_name for p in found[op_id].parameters] == names
        assert found[op_id].parameters[-1].location == "header"


def test_remove_a_response():
    assert operations(build("remove-response"))["listPets"].error_responses == ()


def test_a_target_selecting_nothing_warns_and_fails_under_strict(capsys):
    build("stale")
    warning = capsys.readouterr().err
    assert (
        "warning: " in warning
        and "stale.yaml:5: the target '$.components.schemas.Cat' selects nothing"
        in warning
    )
    with pytest.raises(SpecError) as caught:
        build("stale", strict=True)
    assert caught.value.file == str(overlay("stale"))
    assert caught.value.pointer == "/actions/0/target"


@pytest.mark.parametrize(
    "text, message, pointer",
    [
        (
            "overlay: 1.0.0\ninfo: {title: x, version: '1'}\n",
            "'actions' is a required property",
            "",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.paths[\n    remove: true\n",
            "invalid JSONPath target '$.paths['",
            "/actions/0/target",
        ),
        (
            "overlay: 1.0.0\ninfo: {title: x, version: '1'}\nactions:\n  - target: $.paths\n",
            "an action needs `update: ...` or `remove: true`",
            "/actions/0",
        ),
    ],
    ids=["no-actions", "bad-jsonpath", "no-update"],
)
def test_a_broken_overlay_is_exit_2_with_its_place(tmp_path, text, message, pointer):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run_cli(
        "generate",
        "--spec",
        SPEC,
        "--out",
        tmp_path / "out",
        "--package",
        "pets_sdk",
        "--overlay",
        bad,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert f"error: {bad}:" in result.stderr and message in result.stderr
    if pointer:
        assert f"at #{pointer}" in result.stderr
    assert not (tmp_path / "out").exists()


def project(tmp_path: Path) -> Path:
    """A project whose pyproject.toml applies the four overlays, in order."""
    folder = tmp_path / "project"
    shutil.copytree(HERE, folder / "api")
    names = ", ".join(f'"api/{name}.yaml"' for name in EFFECTS)
    (folder / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
            [tool.sdkforge]
            spec = "api/spec.yaml"
            out = "sdk"
            package = "pets_sdk"
            overlays = [{names}]
            """),
        encoding="utf-8",
    )
    return folder


def test_settings_apply_overlays_and_the_generated_sdk_runs(tmp_path):
    folder = project(tmp_path)
    result = run_cli("generate", cwd=folder)
    assert result.returncode == 0, result.stderr
    script = textwrap.dedent("""
        import json
        from pets_sdk.models import Pet
        pet = Pet.model_validate({"name": None, "status": "adopted"})
        print(json.dumps(pet.model_dump(mode="json", by_alias=True, exclude_unset=True)))
        """)
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(folder / "sdk")),
        check=False,
    )
    assert (
        run.returncode == 0
    ), run.stderr  # null name and an unknown status both accepted
    assert json.loads(run.stdout) == {"name": None, "status": "adopted"}
    manifest = json.loads((folder / "sdk" / ".sdkforge" / "manifest.json").read_text())
    assert [entry["name"] for entry in manifest["overlays"]] == [
        f"{n}.yaml" for n in EFFECTS
    ]


def test_editing_an_overlay_makes_check_fail(tmp_path):
    folder = project(tmp_path)
    assert run_cli("generate", cwd=folder).returncode == 0
    assert run_cli("check", cwd=folder).returncode == 0
    header = folder / "api" / "header.yaml"
    header.write_text(header.read_text(encoding="utf-8") + "    description: edited\n")
    result = run_cli("check", cwd=folder)
    assert result.returncode == 1, result.stderr


def test_diff_sees_the_overlaid_specs(tmp_path):
    # NEW is the spec with the 404 response deleted by hand; the overlay deletes it from both
    without_404 = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    del without_404["paths"]["/pets"]["get"]["responses"]["404"]
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(without_404, sort_keys=False), encoding="utf-8")
    plain = run_cli("diff", SPEC, new, "--format", "json", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    # the error component is no error class any more: `ProblemError` is `Problem` again
    assert [c["kind"] for c in json.loads(plain.stdout)["changes"]] == [
        "model.renamed",
        "error.removed",
    ]
    overlaid = run_cli(
        "diff",
        SPEC,
        new,
        "--overlay",
        overlay("remove-response"),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert overlaid.returncode == 0, overlaid.stderr
    assert json.loads(overlaid.stdout)["changes"] == []
    # with no --overlay, diff applies the project's [tool.sdkforge] overlays
    configured = run_cli("diff", SPEC, new, "--format", "json", cwd=project(tmp_path))
    assert configured.returncode == 0, configured.stderr
    assert json.loads(configured.stdout)["changes"] == []


def test_strict_on_the_command_line(tmp_path):
    args = (
        "--spec",
        SPEC,
        "--out",
        tmp_path / "out",
        "--package",
        "pets_sdk",
        "--overlay",
        overlay("stale"),
    )
    result = run_cli("generate", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "selects nothing" in result.stderr
    result = run_cli("check", *args, "--strict", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "selects nothing" in result.stderr

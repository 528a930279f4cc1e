"""Specs a hostile or just large API can write: chains and cycles thousands long (issue 9).

Nothing here may recurse once per link: `$ref` chains, `allOf` chains, a union that contains
itself and long cycles are followed in loops (sets, no per-model partner sets), in time and memory linear in the spec.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sdkforge import api
from sdkforge.build import build_api
from sdkforge.config import load_settings
from sdkforge.output import write_tree
from sdkforge.pipeline import generate_files
from sdkforge.render.models import _cycle_components, _CycleOf
from sdkforge.spec.load import SpecError, load_spec


def spec(schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Deep", "version": "1.0"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def chain_of_refs(length: int) -> dict[str, Any]:
    """S0 -> S1 -> ... -> S<length>, an object; P0 -> ... -> P<length>, a string; a holder."""
    schemas: dict[str, Any] = {f"S{i}": ref(f"S{i + 1}") for i in range(length)}
    schemas[f"S{length}"] = {
        "type": "object",
        "properties": {"end": {"type": "string"}},
    }
    schemas |= {f"P{i}": ref(f"P{i + 1}") for i in range(length)}
    schemas[f"P{length}"] = {"type": "string", "maxLength": 10}
    schemas["Holder"] = {
        "type": "object",
        "properties": {"deep": ref("S0"), "word": ref("P0"), "u": ref("U")},
    }
    # a union that contains itself
    schemas["U"] = {"oneOf": [ref("U"), {"type": "integer"}, {"type": "string"}]}
    return spec(schemas)


def write_spec(directory: Path, document: dict[str, Any]) -> Path:
    path = directory / "spec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def chain_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    work = tmp_path_factory.mktemp("deep")
    out = work / "out"
    settings = load_settings(
        {
            "spec": write_spec(work, chain_of_refs(500)),
            "out": out,
            "package": "deep_sdk",
        }
    )
    write_tree(out, generate_files(settings).files)
    sys.path.insert(0, str(out))
    yield importlib.import_module("deep_sdk.models")
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m.split(".")[0] == "deep_sdk"]:
        del sys.modules[name]


def test_a_chain_of_500_refs_types_the_end_of_the_chain(chain_models: Any) -> None:
    holder = chain_models.Holder.model_validate(
        {"deep": {"end": "x"}, "word": "w", "u": 3}
    )
    assert type(holder.deep) is chain_models.S500
    assert holder.u == 3
    assert chain_models.Holder.model_validate({"u": "text"}).u == "text"
    # every link of the chain is a name of the model at its end
    assert chain_models.S0 is chain_models.S500
    assert chain_models.S250 is chain_models.S500


def test_an_all_of_chain_of_5000_merges_in_a_loop(tmp_path: Path) -> None:
    schemas: dict[str, Any] = {
        f"C{i}": {"allOf": [ref(f"C{i + 1}"), {"description": f"link {i}"}]}
        for i in range(5000)
    }
    schemas["C5000"] = {"type": "object", "properties": {"leaf": {"type": "integer"}}}
    schemas["Top"] = {
        "allOf": [ref("C0")],
        "properties": {"own": {"type": "string"}},
        "required": ["own"],
    }
    schemas["Use"] = {"type": "object", "properties": {"c": ref("C0")}}
    model_api = build_api(load_spec(write_spec(tmp_path, spec(schemas))))
    top = model_api.model("Top")
    assert isinstance(top, api.ObjectModel)
    assert [f.wire_name for f in top.fields] == ["leaf", "own"]
    use = model_api.model("Use")
    assert isinstance(use, api.ObjectModel)
    assert use.fields[0].type == api.ModelRef("C5000")


def test_a_long_cycle_of_refs_is_an_error_with_a_short_message(
    tmp_path: Path,
) -> None:
    n = 2_000
    schemas: dict[str, Any] = {f"R{i}": ref(f"R{(i + 1) % n}") for i in range(n)}
    schemas["Holder"] = {"type": "object", "properties": {"r": ref("R0")}}
    with pytest.raises(SpecError) as raised:
        build_api(load_spec(write_spec(tmp_path, spec(schemas))))
    message = str(raised.value)
    assert "circular $ref with no model in between" in message
    assert "(2000 schemas)" in message
    assert len(message) < 2000


def test_a_long_cycle_of_models_builds_and_its_cycle_is_one_component(
    tmp_path: Path,
) -> None:
    n = 2_000
    schemas = {
        f"M{i}": {"type": "object", "properties": {"next": ref(f"M{(i + 1) % n}")}}
        for i in range(n)
    }
    model_api = build_api(load_spec(write_spec(tmp_path, spec(schemas))))
    assert len(model_api.models) == n
    numbers = _cycle_components(model_api)
    assert len(numbers) == n and len(set(numbers.values())) == 1
    assert "M1999" in _CycleOf(numbers, "M0", itself=False)
    assert "M0" not in _CycleOf(numbers, "M0", itself=False)
    assert "M0" in _CycleOf(numbers, "M0", itself=True)

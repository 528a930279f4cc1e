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
from sdkforge.render.models import render_models
from sdkforge.render.templates import template_environment
from sdkforge.spec.load import SpecError, load_spec

from .helpers import run_script


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
    n = 20_000  # each component's chain used to be walked to its end: quadratic, minutes
    schemas: dict[str, Any] = {f"R{i}": ref(f"R{(i + 1) % n}") for i in range(n)}
    schemas["Holder"] = {"type": "object", "properties": {"r": ref("R0")}}
    with pytest.raises(SpecError) as raised:
        build_api(load_spec(write_spec(tmp_path, spec(schemas))))
    message = str(raised.value)
    assert "circular $ref with no model in between" in message
    assert "(20000 schemas)" in message
    assert len(message) < 2000


def cycle_of_models(n: int, prefix: str = "M") -> dict[str, Any]:
    return {
        f"{prefix}{i}": {
            "type": "object",
            "properties": {"next": ref(f"{prefix}{(i + 1) % n}")},
        }
        for i in range(n)
    }


def test_a_cycle_of_20000_models_builds_and_each_module_names_one_partner(
    tmp_path: Path,
) -> None:
    n = 20_000
    model_api = build_api(load_spec(write_spec(tmp_path, spec(cycle_of_models(n)))))
    assert len(model_api.models) == n
    files = render_models(model_api, "deep_sdk", template_environment())
    # Linear output: every module links exactly its one neighbour, whatever the cycle's length.
    module = files["deep_sdk/models/m19999.py"]
    assert module.count("from .m0 import M0") == 1
    assert '"M0": ".m0",' in module
    assert sum(len(text) for text in files.values()) < n * 1_000


CHAIN_AND_CYCLE_CHECK = """
import sys

# Far below what nested imports along a 400-model chain need (Python's default is 1,000):
# the models must import flat.
sys.setrecursionlimit(120)
from deep_sdk.models import C0, M0, M399
from deep_sdk.models.c150 import C150
sys.setrecursionlimit(1000)

payload = {"next": {"next": {"next": None, "extra": [1, 2.5]}}}
chained = M0.model_validate(payload)
assert type(chained.next.next).__name__ == "M2", chained
assert chained.model_dump(mode="json", by_alias=True, exclude_unset=True) == payload
assert M399.model_validate({"end": "x"}).end == "x"
cycle = {"next": {"next": {"next": {}}}}
around = C150.model_validate(cycle)
assert type(around.next.next.next).__name__ == "C153"
assert C0.model_validate(cycle).model_dump(exclude_unset=True) == cycle
print("ok")
"""


def test_model_chains_and_cycles_import_flat_and_validate(tmp_path: Path) -> None:
    """Issue 9: a chain of 400 models and a cycle of 300 import without nesting imports."""
    schemas: dict[str, Any] = {
        f"M{i}": {"type": "object", "properties": {"next": ref(f"M{i + 1}")}}
        for i in range(399)
    }
    schemas["M399"] = {"type": "object", "properties": {"end": {"type": "string"}}}
    schemas |= cycle_of_models(300, prefix="C")
    out = tmp_path / "out"
    settings = load_settings(
        {
            "spec": write_spec(tmp_path, spec(schemas)),
            "out": out,
            "package": "deep_sdk",
        }
    )
    write_tree(out, generate_files(settings).files)
    assert run_script(CHAIN_AND_CYCLE_CHECK, cwd=out).strip() == "ok"

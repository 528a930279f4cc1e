"""Issue 10's model bugs on a minimal spec, checked by running the generated code."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from sdkforge import api
from sdkforge.config import load_settings
from sdkforge.output import write_tree
from sdkforge.pipeline import generate_files, load_api

from .helpers import HERE, json_differences

SPEC = HERE / "specs" / "model_bugs.yaml"
PACKAGE = "model_bugs_sdk"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("model_bugs") / "out"
    settings = load_settings({"spec": SPEC, "out": out, "package": PACKAGE})
    write_tree(out, generate_files(settings).files)
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def models(out: Path) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.models")


def round_trip(models: ModuleType, data: dict[str, Any]) -> dict[str, Any]:
    holder = models.Holder.model_validate_json(json.dumps(data))
    return json.loads(holder.model_dump_json(by_alias=True, exclude_unset=True))


def test_all_of_parts_that_are_not_refs_are_typed_as_their_merged_schema() -> None:
    fields = {f.wire_name: f.type for f in load_api(SPEC)[0].model("Holder").fields}
    assert fields["flag"] == api.Primitive("boolean")
    assert fields["sequence_id"] == api.Nullable(api.Primitive("string"))
    assert fields["anything"] == api.AnyValue()
    assert fields["shape"] == api.ModelRef("Shape")
    assert fields["code"] == api.Primitive("string")
    assert isinstance(fields["color"], api.ModelRef)
    assert fields["tier"] == api.ModelRef("Tier")
    assert fields["narrowed"] == api.ModelRef("Tier")


def test_an_enum_narrowed_by_a_union_that_lists_it_is_that_union() -> None:
    model_api = load_api(SPEC)[0]
    fields = {f.wire_name: f.type for f in model_api.model("Holder").fields}
    sort = fields["sort"]
    assert isinstance(sort, api.Nullable) and isinstance(sort.inner, api.ModelRef)
    union = model_api.model(sort.inner.name)
    assert isinstance(union, api.UnionModel)
    # Wheel only wraps Circle: an alias, so the member is Circle
    assert union.members == (api.ModelRef("Tier"), api.ModelRef("Circle"))


@pytest.mark.parametrize(
    "data",
    [
        {"flag": True},
        {"flag": False},
        {"sequence_id": "3"},
        {"sequence_id": None},
        {"anything": {"a": [1, 2.5, None]}},
        {"anything": "text"},
        {"anything": 7},
        {"shape": {"radius": 1.5}},
        {"shape": {"side": 2}},
        {"color": "green"},
        {"code": "abc"},
        {"deleted": True},
        {"ratio": 1},
        {"ratio": 0.5},
        {"ratio": 0},
        {"tier": "auto"},
        {"sort": "flex"},
        {"sort": {"radius": 2}},
        {"sort": None},
        {"narrowed": "auto"},
    ],
)
def test_valid_payloads_round_trip_with_their_json_types(
    models: ModuleType, data: dict[str, Any]
) -> None:
    assert json_differences(data, round_trip(models, data)) == []


@pytest.mark.parametrize(
    "data",
    [
        {"flag": "maybe"},
        {"sequence_id": {"a": 1}},
        {"shape": {"colour": "red"}},
        {"color": "blue"},
        {"deleted": False},
        {"ratio": 2},
        {"tier": "slow"},
        {"sort": "slow"},
        {"sort": 42},
        {"narrowed": {"radius": 2}},
    ],
)
def test_invalid_payloads_stay_invalid(
    models: ModuleType, data: dict[str, Any]
) -> None:
    with pytest.raises(pydantic.ValidationError):
        models.Holder.model_validate_json(json.dumps(data))


def test_boolean_and_number_enum_members_keep_their_json_type(
    models: ModuleType,
) -> None:
    holder = models.Holder.model_validate({"deleted": True, "ratio": 1})
    assert holder.deleted.value is True
    assert type(holder.ratio.value) is int
    assert json.loads(holder.model_dump_json(exclude_unset=True)) == {
        "deleted": True,
        "ratio": 1,
    }
    assert type(json.loads(holder.model_dump_json())["ratio"]) is int


def test_defaults_of_enum_typed_fields_are_enum_members(models: ModuleType) -> None:
    holder = models.Holder()
    assert holder.tier is models.Tier.FLEX
    assert holder.tiers == [models.Tier.AUTO]
    dumped = json.loads(holder.model_dump_json())
    assert dumped["tier"] == "flex"
    assert dumped["tiers"] == ["auto"]


@pytest.mark.skipif(shutil.which("pyright") is None, reason="pyright is not installed")
def test_pyright_accepts_the_generated_models(out: Path) -> None:
    """The enum default has the field's type: pyright reports no error on the models."""
    result = subprocess.run(
        ["pyright", "--outputjson", f"{PACKAGE}/models"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert errors == []
    assert report["summary"]["filesAnalyzed"] > 0


def test_components_that_only_wrap_a_model_are_aliases_of_it(
    models: ModuleType,
) -> None:
    assert models.Wheel is models.Circle
    assert models.MaybeShape is models.Shape
    assert models.TierAgain is models.Tier
    assert {"Wheel", "MaybeShape", "TierAgain"} <= set(models.__all__)
    assert models.Wheel.model_validate({"radius": 2}).radius == 2

"""Names a spec can choose that would clash with Python, Windows or the generated package itself."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from sdkforge.build.namer import Namer
from sdkforge.config import load_settings
from sdkforge.naming import enum_member_name, module_name, page_name
from sdkforge.output import write_tree
from sdkforge.pipeline import generate_files

from .helpers import HERE, json_differences

SPEC = HERE / "specs" / "names.json"
PACKAGE = "names_sdk"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("names") / "out"
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


def test_every_model_imports_whatever_was_imported_before(models: ModuleType) -> None:
    """`Keyword`, `Importlib`, `Globals`, `Sorted` first: their modules must not rebind what
    the lazy `models/__init__` needs to import the others."""
    first = ["Keyword", "Importlib", "Globals", "Sorted"]
    for name in first + [n for n in models.__all__ if n not in first]:
        assert getattr(models, name).__name__ == name
    assert sorted(dir(models)) == sorted(models.__all__)


def test_windows_reserved_and_clashing_module_names_are_renamed(out: Path) -> None:
    files = {p.name for p in (out / PACKAGE / "models").glob("*.py")}
    for stem in ("con", "nul", "com1", "lpt9", "keyword", "importlib", "globals"):
        assert f"{stem}.py" not in files
        assert f"{stem}_.py" in files
    pages = {p.name for p in (out / "docs" / "models").glob("*.md")}
    assert "con.md" not in pages and "con_.md" in pages


def test_naming_rules() -> None:
    assert module_name("Con") == "con_"
    assert module_name("Com1") == "com1_"
    assert module_name("Class") == "class_"
    assert module_name("Consent") == "consent"
    assert page_name("Aux") == "aux_"
    assert enum_member_name(1e16) == "VALUE_1E16"
    assert enum_member_name(-2.5) == "VALUE_MINUS_2_5"
    assert enum_member_name(3) == "VALUE_3"


def test_number_mixed_and_const_object_values_round_trip(models: ModuleType) -> None:
    assert models.Huge.VALUE_1E16.value == 1e16
    data = {"huge": 1e16, "mixed": "two", "fixed": {"a": 1}, "con": {"id": "x"}}
    holder = models.Holder.model_validate_json(json.dumps(data))
    assert holder.mixed is models.Mixed.TWO
    dumped = json.loads(holder.model_dump_json(by_alias=True, exclude_unset=True))
    assert json_differences(data, dumped) == []
    again = models.Holder.model_validate({"mixed": 1})
    assert json.loads(again.model_dump_json(exclude_unset=True)) == {"mixed": 1}


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # property + value of a one-value enum (`type: [alias]`, APIs.guru's mailscript.com):
        # `TypeAlias` is what types.py imports from typing
        (["TypeAlias"], "TypeAliasT"),
        (["Responses"], "ResponsesT"),  # the runtime's answer table in resource modules
        (["Lazy", "Other"], "LazyT"),
        (["Plain"], "Plain"),
    ],
)
def test_a_derived_name_that_spells_a_reserved_one_takes_the_t_suffix(
    candidates: list[str], expected: str
) -> None:
    assert Namer().claim(candidates) == expected


def test_the_namer_reads_the_runtime_exceptions_it_must_not_shadow() -> None:
    from sdkforge.build.namer import runtime_exceptions
    from sdkforge.runtime import errors

    assert runtime_exceptions() == frozenset(errors.__all__)
    assert "NotFoundError" in runtime_exceptions()

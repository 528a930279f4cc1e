"""The package's own contracts: typed kinds that match the rule table, a matcher that returns
its pairing, and both specs of `diff` built in this process."""

from __future__ import annotations

import os
from pathlib import Path
from typing import get_args

import pytest
import yaml
from sdkforge.changes import OPERATION, RULES, SIDES, ChangeKind, RuleSide, Side
from sdkforge.changes.compare import pair_operations
from sdkforge.changes.match import Evidence, match_models
from sdkforge.changes.usage import Version
from sdkforge.history import load_pair

from .helpers import api_of, spec


def test_the_kind_literal_lists_exactly_the_kinds_of_the_rule_table() -> None:
    assert set(get_args(ChangeKind)) == {kind for kind, _ in RULES}


def test_the_side_literals_are_the_sides_of_the_rule_table() -> None:
    assert set(get_args(Side)) == set(SIDES)
    assert set(get_args(RuleSide)) == {*SIDES, OPERATION} == {s for _, s in RULES}


def _echo(schema: str) -> dict:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {
        "/x": {
            "post": {
                "operationId": "echo",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref}},
                },
                "responses": {"204": {"description": "done"}},
            }
        }
    }


def test_the_matcher_returns_the_pairing_it_found() -> None:
    """A component renamed at the same place (the request body of the same operation) is
    paired with its new name, by place; the untouched component keeps its name."""
    fields = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
    }
    other = {"type": "string", "enum": ["x", "y"]}
    old = api_of(spec(_echo("Thing"), {"Thing": fields, "Other": other}))
    new = api_of(spec(_echo("Item"), {"Item": fields, "Other": other}))
    op_pairs, added = pair_operations(old, new)
    assert added == []
    match = match_models(Version.of(old), Version.of(new), op_pairs)
    assert match.pairs["Thing"] == "Item"
    assert match.evidence["Thing"] is Evidence.PLACE
    assert (match.pairs["Other"], match.evidence["Other"]) == ("Other", Evidence.NAME)


def test_load_pair_builds_both_specs_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No fork: building OLD in a child was measured no faster (benchmarks/README.md)."""

    def no_fork() -> int:
        raise AssertionError("load_pair forked")

    monkeypatch.setattr(os, "fork", no_fork)
    monkeypatch.delenv("SDKFORGE_NO_FORK", raising=False)
    fields = {"type": "object", "properties": {"a": {"type": "string"}}}
    old_path, new_path = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old_path.write_text(yaml.safe_dump(spec(_echo("Thing"), {"Thing": fields})))
    new_path.write_text(yaml.safe_dump(spec(_echo("Item"), {"Item": fields})))
    old, new = load_pair(old_path, new_path)
    assert [m.name for m in old.models if m.name in {"Thing", "Item"}] == ["Thing"]
    assert [m.name for m in new.models if m.name in {"Thing", "Item"}] == ["Item"]

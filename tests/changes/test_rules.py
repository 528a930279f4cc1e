"""Every row of the rule table, on small specs: the change is found, alone, and classified."""

from __future__ import annotations

from collections import Counter

import pytest
from sdkforge.changes import OPERATION, RULES, SIDES, classify

from .helpers import (
    compare_data,
    describe,
    kinds_and_labels,
    load_cases,
    model_case_paths,
    spec,
)

MODEL_CASES = load_cases("model_rules.yaml")
OPERATION_FILE = load_cases("operation_rules.yaml")
OPERATION_CASES = OPERATION_FILE["cases"]


def _model_specs(case: dict, side: str) -> tuple[dict, dict]:
    both = case.get("both", {})
    paths = model_case_paths(side)
    return spec(paths, {**both, **case["old"]}), spec(paths, {**both, **case["new"]})


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("case", MODEL_CASES, ids=[c["name"] for c in MODEL_CASES])
def test_model_rule(case: dict, side: str) -> None:
    old, new = _model_specs(case, side)
    report = compare_data(old, new)
    assert kinds_and_labels(report) == Counter(
        case["expect"][side]
    ), f"{case['name']} ({side}):\n{describe(report)}"


@pytest.mark.parametrize(
    "case", OPERATION_CASES, ids=[c["name"] for c in OPERATION_CASES]
)
def test_operation_rule(case: dict) -> None:
    schemas = OPERATION_FILE["components"]["schemas"]
    report = compare_data(spec(case["old"], schemas), spec(case["new"], schemas))
    assert kinds_and_labels(report) == Counter(
        case["expect"]
    ), f"{case['name']}:\n{describe(report)}"


def test_every_rule_has_a_case() -> None:
    """Each (kind, side) row of RULES is exercised by a case above with that side."""
    covered: set[tuple[str, str]] = set()
    for case in MODEL_CASES:
        for side in SIDES:
            covered |= {(item.split()[0], side) for item in case["expect"][side]}
    for case in OPERATION_CASES:
        for item in case["expect"]:
            kind = item.split()[0]
            covered |= {
                (kind, side) for side in (OPERATION, *SIDES) if (kind, side) in RULES
            }
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without a test case: {missing}"


def test_every_rule_has_a_reason() -> None:
    for key, rule in RULES.items():
        assert rule.reason and not rule.reason.endswith("."), key


def test_a_model_used_on_both_sides_gets_both_rule_sets() -> None:
    # removing an optional field: request rules say wire+source, response rules say source
    assert classify("field.removed.optional", ("request",)) == (True, True)
    assert classify("field.removed.optional", ("response",)) == (False, True)
    assert classify("field.added.required", ("request", "response")) == (True, True)
    assert classify("enum.value_added.closed", ("request", "response")) == (True, False)
    # a model no operation uses is never on the wire
    assert classify("field.added.required", ()) == (False, True)
    x = {"$ref": "#/components/schemas/X"}
    paths = {
        "/x": {
            "post": {
                "operationId": "echoX",
                "requestBody": {"content": {"application/json": {"schema": x}}},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": x}},
                    }
                },
            }
        }
    }
    old = spec(paths, {"X": {"type": "string", "enum": ["a", "b"]}})
    new = spec(paths, {"X": {"type": "string", "enum": ["a"]}})
    report = compare_data(old, new)
    (entry,) = report.changes
    assert (entry.change.kind, entry.sides, entry.wire, entry.source) == (
        "enum.value_removed",
        ("request", "response"),
        True,
        True,
    )
    (op,) = report.operations
    assert op.changes[0].sides == ("request", "response")


def test_the_same_model_is_judged_per_operation() -> None:
    """Under each operation a model change carries the classification of that operation's side."""
    x = {"$ref": "#/components/schemas/X"}
    paths = {
        "/send": {
            "post": {
                "operationId": "sendX",
                "requestBody": {"content": {"application/json": {"schema": x}}},
                "responses": {"204": {"description": "done"}},
            }
        },
        "/get": {
            "get": {
                "operationId": "getX",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": x}},
                    }
                },
            }
        },
    }
    old = spec(
        paths, {"X": {"type": "object", "properties": {"a": {"type": "string"}}}}
    )
    new = spec(
        paths,
        {
            "X": {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string"}},
            }
        },
    )
    report = compare_data(old, new)
    by_op = {op.key: op.changes[0] for op in report.operations}
    assert (by_op["POST /send"].wire, by_op["POST /send"].source) == (True, True)
    assert (by_op["GET /get"].wire, by_op["GET /get"].source) == (False, False)
    assert report.changes[0].sides == ("request", "response")
    # breaking operations come first
    assert [op.key for op in report.operations] == ["POST /send", "GET /get"]


def test_the_readme_section_shows_the_rule_table() -> None:
    from pathlib import Path

    from sdkforge.changes import rules_markdown

    section = (Path(__file__).resolve().parents[2] / "README.md").read_text(
        encoding="utf-8"
    )
    assert (
        rules_markdown() in section
    ), "regenerate the rule table in README.md from sdkforge.changes.rules_markdown()"


def test_additive_kinds_are_rule_kinds() -> None:
    from sdkforge.changes import ADDITIVE

    assert {kind for kind, _ in RULES} >= ADDITIVE


@pytest.mark.parametrize(
    ("old", "new", "bump"),
    [
        (
            {"X": {"type": "object", "properties": {"a": {"type": "string"}}}},
            {"X": {"type": "object", "properties": {"a": {"type": "string"}}}},
            "none",
        ),
        (
            {"X": {"type": "object", "properties": {"a": {"type": "string"}}}},
            {
                "X": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                }
            },
            "minor",
        ),
        (
            {"X": {"type": "object", "properties": {"a": {"type": "integer"}}}},
            {
                "X": {
                    "type": "object",
                    "properties": {"a": {"type": "integer", "default": 2}},
                }
            },
            "patch",
        ),
        (
            {"X": {"type": "object", "properties": {"a": {"type": "string"}}}},
            {"X": {"type": "object", "properties": {"a": {"type": "integer"}}}},
            "major",
        ),
    ],
    ids=["none", "minor", "patch", "major"],
)
def test_semver_bump(old: dict, new: dict, bump: str) -> None:
    paths = model_case_paths("response")
    assert compare_data(spec(paths, old), spec(paths, new)).bump == bump

"""Small specs in memory, built into the model of the API, compared."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from sdkforge.build import build_api
from sdkforge.changes import ChangeReport, compare
from sdkforge.spec.load import SpecDocument

SPECS = Path(__file__).resolve().parent / "specs"


def load_cases(name: str) -> Any:
    return yaml.safe_load((SPECS / name).read_text(encoding="utf-8"))


def api_of(data: dict[str, Any], name: str = "case.yaml"):
    return build_api(
        SpecDocument(path=Path(name), text=json.dumps(data), data=copy.deepcopy(data))
    )


def spec(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Rules", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def model_case_paths(side: str) -> dict[str, Any]:
    """One operation using the model X on one side only."""
    ref = {"$ref": "#/components/schemas/X"}
    if side == "request":
        return {
            "/x": {
                "post": {
                    "operationId": "sendX",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref}},
                    },
                    "responses": {"204": {"description": "done"}},
                }
            }
        }
    return {
        "/x": {
            "get": {
                "operationId": "getX",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": ref}},
                    }
                },
            }
        }
    }


def compare_data(old: dict[str, Any], new: dict[str, Any]) -> ChangeReport:
    return compare(api_of(old, "old.yaml"), api_of(new, "new.yaml"))


def kinds_and_labels(report: ChangeReport) -> Counter:
    return Counter(f"{entry.change.kind} {entry.label}" for entry in report.changes)


def describe(report: ChangeReport) -> str:
    return (
        "\n".join(
            f"  {e.change.kind} {e.label}: {e.change.message}" for e in report.changes
        )
        or "  (no changes)"
    )

"""The pagination rules of build/pagination.py on small specs: what matches, what is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sdkforge.api import PaginationKind
from sdkforge.pipeline import load_api
from sdkforge.spec import SpecError

PAGE = {
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
        "has_more": {"type": "boolean"},
        "total": {"type": "integer"},
    },
}
ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}


def _spec(tmp_path: Path, parameters: list[str], extension: Any = None) -> Path:
    operation: dict[str, Any] = {
        "operationId": "listItems",
        "parameters": [
            {"name": n, "in": "query", "schema": {"type": "string"}} for n in parameters
        ],
        "responses": {
            "200": {
                "description": "a page",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Page"}
                    }
                },
            }
        },
    }
    if extension is not None:
        operation["x-speakeasy-pagination"] = extension
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/items": {"get": operation}},
        "components": {"schemas": {"Page": PAGE, "Item": ITEM}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _pagination(spec: Path) -> Any:
    model_api, _ = load_api(spec)
    return model_api.operations[0].pagination


def test_has_more_and_starting_after_take_the_last_items_id(tmp_path):
    found = _pagination(_spec(tmp_path, ["starting_after", "limit"]))
    assert found.kind is PaginationKind.CURSOR
    assert (found.items, found.parameter, found.cursor, found.has_more) == (
        "data",
        "starting_after",
        None,
        "has_more",
    )


@pytest.mark.parametrize(
    "parameters", [["after", "starting_after"], ["limit"], ["cursor"]]
)
def test_ambiguous_or_incomplete_shapes_are_not_paginated(tmp_path, parameters):
    assert _pagination(_spec(tmp_path, parameters)) is None


def test_the_extension_offset_limit(tmp_path):
    extension = {
        "type": "offsetLimit",
        "inputs": [
            {"in": "parameters", "name": "skip", "type": "offset"},
            {"in": "parameters", "name": "take", "type": "limit"},
        ],
        "outputs": {"results": "$.data"},
    }
    found = _pagination(_spec(tmp_path, ["skip", "take"], extension))
    assert found.kind is PaginationKind.OFFSET_LIMIT
    assert (found.parameter, found.limit, found.has_more) == (
        "skip",
        "take",
        "has_more",
    )


@pytest.mark.parametrize(
    ("extension", "pointer", "problem"),
    [
        ({"type": "page", "outputs": {"results": "$.data"}}, "/type", "'page'"),
        (
            {"type": "offsetLimit", "inputs": [], "outputs": {"results": "$.data"}},
            "/inputs",
            "offset",
        ),
        (
            {
                "type": "offsetLimit",
                "inputs": [{"in": "parameters", "name": "skip", "type": "offset"}],
                "outputs": {"results": "$.total"},
            },
            "/outputs/results",
            "not an array",
        ),
        (
            {
                "type": "cursor",
                "inputs": [{"in": "requestBody", "name": "skip", "type": "cursor"}],
                "outputs": {"results": "$.data", "nextCursor": "$.next"},
            },
            "/inputs/0",
            "query parameter",
        ),
        (
            {"type": "offsetLimit", "outputs": {"results": "$.page.data"}},
            "/outputs/results",
            "top-level field",
        ),
    ],
)
def test_an_extension_it_cannot_follow_is_a_spec_error_at_its_place(
    tmp_path, extension, pointer, problem
):
    with pytest.raises(SpecError) as caught:
        _pagination(_spec(tmp_path, ["skip"], extension))
    message = str(caught.value)
    assert f"/paths/~1items/get/x-speakeasy-pagination{pointer}" in message
    assert problem in message and "spec.yaml" in message

"""Operation groups (`client.<group>`): the rule of generator/build/groups.py, row by row, then an
OpenAPI 3.2 spec with tag kinds and parents generated, imported and called on a loopback server.
"""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.build.groups import label_tags, operation_group

from .wire import BOTH, Recorder, generate_sdk

LABELS = frozenset({"Beta", "internal"})

RULE_TABLE = [
    # (operation object, path, expected group)
    (
        {"x-speakeasy-group": "Chat.Completions", "tags": ["Models"]},
        "/x",
        "chat_completions",
    ),
    ({"x-speakeasy-group": "", "tags": ["Models"]}, "/x", "models"),
    ({"tags": ["File Requests", "Files"]}, "/files", "file_requests"),
    ({"tags": ["Beta", "Completions"]}, "/chat", "completions"),  # a label is skipped
    (
        {"tags": ["Beta", "internal"]},
        "/v1/models/{id}",
        "models",
    ),  # only labels: the path
    ({"tags": []}, "/v1/customers/{customer}/sources", "customers"),
    ({}, "/v2beta1/projects", "projects"),
    ({}, "/api/v2/{org}/billing-portal/sessions", "billing_portal"),
    ({}, "/rest/api/2023-10-01/fileRequests", "file_requests"),
    ({}, "/V3.1/{id}/users.{format}", "default"),  # `users.{format}` is not literal
    ({}, "/v1.2-preview/items", "items"),
    ({}, "/{tenant}/apikeys", "apikeys"),
    ({}, "/version/items", "version"),  # a word, not a version segment
    ({}, "/import", "import"),  # a keyword: the client renames its attribute
    ({}, "/v1", "default"),
    ({}, "/", "default"),
]


@pytest.mark.parametrize(("operation", "path", "expected"), RULE_TABLE)
def test_the_group_rule(operation: dict[str, Any], path: str, expected: str) -> None:
    assert operation_group(operation, path, LABELS) == expected


TAGS = [
    {"name": "Chat", "kind": "nav"},
    {"name": "Completions", "parent": "Chat"},
    {"name": "Beta", "kind": "badge"},
    {"name": "Plain"},
]


def test_only_3_2_tags_with_a_kind_other_than_nav_are_labels() -> None:
    assert label_tags(TAGS, openapi_32=True) == frozenset({"Beta"})
    assert (
        label_tags(TAGS, openapi_32=False) == frozenset()
    )  # `kind` is not a 3.0/3.1 field
    assert label_tags(None, openapi_32=True) == frozenset()


SPEC_32 = """\
openapi: 3.2.0
info: {title: Groups, version: '1'}
servers: [{url: 'https://example.com/v1'}]
tags:
  - {name: Chat, kind: nav}
  - {name: Completions, parent: Chat}
  - {name: Beta, kind: badge}
paths:
  /chat:
    get: {operationId: getChat, tags: [Chat], responses: {'200': {$ref: '#/components/responses/Ok'}}}
  /chat/completions:
    post: {operationId: complete, tags: [Beta, Completions], responses: {'200': {$ref: '#/components/responses/Ok'}}}
  /v1/models/{id}:
    get:
      operationId: getModel
      tags: [Beta]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {$ref: '#/components/responses/Ok'}}
  /api/v2/billing-portal/sessions:
    get: {operationId: listSessions, responses: {'200': {$ref: '#/components/responses/Ok'}}}
  /close:
    post: {operationId: close, responses: {'200': {$ref: '#/components/responses/Ok'}}}
  /import:
    post: {operationId: import, responses: {'200': {$ref: '#/components/responses/Ok'}}}
  /:
    get: {operationId: root, responses: {'200': {$ref: '#/components/responses/Ok'}}}
components:
  responses:
    Ok:
      description: ok
      content: {application/json: {schema: {$ref: '#/components/schemas/Echo'}}}
  schemas:
    Echo:
      type: object
      properties: {method: {type: string}, target: {type: string}}
"""

# (client attribute, method, expected request target): each group of SPEC_32 once.
CALLS = [
    ("chat", "get_chat", "GET /chat"),  # a `nav` tag is a group
    ("completions", "complete", "POST /chat/completions"),  # the child's own name
    ("models", "get_model", "GET /v1/models/m1"),  # only a label tag: the path
    ("billing_portal", "list_sessions", "GET /api/v2/billing-portal/sessions"),
    ("close_", "close", "POST /close"),  # `close` is a Client method
    ("import_", "import_", "POST /import"),  # a keyword
    ("default", "root", "GET /"),
]


@pytest.fixture(scope="module")
def groups_sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_sdk_with_spec(
        tmp_path_factory.mktemp("groups"), SPEC_32, "groups_sdk"
    )


@pytest.fixture(scope="module")
def recorder() -> Any:
    with Recorder().serving() as recorder:
        yield recorder


@BOTH
@pytest.mark.parametrize(("attribute", "method", "request_line"), CALLS)
def test_each_group_of_a_3_2_spec_calls_its_operation(
    groups_sdk: ModuleType,
    recorder: Recorder,
    asynchronous: bool,
    attribute: str,
    method: str,
    request_line: str,
) -> None:
    kwargs = {"id": "m1"} if method == "get_model" else {}
    options = {"base_url": recorder.url}
    if asynchronous:

        async def go() -> Any:
            async with groups_sdk.AsyncClient(**options) as client:
                return await getattr(getattr(client, attribute), method)(**kwargs)

        echo = asyncio.run(go())
    else:
        with groups_sdk.Client(**options) as client:
            echo = getattr(getattr(client, attribute), method)(**kwargs)
    assert f"{echo.method} {echo.target}" == request_line


def test_the_client_has_exactly_these_groups_and_the_docs_name_them_alike(
    groups_sdk: ModuleType,
) -> None:
    resources = Path(groups_sdk.__file__).parent / "resources"
    modules = {p.stem for p in resources.glob("*.py")} - {"__init__"}
    assert modules == {attribute for attribute, _, _ in CALLS}
    readme = (Path(groups_sdk.__file__).parents[1] / "README.md").read_text()
    for attribute, _, _ in CALLS:
        assert f"docs/sdks/{attribute}/README.md" in readme, attribute
    assert "docs/sdks/beta/" not in readme  # a label is no group


SHADOWING_SPEC = """\
openapi: 3.1.0
info: {title: Shadow, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pets]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/PetsOperations'}}}
components:
  schemas:
    PetsOperations:
      type: object
      properties: {method: {type: string}, target: {type: string}}
"""


def test_a_model_named_like_a_group_class_keeps_its_name_and_the_group_takes_another(
    tmp_path: Path, recorder: Recorder
) -> None:
    """The group's module imports the models it returns: `PetsOperations` the schema and
    `PetsOperations` the group class would be one name (a pyflakes redefinition, and a return
    annotation naming the class). The group class is `PetsResource` then."""
    sdk = generate_sdk_with_spec(tmp_path, SHADOWING_SPEC, "shadow_sdk")
    module = importlib.import_module("shadow_sdk.resources.pets")
    assert module.PetsResource.__name__ == "PetsResource"
    assert "class PetsOperations" not in Path(module.__file__).read_text()
    with sdk.Client(base_url=recorder.url) as client:
        pets = client.pets.list_pets()
    assert type(pets).__name__ == "PetsOperations"
    assert f"{pets.method} {pets.target}" == "GET /pets"
    flakes = subprocess.run(
        [sys.executable, "-m", "pyflakes", str(Path(sdk.__file__).parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert flakes.stdout == ""


def generate_sdk_with_spec(root: Path, spec_text: str, package: str) -> ModuleType:
    spec = root / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    return generate_sdk(spec, root / "out", package)

"""Importing `Client` loads no model and no group module; a group loads on first use, its models
on its first call (issue 11 item 7). Each step runs in a fresh interpreter and reports
`sys.modules`, against a loopback server for the call.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from . import wire

feature_sdk = wire.feature_sdk  # the fixture `sdk`
feature_recorder = wire.feature_recorder  # the fixture `recorder`

PROBE = """
import json, sys

def loaded(prefix):
    return sorted(m for m in sys.modules if m == prefix or m.startswith(prefix + "."))

steps = {{}}
from features_sdk import Client
steps["import"] = loaded("features_sdk")
client = Client(api_key="k", base_url={url!r})
steps["client"] = loaded("features_sdk")
items = client.items
steps["group"] = loaded("features_sdk")
echo = items.create_item(item_id="1", name="lamp", size="big")
steps["call"] = loaded("features_sdk")
steps["echo"] = type(echo).__name__
steps["same"] = client.items is items
raw = client.with_raw_response.items
steps["raw_bound_to_copy"] = raw.create_item.__self__._client is not client
steps["raw_status"] = raw.create_item(item_id="1", name="lamp", size="big").status_code
from features_sdk import AsyncClient
steps["async_group"] = type(AsyncClient(api_key="k", base_url={url!r}).content).__name__
print(json.dumps(steps))
"""


@pytest.fixture(scope="module", name="steps")
def probe(sdk: ModuleType, recorder: Any) -> dict[str, Any]:
    out = Path(sdk.__file__).parents[1]
    url = recorder.url
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROBE.format(url=url + "/v1"))],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def models(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("features_sdk.models")]


def groups(modules: list[str]) -> list[str]:
    return [m for m in modules if m.startswith("features_sdk.resources.")]


def test_client_import_and_construction_load_no_model_and_no_group(
    steps: dict[str, Any],
) -> None:
    for step in ("import", "client"):
        assert "features_sdk.client" in steps["client"]
        assert models(steps[step]) == [], step
        assert groups(steps[step]) == [], step
        assert "features_sdk._base" not in steps[step], step


def test_a_group_loads_its_module_on_first_use_and_its_models_on_the_first_call(
    steps: dict[str, Any],
) -> None:
    assert groups(steps["group"]) == ["features_sdk.resources.items"]
    assert models(steps["group"]) == []
    # The call needs the body model NewItem (and what its fields name) and the response Echo.
    called = models(steps["call"])
    assert "features_sdk.models.newitem" in called
    assert "features_sdk.models.echo" in called
    assert (
        "features_sdk.models.address" not in called
    )  # only the `content` group names it
    assert groups(steps["call"]) == ["features_sdk.resources.items"]
    assert steps["echo"] == "Echo"
    assert steps["same"] is True  # the group object is made once per client


def test_configured_copies_bind_their_groups_to_themselves(
    steps: dict[str, Any],
) -> None:
    # with_raw_response copies the client after `items` was cached on it: the copy's group
    # must call through the copy (raw responses), not through the original.
    assert steps["raw_bound_to_copy"] is True
    assert steps["raw_status"] == 200


def test_the_async_client_has_the_async_group_classes(steps: dict[str, Any]) -> None:
    assert steps["async_group"] == "AsyncContentOperations"

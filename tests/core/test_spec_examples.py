"""Every example the real specs give for a schema round-trips through the generated model.

About a thousand real payloads written by the API's authors, each validated with its model and
dumped back (by alias, unset fields left out), compared with types. The few examples that break
their own schema are listed with the reason, and must keep failing: a model that suddenly accepts
them would have stopped enforcing the spec.
"""

from __future__ import annotations

import importlib
import json
import warnings

import pydantic
import pytest
from sdkforge import api
from sdkforge.build import build_api
from sdkforge.build.predicates import example_of
from sdkforge.spec.load import load_spec

from .helpers import SHARED_SPECS, VERSIONS, json_differences

COMPLETED_AT = "the example lacks the required `completed_at` (and two penalties) of OpenResponsesNonStreamingResponse"
SPEC_EXAMPLES_THAT_BREAK_THEIR_SCHEMA = {
    "2026-02-20": {
        "OpenResponsesNonStreamingResponse": COMPLETED_AT,
        "OpenResponsesCreatedEvent": COMPLETED_AT,
        "OpenResponsesInProgressEvent": COMPLETED_AT,
        "OpenResponsesCompletedEvent": COMPLETED_AT,
        "OpenResponsesIncompleteEvent": COMPLETED_AT,
        "OpenResponsesFailedEvent": COMPLETED_AT,
        "OpenResponsesStreamEvent": COMPLETED_AT,
        "OpenResponsesStreamEventResponseCreated": COMPLETED_AT,
        "OpenResponsesStreamEventResponseInProgress": COMPLETED_AT,
        "OpenResponsesStreamEventResponseCompleted": COMPLETED_AT,
        "OpenResponsesStreamEventResponseIncomplete": COMPLETED_AT,
        "OpenResponsesStreamEventResponseFailed": COMPLETED_AT,
        "ListEndpointsResponse": "the example endpoint lacks the required `model_id`",
    },
    "2026-08-22": {
        "ObservabilityFilterRulesConfig": "the example is null: the schema allows null, which its use sites type as Optional",
        "ObservabilityFilterRulesConfigNullable": "the example is null (as above)",
        "VideoModel": "the example lacks the required `creativity`",
        "VideoModelsListResponse": "the example model lacks the required `creativity`",
    },
}
GROUP_MODULES = {
    "models": "models",
    "operations": "models.operations",
    "errors": "models.errors",
}


def _round_trip(model: api.Model, exported) -> object:
    if isinstance(exported, type) and issubclass(exported, pydantic.BaseModel):
        return json.loads(
            exported.model_validate(model.example).model_dump_json(
                by_alias=True, exclude_unset=True
            )
        )
    adapter = pydantic.TypeAdapter(exported)
    return json.loads(
        adapter.dump_json(
            adapter.validate_python(model.example), by_alias=True, exclude_unset=True
        )
    )


def _has_own_example(document, pointer: str) -> bool:
    try:
        schema = document.resolve(pointer)
    except KeyError:
        return False
    return isinstance(schema, dict) and example_of(schema) is not api.MISSING


@pytest.mark.parametrize("version", VERSIONS)
def test_spec_examples_round_trip_through_their_models(sdk_packages, version):
    document = load_spec(SHARED_SPECS / f"{version}.yaml")
    model_api = build_api(document)
    known_bad = SPEC_EXAMPLES_THAT_BREAK_THEIR_SCHEMA.get(version, {})
    checked, failures, still_bad = 0, [], []
    warnings.simplefilter("ignore", DeprecationWarning)
    for model in model_api.models:
        if model.example is api.MISSING or isinstance(model, api.EnumModel):
            continue
        if not _has_own_example(document, model.pointer):
            continue  # shown on its docs page, but written for one of its allOf parts
        module = importlib.import_module(
            f"{sdk_packages[version]}.{GROUP_MODULES[model.group]}"
        )
        try:
            ok = not json_differences(
                model.example, _round_trip(model, getattr(module, model.class_name))
            )
        except pydantic.ValidationError:
            ok = False
        if model.name in known_bad:
            still_bad.append(not ok)
        elif not ok:
            failures.append(model.name)
        checked += 1
    assert (
        not failures
    ), f"{len(failures)} of {checked} spec examples do not round-trip: {failures[:20]}"
    assert all(still_bad) and len(still_bad) == len(
        known_bad
    ), "a listed broken example now validates"
    assert checked >= {
        "2025-08-21": 0,
        "2025-10-07": 50,
        "2025-10-30": 150,
        "2026-02-20": 200,
    }.get(version, 700)

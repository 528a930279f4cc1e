"""Exact round trip of a hand-written payload corpus through the generated models of every spec version.

`payloads/<version>.json` holds realistic stream chunks (content, reasoning, tool-call deltas, usage,
nulls, unknown fields, unknown enum values) and examples copied from the specs. Each valid payload must
survive `model_validate_json` -> `model_dump_json(by_alias=True, exclude_unset=True)` unchanged,
compared with types (1 and 1.0 differ); each invalid one must fail with a pydantic ValidationError
at the named place.
"""

from __future__ import annotations

import json
import warnings
from enum import Enum
from typing import Any

import pydantic
import pytest
from pydantic import TypeAdapter, ValidationError

from .helpers import HERE, VERSIONS, json_differences, model_object

CORPUS = {
    version: json.loads(
        (HERE / "payloads" / f"{version}.json").read_text(encoding="utf-8")
    )
    for version in VERSIONS
}
VALID = [(version, case) for version in VERSIONS for case in CORPUS[version]["valid"]]
INVALID = [
    (version, case) for version in VERSIONS for case in CORPUS[version]["invalid"]
]
# Whether the chat chunk's finish_reason is an open enum in each spec's SDK. With the default
# `open-enums = responses` every enum of more than one value a response carries is open, also
# where the spec does not mark it (`x-speakeasy-unknown-values: allow`, 2025-10-30 and later).
FINISH_REASON_IS_OPEN = {
    "2025-08-21": True,
    "2025-10-07": True,
    "2025-10-30": True,
    "2026-02-20": True,
    "2026-08-22": True,
}


def _case_id(item: tuple[str, dict]) -> str:
    return f"{item[0]}:{item[1]['name']}"


def validate(package: str, model_name: str, raw: str) -> tuple[Any, str]:
    """(validated value, JSON dumped back by alias without unset fields) for a class or a union alias."""
    target = model_object(package, model_name)
    if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
        value = target.model_validate_json(raw)
        return value, value.model_dump_json(by_alias=True, exclude_unset=True)
    adapter = TypeAdapter(target)
    value = adapter.validate_json(raw)
    return value, adapter.dump_json(value, by_alias=True, exclude_unset=True).decode(
        "utf-8"
    )


def chunk_model(version: str) -> str:
    return CORPUS[version]["chunk_model"]


def sample_chunk(finish_reason: Any = "stop", **top: Any) -> dict:
    doc = {
        "id": "gen-1",
        "model": "openai/gpt-4o",
        "object": "chat.completion.chunk",
        "created": 1743080000,
        "choices": [
            {
                "index": 0,
                "delta": {"role": "assistant", "content": "Hi"},
                "finish_reason": finish_reason,
            }
        ],
    }
    doc.update(top)
    return doc


# ---- the corpus ----------------------------------------------------------------------------


def test_corpus_covers_every_version_with_its_stream_chunk_model(sdk_packages):
    for version in VERSIONS:
        corpus = CORPUS[version]
        assert corpus["version"] == version
        names = {case.get("model", corpus["chunk_model"]) for case in corpus["valid"]}
        assert corpus["chunk_model"] in names
        assert sum(1 for case in corpus["valid"] if "model" not in case) >= 10, version
        for name in names | {
            case.get("model", corpus["chunk_model"]) for case in corpus["invalid"]
        }:
            model_object(
                sdk_packages[version], name
            )  # every model the corpus names exists


@pytest.mark.parametrize("version,case", VALID, ids=[_case_id(item) for item in VALID])
def test_round_trip_is_exact(sdk_packages, version, case):
    raw = json.dumps(case["payload"], ensure_ascii=False)
    _, dumped = validate(
        sdk_packages[version], case.get("model", chunk_model(version)), raw
    )
    differences = json_differences(json.loads(raw), json.loads(dumped))
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize(
    "version,case", INVALID, ids=[_case_id(item) for item in INVALID]
)
def test_invalid_payload_is_rejected_where_it_is_wrong(sdk_packages, version, case):
    raw = json.dumps(case["payload"])
    with pytest.raises(ValidationError) as failure:
        validate(sdk_packages[version], case.get("model", chunk_model(version)), raw)
    places = [
        ".".join(str(part) for part in error["loc"]) for error in failure.value.errors()
    ]
    assert any(place.startswith(case["error_at"]) for place in places), places


# ---- the points of the issue, one by one -----------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_integer_created_stays_an_integer(sdk_packages, version):
    chunk, dumped = validate(
        sdk_packages[version], chunk_model(version), json.dumps(sample_chunk())
    )
    assert type(chunk.created) is int
    assert '"created":1743080000,' in dumped or dumped.endswith('"created":1743080000}')
    assert type(json.loads(dumped)["choices"][0]["index"]) is int


@pytest.mark.parametrize("version", VERSIONS)
def test_required_nullable_finish_reason_accepts_null(sdk_packages, version):
    """Every chunk of a stream but the last has `finish_reason: null`; the field is required and nullable."""
    chunk, dumped = validate(
        sdk_packages[version], chunk_model(version), json.dumps(sample_chunk(None))
    )
    assert chunk.choices[0].finish_reason is None
    assert json.loads(dumped)["choices"][0]["finish_reason"] is None
    choice_type = type(chunk.choices[0])
    assert choice_type.model_fields[
        "finish_reason"
    ].is_required(), "finish_reason is required in every spec"
    without = sample_chunk()
    del without["choices"][0]["finish_reason"]
    with pytest.raises(ValidationError):
        validate(sdk_packages[version], chunk_model(version), json.dumps(without))


@pytest.mark.parametrize("version", VERSIONS)
def test_finish_reason_enum_is_open_or_closed_as_the_spec_says(sdk_packages, version):
    package, model = sdk_packages[version], chunk_model(version)
    known, _ = validate(package, model, json.dumps(sample_chunk("stop")))
    assert isinstance(known.choices[0].finish_reason, Enum)
    assert known.choices[0].finish_reason.value == "stop"
    if FINISH_REASON_IS_OPEN[version]:
        chunk, dumped = validate(package, model, json.dumps(sample_chunk("new_reason")))
        assert chunk.choices[0].finish_reason == "new_reason"
        assert not isinstance(chunk.choices[0].finish_reason, Enum)
        assert json.loads(dumped)["choices"][0]["finish_reason"] == "new_reason"
    else:
        with pytest.raises(ValidationError) as failure:
            validate(package, model, json.dumps(sample_chunk("new_reason")))
        (error,) = [
            e
            for e in failure.value.errors()
            if e["loc"][:3] == ("choices", 0, "finish_reason")
        ]
        assert error["type"] == "enum"
        assert "'stop'" in error["msg"], error["msg"]


@pytest.mark.parametrize("version", VERSIONS)
def test_closed_enum_rejects_unknown_value_with_a_clear_pydantic_error(
    sdk_packages, version
):
    payload = sample_chunk()
    payload["choices"][0]["delta"]["role"] = "robot"
    with pytest.raises(ValidationError) as failure:
        validate(sdk_packages[version], chunk_model(version), json.dumps(payload))
    errors = [
        e
        for e in failure.value.errors()
        if e["loc"][:4] == ("choices", 0, "delta", "role")
    ]
    assert errors, failure.value.errors()
    assert errors[0]["type"] in ("enum", "literal_error")
    assert "'assistant'" in errors[0]["msg"]
    assert errors[0]["input"] == "robot"


@pytest.mark.parametrize("version", VERSIONS)
def test_absent_stays_absent_and_explicit_null_stays_null(sdk_packages, version):
    package, model = sdk_packages[version], chunk_model(version)
    chunk, dumped = validate(package, model, json.dumps(sample_chunk()))
    for absent in ("usage", "system_fingerprint", "error"):
        assert absent not in json.loads(dumped)
    assert "usage" not in chunk.model_fields_set
    assert "logprobs" not in json.loads(dumped)["choices"][0]
    with_null = sample_chunk()
    with_null["choices"][0]["delta"]["content"] = None  # nullable in every version
    _, dumped = validate(package, model, json.dumps(with_null))
    assert json.loads(dumped)["choices"][0]["delta"] == {
        "role": "assistant",
        "content": None,
    }


def test_absent_field_with_a_default_stays_absent(sdk_packages):
    """2025-08-21 gives `format` a default; a payload without it must not gain it."""
    detail = {"type": "reasoning.text", "text": "hm"}
    value, dumped = validate(
        sdk_packages["2025-08-21"], "ReasoningDetailText", json.dumps(detail)
    )
    assert json.loads(dumped) == detail
    assert value.format is not None  # the default is still there for Python users


@pytest.mark.parametrize("version", VERSIONS)
def test_unknown_fields_are_kept_at_every_depth(sdk_packages, version):
    payload = sample_chunk(x_top={"a": [1, 2.0]})
    payload["choices"][0]["x_choice"] = 1
    payload["choices"][0]["delta"]["x_delta"] = None
    payload["choices"][0]["delta"]["tool_calls"] = [
        {"index": 0, "x_call": True, "function": {"name": "f", "x_fn": "y"}}
    ]
    chunk, dumped = validate(
        sdk_packages[version], chunk_model(version), json.dumps(payload)
    )
    assert chunk.model_extra == {"x_top": {"a": [1, 2.0]}}
    assert chunk.choices[0].model_extra == {"x_choice": 1}
    assert chunk.choices[0].delta.model_extra == {"x_delta": None}
    assert chunk.choices[0].delta.tool_calls[0].function.model_extra == {"x_fn": "y"}
    assert not json_differences(payload, json.loads(dumped))


@pytest.mark.parametrize("version", VERSIONS)
def test_wire_and_python_names_are_both_accepted(sdk_packages, version):
    """`bytes` (wire) is `bytes_` in Python; both spellings validate, dumps use the wire name."""
    logprob_model = type(
        validate(
            sdk_packages[version],
            chunk_model(version),
            json.dumps(
                sample_chunk(
                    choices=[
                        {
                            "index": 0,
                            "delta": {},
                            "finish_reason": "stop",
                            "logprobs": {
                                "content": [
                                    {
                                        "token": "a",
                                        "logprob": -1.5,
                                        "bytes": [97],
                                        "top_logprobs": [],
                                    }
                                ],
                                "refusal": None,
                            },
                        }
                    ]
                )
            ),
        )[0]
        .choices[0]
        .logprobs.content[0]
    )
    by_wire = logprob_model.model_validate(
        {"token": "a", "logprob": -1.5, "bytes": [97], "top_logprobs": []}
    )
    by_python = logprob_model.model_validate(
        {"token": "a", "logprob": -1.5, "bytes_": [97], "top_logprobs": []}
    )
    assert by_wire.bytes_ == by_python.bytes_ == [97]
    assert by_wire.model_dump(
        by_alias=True, exclude_unset=True
    ) == by_python.model_dump(by_alias=True, exclude_unset=True)
    assert json.loads(by_python.model_dump_json(by_alias=True, exclude_unset=True))[
        "bytes"
    ] == [97]
    assert (
        logprob_model(token="b", logprob=0, bytes_=None, top_logprobs=[]).model_dump(
            by_alias=True
        )["bytes"]
        is None
    )


def test_camel_case_wire_names_become_snake_case_attributes(sdk_packages):
    model = model_object(
        sdk_packages["2026-08-22"], "ObservabilityBraintrustDestinationConfig"
    )
    assert {"api_key", "base_url", "project_id"} <= set(model.model_fields)
    wire = {"apiKey": "sk-1", "projectId": "p1"}
    by_wire = model.model_validate_json(json.dumps(wire))
    by_python = model.model_validate({"api_key": "sk-1", "project_id": "p1"})
    assert by_wire.api_key == by_python.api_key == "sk-1"
    for value in (by_wire, by_python):
        assert (
            json.loads(value.model_dump_json(by_alias=True, exclude_unset=True)) == wire
        )  # baseUrl's default stays out
    assert by_wire.base_url == "https://api.braintrust.dev"


@pytest.mark.parametrize("version", ["2025-10-07", "2025-10-30"])
def test_stream_envelope_round_trips(sdk_packages, version):
    envelope = {"data": sample_chunk(None, system_fingerprint=None)}
    value, dumped = validate(
        sdk_packages[version], "ChatStreamingResponseChunk", json.dumps(envelope)
    )
    assert type(value.data).__name__ == chunk_model(version)
    assert not json_differences(envelope, json.loads(dumped))


def test_deprecated_model_warns_when_built(sdk_packages):
    model = model_object(
        sdk_packages["2026-02-20"], "ChatMessageContentItemVideoLegacy"
    )
    with pytest.warns(DeprecationWarning, match="ChatMessageContentItemVideoLegacy"):
        value = model.model_validate(
            {"type": "input_video", "video_url": {"url": "https://example.com/v.mp4"}}
        )
    assert value.video_url.url == "https://example.com/v.mp4"


@pytest.mark.parametrize("version", ["2026-02-20", "2026-08-22"])
def test_deprecated_field_warns_and_names_the_field(sdk_packages, version):
    model = model_object(sdk_packages[version], "ChatStreamOptions")
    assert model.model_fields["include_usage"].deprecated
    value = model.model_validate_json('{"include_usage": true}')
    with pytest.warns(DeprecationWarning) as caught:
        assert value.include_usage is True
    assert any("include_usage" in str(w.message) for w in caught), [
        str(w.message) for w in caught
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert (
            value.model_dump_json(by_alias=True, exclude_unset=True)
            == '{"include_usage":true}'
        )


@pytest.mark.parametrize(
    "version,model,field",
    [
        (
            "2025-10-07",
            "ResponsesNonStreamingResponse",
            "incomplete_details",
        ),  # $ref to `nullable: true` object
        (
            "2026-08-22",
            "AnthropicUsage",
            "cache_creation",
        ),  # $ref to `type: [object, "null"]`
        (
            "2026-08-22",
            "ChatStreamChoice",
            "finish_reason",
        ),  # $ref to an enum with `null` in type and enum
    ],
)
def test_reference_to_a_nullable_component_accepts_null(
    sdk_packages, version, model, field
):
    """Nullability declared on the referenced component must reach the field that references it."""
    target = model_object(sdk_packages[version], model)
    target.model_rebuild()  # models build on first use: resolve the field's annotation now
    annotation = target.model_fields[field].annotation
    try:
        assert TypeAdapter(annotation).validate_json("null") is None
    except ValidationError as exc:
        pytest.fail(
            f"{model}.{field} ({annotation}) rejects null: {exc.errors()[0]['msg']}"
        )

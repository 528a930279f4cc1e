"""The real history: every consecutive pair of the five OpenRouter specs.

The expectations below were written by reading the spec diffs (the YAML of the schemas and
paths named in each test), not by copying the tool's output: for each pair, a hand-picked set
of changes that must be reported with their classification, and changes that must NOT be
reported because the spec only respelled something.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from sdkforge.build import build_api
from sdkforge.changes import ChangeReport, Classified, compare, to_json, to_markdown
from sdkforge.spec import load_spec

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "openrouter"
VERSIONS = ["2025-08-21", "2025-10-07", "2025-10-30", "2026-02-20", "2026-08-22"]

pytestmark = pytest.mark.skipif(
    not (SPECS / "2026-08-22.yaml").is_file(),
    reason="the real specs are not beside the repo",
)


@pytest.fixture(scope="module")
def apis():
    return {
        version: build_api(load_spec(SPECS / f"{version}.yaml")) for version in VERSIONS
    }


@pytest.fixture(scope="module")
def reports(apis) -> dict[tuple[str, str], ChangeReport]:
    return {(a, b): compare(apis[a], apis[b]) for a, b in pairwise(VERSIONS)}


def changes_at(
    report: ChangeReport, where: str, kind: str | None = None
) -> list[Classified]:
    return [
        e
        for e in report.changes
        if e.change.where == where and (kind is None or e.change.kind == kind)
    ]


def one(report: ChangeReport, where: str, kind: str) -> Classified:
    found = changes_at(report, where, kind)
    assert (
        len(found) == 1
    ), f"expected one {kind} at {where}, found: {[e.change.message for e in changes_at(report, where)]}"
    return found[0]


def expect(report: ChangeReport, where: str, kind: str, label: str) -> Classified:
    entry = one(report, where, kind)
    assert (
        entry.label == label
    ), f"{entry.change.message}: {entry.label}, expected {label}"
    return entry


def renamed(report: ChangeReport, old: str, new: str) -> None:
    entry = expect(report, new, "model.renamed", "source")
    assert (entry.change.old_model, entry.change.new_model) == (old, new)
    # reported once as a rename: neither a removal of the old name nor an addition of the new one
    assert not [
        e
        for e in report.changes
        if e.change.kind == "model.removed" and e.change.old_model == old
    ]
    assert not [
        e
        for e in report.changes
        if e.change.kind == "model.added" and e.change.new_model == new
    ]


def operation(report: ChangeReport, key: str, old_id: str | None = None):
    found = [
        op
        for op in report.operations
        if op.key == key and (old_id is None or op.old_id == old_id)
    ]
    assert len(found) == 1, [
        (op.key, op.old_id) for op in report.operations if op.key == key
    ]
    return found[0]


# ---- 2025-08-21 -> 2025-10-07 ---------------------------------------------------------------------


def test_2025_08_21_to_2025_10_07(reports) -> None:
    report = reports[("2025-08-21", "2025-10-07")]
    # /chat/completions and its twin /chat/completions#stream become one operation with
    # x-speakeasy-group chat and x-speakeasy-name-override send
    create = operation(report, "POST /chat/completions", "createChatCompletion")
    stream = operation(report, "POST /chat/completions", "streamChatCompletion")
    assert create.new_id == stream.new_id == "sendChatCompletionRequest"
    kinds = {(e.change.kind, e.change.message) for e in create.changes}
    assert (
        "operation.renamed",
        "client method `chat.create_chat_completion` renamed to `chat.send`",
    ) in kinds
    assert (
        "operation.renamed",
        "client method `chat.stream_chat_completion` renamed to `chat.send`",
    ) in {(e.change.kind, e.change.message) for e in stream.changes}
    assert [e.label for e in create.changes if e.change.kind == "stream.added"] == [
        "compatible"
    ]
    assert [e.label for e in stream.changes if e.change.kind == "response.added"] == [
        "compatible"
    ]
    # the request body, the response, the stream item and the error body keep their shapes under new names
    renamed(report, "ChatCompletionCreateParams", "ChatGenerationParams")
    renamed(report, "ChatCompletion", "ChatResponse")
    renamed(report, "ChatCompletionChunk", "Data")
    renamed(report, "ChatCompletionError", "ChatError")
    # ChatGenerationParams: `model` joins `required`; provider/models/plugins/reasoning_effort are gone;
    # `reasoning` loses `nullable: true`
    expect(report, "ChatGenerationParams.model", "field.required", "wire+source")
    for name in ("provider", "models", "plugins", "reasoning_effort"):
        expect(
            report,
            f"ChatGenerationParams.{name}",
            "field.removed.optional",
            "wire+source",
        )
    expect(report, "ChatGenerationParams.reasoning", "nullable.removed", "wire+source")
    # 2025-08-21's `reasoning` object was ChatCompletionCreateParamsReasoning: its short name
    # was wanted twice (ChatStreamCompletionCreateParams takes the property in through allOf)
    expect(report, "ChatGenerationParams.reasoning", "type.class_changed", "source")
    # the error's `code`: `string, nullable` -> `anyOf [string, number, null]`: wider, in a response
    expect(report, "ChatErrorError.code", "type.wider.class", "wire+source")
    # 22 new operations (23 in all, the chat one is the old pair merged)
    added = {op.new_id for op in report.operations if op.status == "added"}
    assert {"listModels", "createCompletions", "listProviders", "getCredits"} <= added
    assert len(added) == 22
    # respelled only: `nullable: true` -> `type: [X, "null"]` (max_tokens, stream); the sentinel stays [DONE]
    assert not changes_at(report, "ChatGenerationParams.max_tokens")
    assert not changes_at(report, "ChatGenerationParams.stream")
    assert not [
        e for e in report.changes if e.change.kind.startswith("stream.sentinel")
    ]
    assert report.bump == "major"


# ---- 2025-10-07 -> 2025-10-30 ---------------------------------------------------------------------


def test_2025_10_07_to_2025_10_30(reports) -> None:
    report = reports[("2025-10-07", "2025-10-30")]
    # every nullable chunk field is respelled `type: [X, "null"]` -> `anyOf: [X, {type: "null"}]`
    # (and `oneOf` -> `anyOf` for logprobs): no change at all
    for where in (
        "ChatStreamingResponseChunkData.system_fingerprint",
        "ChatStreamingChoice.logprobs",
        "ChatStreamingChoice.delta",
        "ChatStreamingResponseChunkData.usage",
    ):
        assert not changes_at(report, where), [
            e.change.message for e in changes_at(report, where)
        ]
    # finish_reason: the closed inline enum becomes the open component enum ChatCompletionFinishReason
    # (via `__schema0: anyOf [$ref, null]`): same values, so nothing on the wire; another class
    entry = expect(
        report, "ChatStreamingChoice.finish_reason", "type.class_changed", "source"
    )
    assert (
        "`ChatStreamingChoiceFinishReason` (closed enum) → `ChatCompletionFinishReason` (open enum)"
        in entry.change.message
    )
    assert not changes_at(
        report, "ChatStreamingChoice.finish_reason", "nullable.removed"
    )
    assert [
        e.change.old_model
        for e in report.changes
        if e.change.kind == "enum.opened"
        and e.change.new_model == "ChatCompletionFinishReason"
    ]
    # the inline class `Data` (the chunk) is now `ChatStreamingResponseChunkData`: in 2025-10-30
    # several inline schemas an operation uses want `Data`, so none keeps it
    renamed(report, "Data", "ChatStreamingResponseChunkData")
    # ChatGenerationParams.stream: `type: [boolean, "null"]` -> `type: boolean`
    expect(report, "ChatGenerationParams.stream", "nullable.removed", "wire+source")
    expect(
        report, "Reasoning.generate_summary", "field.removed.optional", "wire+source"
    )
    # /api/alpha/responses -> /responses, /embeddings dropped
    assert operation(report, "POST /api/alpha/responses").status == "removed"
    assert operation(report, "POST /embeddings").status == "removed"
    assert operation(report, "POST /responses").status == "added"
    assert {e.label for e in operation(report, "POST /embeddings").changes} == {
        "wire+source"
    }
    # operationIds renamed: getCount -> listModelsCount (+ name override `count`): a new method name;
    # listApiKeys -> list with the override `list` kept: the client method stays `list`
    counts = operation(report, "GET /models/count")
    assert [
        e.change.message for e in counts.changes if e.change.kind == "operation.renamed"
    ] == ["client method `models.get_count` renamed to `models.count`"]
    keys = operation(report, "GET /keys")
    assert [
        (e.change.kind, e.label)
        for e in keys.changes
        if e.change.kind.startswith("operation.")
    ] == [("operation.id_changed", "compatible")]
    assert not [e for e in report.changes if e.change.kind.startswith("stream.")]


# ---- 2025-10-30 -> 2026-02-20 ---------------------------------------------------------------------


def test_2025_10_30_to_2026_02_20(reports) -> None:
    report = reports[("2025-10-30", "2026-02-20")]
    assert operation(report, "POST /completions").status == "removed"
    assert operation(report, "GET /parameters/{author}/{slug}").status == "removed"
    assert {"createEmbeddings", "createMessages", "listGuardrails"} <= {
        op.new_id for op in report.operations if op.status == "added"
    }
    # ChatGenerationParams: required [messages, model] -> [messages]
    expect(report, "ChatGenerationParams.model", "field.optional", "compatible")
    # stream_options: `anyOf [$ref, null]` -> `$ref` to a component that is itself `nullable: true`;
    # max_tokens: `anyOf [number, null]` -> `type: number, nullable: true`: both still nullable
    assert not changes_at(report, "ChatGenerationParams.stream_options")
    assert not changes_at(report, "ChatGenerationParams.max_tokens")
    # usage details become `nullable: true`, in a response
    expect(
        report,
        "ChatGenerationTokenUsage.completion_tokens_details",
        "nullable.added",
        "wire+source",
    )
    expect(
        report,
        "ChatGenerationTokenUsage.prompt_tokens_details",
        "nullable.added",
        "wire+source",
    )
    # the SSE envelope moves inline into the path and the flat chunk takes its name
    renamed(report, "ChatStreamingResponseChunkData", "ChatStreamingResponseChunk")
    renamed(
        report, "ChatStreamingResponseChunk", "SendChatCompletionRequestResponseBody"
    )
    # `const: assistant` -> `enum: [assistant]`: the same value, another Python type
    expect(report, "AssistantMessage.role", "type.class_changed", "source")
    # ToolChoiceOption: `const` members -> one-value enums: no alternative removed
    tool_choice = changes_at(report, "ToolChoiceOption")
    assert sorted(e.change.kind for e in tool_choice) == ["type.class_changed"] * 3
    # errors: ChatError -> one component per status
    expect(
        report, "POST /chat/completions (error 400)", "type.incompatible", "wire+source"
    )
    expect(report, "POST /chat/completions (error 402)", "error.added", "compatible")
    # the app headers, optional
    expect(
        report,
        "POST /chat/completions (header `HTTP-Referer`)",
        "parameter.added.optional",
        "compatible",
    )
    expect(
        report,
        "POST /chat/completions (header `X-Title`)",
        "parameter.added.optional",
        "compatible",
    )
    assert not [e for e in report.changes if e.change.kind.startswith("stream.")]


# ---- 2026-02-20 -> 2026-08-22 ---------------------------------------------------------------------


def test_2026_02_20_to_2026_08_22(reports) -> None:
    report = reports[("2026-02-20", "2026-08-22")]
    # the chat types are renamed (ChatStreamChunk...), shapes kept
    renamed(report, "ChatGenerationParams", "ChatRequest")
    renamed(report, "ChatResponse", "ChatResult")
    renamed(report, "ChatStreamingResponseChunk", "ChatStreamChunk")
    renamed(report, "ChatStreamingChoice", "ChatStreamChoice")
    renamed(report, "ChatCompletionFinishReason", "ChatFinishReasonEnum")
    # the inline SSE envelope becomes the component ChatStreamingResponse
    renamed(report, "SendChatCompletionRequestResponseBody", "ChatStreamingResponse")
    # max_tokens: `type: number, nullable: true` -> `type: [integer, "null"]`: narrower, still nullable
    expect(report, "ChatRequest.max_tokens", "type.narrower", "wire+source")
    assert not changes_at(report, "ChatRequest.max_tokens", "nullable.removed")
    # finish_reason: `anyOf [$ref, {nullable}]` -> `$ref` to an enum listing null: still nullable
    assert not changes_at(report, "ChatStreamChoice.finish_reason")
    # the title header is renamed X-Title -> X-OpenRouter-Title, and two optional headers arrive
    expect(
        report,
        "POST /chat/completions (header `X-Title`)",
        "parameter.removed",
        "wire+source",
    )
    expect(
        report,
        "POST /chat/completions (header `X-OpenRouter-Title`)",
        "parameter.added.optional",
        "compatible",
    )
    expect(
        report,
        "POST /chat/completions (header `X-OpenRouter-Categories`)",
        "parameter.added.optional",
        "compatible",
    )
    expect(
        report,
        "POST /chat/completions (header `X-OpenRouter-Metadata`)",
        "parameter.added.optional",
        "compatible",
    )
    # ProviderName (open, used in requests): Hyperbolic is gone, new providers arrive
    removed = [
        e
        for e in changes_at(report, "ProviderName", "enum.value_removed")
        if e.change.old == "Hyperbolic"
    ]
    assert len(removed) == 1 and removed[0].label == "wire+source"
    assert {
        e.label for e in changes_at(report, "ProviderName", "enum.value_added.open")
    } == {"compatible"}
    # no operation disappears; the chat operation keeps its method name
    assert not [op for op in report.operations if op.status == "removed"]
    chat = operation(report, "POST /chat/completions")
    assert not [e for e in chat.changes if e.change.kind.startswith("operation.")]
    # 61 new operations; POST /audio/transcriptions takes JSON and multipart: two methods
    assert len([op for op in report.operations if op.status == "added"]) == 62
    assert not [e for e in report.changes if e.change.kind.startswith("stream.")]


# ---- properties of every pair ----------------------------------------------------------------------


def test_no_change_against_itself(apis) -> None:
    for version, model in apis.items():
        report = compare(model, model)
        assert not report.changes and report.bump == "none", version


def test_reports_are_stable_and_grouped(reports) -> None:
    for (old, new), report in reports.items():
        text = to_json(report)
        assert text == to_json(report)
        markdown = to_markdown(report)
        # grouped by operation, breaking operations first, breaking lines first within each
        flags = [op.wire or op.source for op in report.operations]
        assert flags == sorted(flags, reverse=True), (old, new)
        for op in report.operations:
            lines = [e.breaking for e in op.changes]
            assert lines == sorted(lines, reverse=True), (old, new, op.key)
        # each line carries the JSON pointer in both specs
        for line in markdown.splitlines():
            if line.startswith("- **"):
                assert " → " in line and "#/" in line, line
        assert f"Suggested version bump: **{report.bump}**" in markdown

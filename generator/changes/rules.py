"""The rule table: for each kind of change and each side it is seen on, whom it breaks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

# Where a change is judged. A model change takes the sides of the operations that use the
# model; a change of an operation itself (its URL, parameters, body, responses) has its own.
Side = Literal["request", "response"]
RuleSide = Literal["request", "response", "operation"]
REQUEST: Final = "request"
RESPONSE: Final = "response"
OPERATION: Final = "operation"
SIDES: tuple[Side, ...] = (REQUEST, RESPONSE)

# Every kind of change `compare` reports: the first part of each key of RULES.
ChangeKind = Literal[
    "operation.added", "operation.removed", "operation.renamed", "operation.moved",
    "operation.id_changed", "operation.deprecated",
    "parameter.added.required", "parameter.added.optional", "parameter.removed",
    "parameter.moved",
    "request_body.added.required", "request_body.added.optional", "request_body.removed",
    "request_body.required", "request_body.optional", "request_body.media_type_changed",
    "response.added", "response.removed",
    "stream.added", "stream.removed", "stream.sentinel_added", "stream.sentinel_removed",
    "stream.sentinel_changed",
    "error.added", "error.removed",
    "model.added", "model.removed", "model.renamed", "model.kind_changed", "model.deprecated",
    "field.added.required", "field.added.optional", "field.removed.required",
    "field.removed.optional", "field.required", "field.optional", "field.renamed",
    "field.deprecated",
    "nullable.added", "nullable.removed",
    "type.wider", "type.narrower", "type.incompatible", "type.class_changed",
    "type.wider.class", "type.narrower.class", "type.format_changed",
    "default.added", "default.removed", "default.changed",
    "enum.value_added.closed", "enum.value_added.open", "enum.value_removed",
    "enum.member_renamed", "enum.opened", "enum.closed",
    "union.member_added", "union.member_removed", "union.discriminator_changed",
]  # fmt: skip


@dataclass(frozen=True)
class Rule:
    wire: bool  # an SDK generated from OLD fails against a server speaking NEW
    source: bool  # code written against the OLD SDK no longer type-checks or runs against the NEW SDK
    reason: str


def _rule(
    wire: Literal["wire", "-"], source: Literal["source", "-"], reason: str
) -> Rule:
    return Rule(wire == "wire", source == "source", reason)


# (change kind, side) -> Rule. Model changes have a request row and a response row: a model
# used on the request side of some operation is judged by the first, on the response side by
# the second, on both sides by both (the flags are OR-ed). Changes of the operation itself
# (its URL, parameters, body, responses, stream) carry their own side.
RULES: dict[tuple[ChangeKind, RuleSide], Rule] = {
    # operations
    ("operation.added", OPERATION): _rule(
        "-", "-", "a new endpoint: nothing written against OLD calls it"
    ),
    ("operation.removed", OPERATION): _rule(
        "wire",
        "source",
        "the OLD SDK calls an endpoint NEW no longer serves, and code calls a client method that is gone",
    ),
    ("operation.renamed", OPERATION): _rule(
        "-",
        "source",
        "the same HTTP request, but code calls `client.<group>.<method>` under a name that is gone",
    ),
    ("operation.moved", OPERATION): _rule(
        "wire",
        "-",
        "the OLD SDK sends the request to the old method or path; the client method keeps its name",
    ),
    ("operation.id_changed", OPERATION): _rule(
        "-",
        "-",
        "the client method keeps its name; classes named after the operation are reported as renames",
    ),
    ("operation.deprecated", OPERATION): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # parameters (request side)
    ("parameter.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK never sends it, so NEW rejects the request; the method needs a new argument",
    ),
    ("parameter.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK does not send it and NEW does not need it"
    ),
    ("parameter.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK still sends it: a strict server rejects it, a lenient one ignores what the caller asked for; the argument is gone",
    ),
    ("parameter.moved", REQUEST): _rule(
        "wire",
        "-",
        "the OLD SDK sends it in the old place (path, query, header or cookie)",
    ),
    # request body
    ("request_body.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends no body, NEW requires one; the method needs a new argument",
    ),
    ("request_body.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK sends no body and NEW accepts that"
    ),
    ("request_body.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends a body NEW does not take; the body argument is gone",
    ),
    ("request_body.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send no body; the body argument is no longer optional",
    ),
    ("request_body.optional", REQUEST): _rule(
        "-",
        "-",
        "what the OLD SDK sends is still accepted; the argument only gains a default",
    ),
    ("request_body.media_type_changed", REQUEST): _rule(
        "wire", "-", "the OLD SDK encodes the body as the old media type"
    ),
    # success responses and streams
    ("response.added", RESPONSE): _rule(
        "-",
        "-",
        "the OLD SDK ignores a body it did not expect; code that ignored the result still works",
    ),
    ("response.removed", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK expects a JSON body NEW no longer sends; code reading the result breaks",
    ),
    ("stream.added", RESPONSE): _rule(
        "-", "-", "a new way to receive the response: the OLD SDK never asks for it"
    ),
    ("stream.removed", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK asks for an event stream NEW no longer sends; the streaming call is gone",
    ),
    ("stream.sentinel_added", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK parses the new end-of-stream marker as an event and fails",
    ),
    ("stream.sentinel_removed", RESPONSE): _rule(
        "-", "-", "NEW ends the stream by closing it, which the OLD SDK handles"
    ),
    ("stream.sentinel_changed", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK does not recognise the new end-of-stream marker and parses it as an event",
    ),
    ("error.added", RESPONSE): _rule(
        "-",
        "-",
        "the OLD SDK raises its generic API error for a status it does not know",
    ),
    ("error.removed", RESPONSE): _rule(
        "-",
        "-",
        "NEW no longer sends that status; handlers for it are merely dead code",
    ),
    # models
    ("model.added", REQUEST): _rule(
        "-", "-", "a new class: nothing written against OLD uses it"
    ),
    ("model.added", RESPONSE): _rule(
        "-", "-", "a new class: nothing written against OLD uses it"
    ),
    ("model.removed", REQUEST): _rule(
        "-",
        "source",
        "code importing the class breaks; what changes on the wire is reported where the model was used",
    ),
    ("model.removed", RESPONSE): _rule(
        "-",
        "source",
        "code importing the class breaks; what changes on the wire is reported where the model was used",
    ),
    ("model.renamed", REQUEST): _rule(
        "-",
        "source",
        "the JSON is the same, but code importing the class by its old name breaks",
    ),
    ("model.renamed", RESPONSE): _rule(
        "-",
        "source",
        "the JSON is the same, but code importing the class by its old name breaks",
    ),
    ("model.kind_changed", REQUEST): _rule(
        "wire",
        "source",
        "an object became an enum or a union (or the other way round): nothing the OLD SDK sends fits",
    ),
    ("model.kind_changed", RESPONSE): _rule(
        "wire",
        "source",
        "an object became an enum or a union (or the other way round): the OLD SDK cannot parse it",
    ),
    ("model.deprecated", REQUEST): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    ("model.deprecated", RESPONSE): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # fields of object models (and the same rules for parameters, which are request fields)
    ("field.added.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK never sends it, so NEW rejects the request; constructing the model needs a new argument",
    ),
    ("field.added.required", RESPONSE): _rule(
        "-", "-", "the OLD SDK keeps unknown keys; code never knew the field"
    ),
    ("field.added.optional", REQUEST): _rule(
        "-", "-", "the OLD SDK does not send it and NEW does not need it"
    ),
    ("field.added.optional", RESPONSE): _rule(
        "-", "-", "the OLD SDK keeps unknown keys; code never knew the field"
    ),
    ("field.removed.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK always sends it: a strict server rejects it, a lenient one drops it; the attribute is gone",
    ),
    ("field.removed.required", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK requires the key and NEW no longer sends it; code reading the attribute breaks",
    ),
    ("field.removed.optional", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK sends it when set: a strict server rejects it, a lenient one drops it; the attribute is gone",
    ),
    ("field.removed.optional", RESPONSE): _rule(
        "-",
        "source",
        "the OLD SDK tolerates its absence; code reading the attribute breaks",
    ),
    ("field.required", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may omit it and NEW rejects that; constructing the model needs the argument",
    ),
    ("field.required", RESPONSE): _rule(
        "-", "-", "the OLD SDK accepted it present or absent; code already handled both"
    ),
    ("field.optional", REQUEST): _rule(
        "-",
        "-",
        "what the OLD SDK sends is still accepted; the argument only gains a default",
    ),
    ("field.optional", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK requires the key and fails when NEW omits it; code must now handle its absence",
    ),
    ("field.renamed", REQUEST): _rule(
        "-", "source", "the same JSON key under a new Python attribute name"
    ),
    ("field.renamed", RESPONSE): _rule(
        "-", "source", "the same JSON key under a new Python attribute name"
    ),
    ("field.deprecated", REQUEST): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    ("field.deprecated", RESPONSE): _rule(
        "-", "-", "a deprecation flag changes documentation and warnings only"
    ),
    # nullability (kept apart from required-ness: absent is not null)
    ("nullable.added", REQUEST): _rule(
        "-", "-", "NEW accepts everything the OLD SDK sends, and null too"
    ),
    ("nullable.added", RESPONSE): _rule(
        "wire",
        "source",
        "the OLD SDK fails on a null it did not allow; code reading the value must handle None",
    ),
    ("nullable.removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send null, which NEW rejects; passing None no longer type-checks",
    ),
    ("nullable.removed", RESPONSE): _rule(
        "-",
        "-",
        "NEW sends a subset of what the OLD SDK accepts; code handling None still works",
    ),
    # types (of fields, parameters, bodies, stream items, map values); `class` = the class name changes too
    ("type.wider", REQUEST): _rule(
        "-",
        "-",
        "NEW accepts everything the OLD SDK sends; code passing the old type still type-checks",
    ),
    ("type.wider", RESPONSE): _rule(
        "wire",
        "source",
        "NEW may send values the OLD SDK cannot parse; code reading the value gets a type it does not handle",
    ),
    ("type.narrower", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send values NEW rejects; code passing them no longer type-checks",
    ),
    ("type.narrower", RESPONSE): _rule(
        "-",
        "-",
        "NEW sends a subset of what the OLD SDK accepts; reading code still works",
    ),
    ("type.incompatible", REQUEST): _rule(
        "wire",
        "source",
        "a different type: what the OLD SDK sends does not fit, code passing the old type breaks",
    ),
    ("type.incompatible", RESPONSE): _rule(
        "wire",
        "source",
        "a different type: the OLD SDK cannot parse it, code reading the old type breaks",
    ),
    ("type.class_changed", REQUEST): _rule(
        "-",
        "source",
        "the same JSON shape under another class: code building the old class no longer type-checks",
    ),
    ("type.class_changed", RESPONSE): _rule(
        "-",
        "source",
        "the same JSON shape under another class: code annotated with the old class no longer type-checks",
    ),
    ("type.wider.class", REQUEST): _rule(
        "-",
        "source",
        "NEW accepts what the OLD SDK sends, but under another class: code building the old class no longer type-checks",
    ),
    ("type.wider.class", RESPONSE): _rule(
        "wire",
        "source",
        "NEW may send values the OLD SDK cannot parse, under another class",
    ),
    ("type.narrower.class", REQUEST): _rule(
        "wire", "source", "the OLD SDK may send values NEW rejects, under another class"
    ),
    ("type.narrower.class", RESPONSE): _rule(
        "-",
        "source",
        "NEW sends a subset of what the OLD SDK accepts, but under another class: annotations with the old class break",
    ),
    ("type.format_changed", REQUEST): _rule(
        "-",
        "-",
        "the JSON type is unchanged; `format` is a hint the SDK does not enforce",
    ),
    ("type.format_changed", RESPONSE): _rule(
        "-",
        "-",
        "the JSON type is unchanged; `format` is a hint the SDK does not enforce",
    ),
    # defaults
    ("default.added", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.added", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    ("default.removed", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.removed", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    ("default.changed", REQUEST): _rule(
        "-",
        "-",
        "only what NEW assumes for an absent value: a behaviour change to mention, not a break",
    ),
    ("default.changed", RESPONSE): _rule(
        "-", "-", "only documents what an absent value means"
    ),
    # enums
    ("enum.value_added.closed", REQUEST): _rule(
        "-", "-", "the OLD SDK never sends the new value"
    ),
    ("enum.value_added.closed", RESPONSE): _rule(
        "wire", "-", "a closed enum: the OLD SDK rejects the value it does not know"
    ),
    ("enum.value_added.open", REQUEST): _rule(
        "-", "-", "the OLD SDK never sends the new value"
    ),
    ("enum.value_added.open", RESPONSE): _rule(
        "-", "-", "an open enum: the OLD SDK keeps unknown values"
    ),
    ("enum.value_removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send the value NEW rejects; the enum member is gone",
    ),
    ("enum.value_removed", RESPONSE): _rule(
        "-", "source", "NEW no longer sends it, but code naming the enum member breaks"
    ),
    ("enum.member_renamed", REQUEST): _rule(
        "-", "source", "the same JSON value under a new Python member name"
    ),
    ("enum.member_renamed", RESPONSE): _rule(
        "-", "source", "the same JSON value under a new Python member name"
    ),
    ("enum.opened", REQUEST): _rule(
        "-",
        "-",
        "the type only widens: callers may now pass values the SDK does not list",
    ),
    ("enum.opened", RESPONSE): _rule(
        "-",
        "source",
        "the OLD SDK is unaffected, but the value's type becomes `Enum | str`: reading code that assumed the enum no longer type-checks",
    ),
    ("enum.closed", REQUEST): _rule(
        "-",
        "source",
        "the same listed values on the wire, but passing a value the SDK does not list no longer type-checks",
    ),
    ("enum.closed", RESPONSE): _rule(
        "-", "-", "the OLD SDK accepted any value; the type only narrows for readers"
    ),
    # unions
    ("union.member_added", REQUEST): _rule(
        "-", "-", "NEW accepts everything the OLD SDK sends"
    ),
    ("union.member_added", RESPONSE): _rule(
        "wire", "-", "the OLD SDK cannot parse the new alternative"
    ),
    ("union.member_removed", REQUEST): _rule(
        "wire",
        "source",
        "the OLD SDK may send the removed alternative, which NEW rejects; code passing it no longer type-checks",
    ),
    ("union.member_removed", RESPONSE): _rule(
        "-", "-", "NEW sends a subset of what the OLD SDK accepts"
    ),
    ("union.discriminator_changed", REQUEST): _rule(
        "wire", "-", "the alternatives are told apart by another property"
    ),
    ("union.discriminator_changed", RESPONSE): _rule(
        "wire",
        "-",
        "the OLD SDK dispatches on a property that no longer tells the alternatives apart",
    ),
}

# Non-breaking changes that add to the API (a minor version); any other non-breaking change
# (a default, a deprecation, a format) is a patch.
ADDITIVE: frozenset[ChangeKind] = frozenset({
    "operation.added", "parameter.added.optional", "request_body.added.optional", "response.added",
    "stream.added", "error.added", "model.added", "field.added.optional", "field.added.required",
    "enum.value_added.closed", "enum.value_added.open", "enum.opened", "union.member_added",
    "type.wider", "nullable.added", "field.optional", "request_body.optional",
})  # fmt: skip


def rules_markdown() -> str:
    """The rule table as Markdown, for the README (a test keeps the two the same)."""
    lines = [
        "| change | side | wire-breaking | source-breaking | why |",
        "|---|---|:-:|:-:|---|",
    ]
    for (kind, side), rule in RULES.items():
        reason = rule.reason.replace("|", "\\|")
        lines.append(
            f"| `{kind}` | {side} | {'yes' if rule.wire else 'no'} | {'yes' if rule.source else 'no'} | {reason} |"
        )
    return "\n".join(lines) + "\n"


def classify(kind: ChangeKind, sides: Iterable[RuleSide]) -> tuple[bool, bool]:
    """(wire, source) of a change used on these sides. No side: a model no operation uses,
    which only the source rules can break (it is never on the wire)."""
    sides = tuple(sides)
    if not sides:
        return False, any(RULES[(kind, s)].source for s in SIDES if (kind, s) in RULES)
    rules = [RULES[(kind, s)] for s in sides]
    return any(r.wire for r in rules), any(r.source for r in rules)

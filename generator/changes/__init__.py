"""What changed between two versions of a spec, and whom it breaks.

Works only on the model of the API (`sdkforge.api`), never on the raw documents, so every
spelling the builder treats as the same (`type: [X, "null"]` or `anyOf: [X, {type: null}]`,
a reshuffled YAML, an inline schema moved to a component under the same class name) is no
change at all.

`compare(old, new)` pairs the operations (by method and path, then by operationId) and the
models (by class name, then renames found by place, by shape and by likeness), lists every
change, and classifies each one with `RULES`: *wire-breaking* (an SDK generated from OLD
fails against a server speaking NEW) and *source-breaking* (code written against the OLD
SDK no longer type-checks or runs against the NEW SDK). Whether a model change is judged
by the request rules, the response rules or both depends on where the operations use the
model: ModelRefs are followed from request bodies and parameters (request side) and from
responses, streams and error bodies (response side).

`to_markdown(report)` and `to_json(report)` render the report.

The package, in the order data flows through it:

- `rules`: the rule table (`RULES`), the kinds of change and the sides they are judged on;
- `usage`: one version of the API indexed: which models each operation uses, on which side;
- `match`: which OLD model is which NEW model (renames included), returned as a value;
- `relate`: the type lattice: how a NEW type's values relate to the OLD type's;
- `compare`: the differences, each classified, grouped by operation;
- `report`: the report's data classes and its Markdown and JSON renderings.
"""

from .compare import compare
from .relate import type_str
from .report import (
    Change,
    ChangeReport,
    Classified,
    OperationChanges,
    to_json,
    to_markdown,
)
from .rules import (
    ADDITIVE,
    OPERATION,
    REQUEST,
    RESPONSE,
    RULES,
    SIDES,
    ChangeKind,
    Rule,
    RuleSide,
    Side,
    classify,
    rules_markdown,
)

__all__ = [
    "ADDITIVE",
    "OPERATION",
    "REQUEST",
    "RESPONSE",
    "RULES",
    "SIDES",
    "Change",
    "ChangeKind",
    "ChangeReport",
    "Classified",
    "OperationChanges",
    "Rule",
    "RuleSide",
    "Side",
    "classify",
    "compare",
    "rules_markdown",
    "to_json",
    "to_markdown",
    "type_str",
]

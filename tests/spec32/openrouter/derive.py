"""Derive the two chat-stream test specs from the 2026-08-22 OpenRouter spec (run by hand).

    python tests/spec32/openrouter/derive.py ../shared/specs/openrouter/2026-08-22.yaml

- `chat-3.1-vendor.yaml`: the spec's chat operation (`POST /chat/completions`) and every
  component it reaches, verbatim: OpenAPI 3.1 with the `x-speakeasy-*` extensions that make the
  stream (`x-speakeasy-sse-sentinel`, `x-speakeasy-stream-request-field`, ...).
- `chat-3.2.yaml`: the same operation re-described in OpenAPI 3.2 without any vendor extension:
  the event stream is an `itemSchema` whose `data` is a JSON string (`contentMediaType` /
  `contentSchema` of the chunk schema) or the `[DONE]` constant that ends the stream; the body's
  boolean `stream` property chooses between the stream and the JSON answer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

PATH, METHOD = "/chat/completions", "post"
HERE = Path(__file__).parent


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node))
    return set()


def closure(spec: dict, root: Any) -> dict[str, dict[str, Any]]:
    """The components (kind -> name -> object) the root reaches through local $refs."""
    seen: set[str] = set()
    todo = sorted(refs(root))
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        todo.extend(sorted(refs(spec["components"][kind][name])))
    parts: dict[str, dict[str, Any]] = {}
    for ref in sorted(seen):
        _, _, kind, name = ref.split("/", 3)
        parts.setdefault(kind, {})[name] = spec["components"][kind][name]
    return parts


def strip_extensions(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: strip_extensions(v) for k, v in node.items() if not k.startswith("x-")
        }
    if isinstance(node, list):
        return [strip_extensions(v) for v in node]
    return node


def subset(spec: dict) -> dict:
    operation = spec["paths"][PATH][METHOD]
    components = closure(spec, operation)
    components["securitySchemes"] = spec["components"]["securitySchemes"]
    return {
        "openapi": spec["openapi"],
        "info": spec["info"],
        "servers": spec["servers"],
        "security": spec.get("security", []),
        "paths": {PATH: {METHOD: operation}},
        "components": components,
    }


def as_3_2(vendor: dict) -> dict:
    spec = strip_extensions(vendor)
    spec["openapi"] = "3.2.0"
    media = spec["paths"][PATH][METHOD]["responses"]["200"]["content"]
    envelope = vendor["components"]["schemas"]["ChatStreamingResponse"]
    chunk_ref = envelope["properties"]["data"]["$ref"]
    media["text/event-stream"] = {
        "itemSchema": {
            "type": "object",
            "required": ["data"],
            "properties": {
                "data": {
                    "oneOf": [
                        {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {"$ref": chunk_ref},
                        },
                        {"const": "[DONE]", "description": "The end of the stream."},
                    ]
                }
            },
        }
    }
    del spec["components"]["schemas"]["ChatStreamingResponse"]  # the 3.1 envelope
    return spec


def main(source: str) -> None:
    with open(source, encoding="utf-8") as file:
        spec = yaml.load(file, Loader=yaml.CSafeLoader)
    vendor = subset(spec)
    for name, document in (
        ("chat-3.1-vendor.yaml", vendor),
        ("chat-3.2.yaml", as_3_2(vendor)),
    ):
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])

"""One small hand-written spec per rule of docs/design/docs-pages.md (tests/docs/specs/), TypeScript flavour
unless the rule is about the Python one."""

from __future__ import annotations

import re

import pytest
from sdkforge.render.docs import (
    DocsSettings,
    example_cell,
    go_number,
    js_number,
    render_docs,
)

from .helpers import rule_api, rule_pages


def rows(page: str) -> list[list[str]]:
    """The Fields table's body rows, cells stripped."""
    table = page.split("## Fields\n\n", 1)[1].split("\n")
    return [[cell.strip() for cell in line[2:-2].split(" | ")] for line in table[2:]]


def snippet(page: str) -> str:
    return re.search(r"## Example Usage\n\n```\w+\n(.*?)\n```", page, re.S).group(1)


# ---- page kinds and layout ---------------------------------------------------------------


def test_object_page_layout():
    assert rule_pages("object_page.yaml")["docs/models/widget.md"] == (
        "# Widget\n"
        "\n"
        "A widget.\n"
        "Second line kept.\n"
        "\n"
        "## Example Usage\n"
        "\n"
        "```typescript\n"
        'import { Widget } from "@acme/sdk/models";\n'
        "\n"
        "let value: Widget = {\n"
        '  widgetId: "<id>",\n'
        "  size: 125,\n"
        "};\n"
        "```\n"
        "\n"
        "## Fields\n"
        "\n"
        "| Field              | Type               | Required           | Description        |\n"
        "| ------------------ | ------------------ | ------------------ | ------------------ |\n"
        "| `widgetId`         | *string*           | :heavy_check_mark: | N/A                |\n"
        "| `size`             | *number*           | :heavy_check_mark: | N/A                |"
    )


def test_a_table_without_rows_is_still_written():
    page = rule_pages("object_page.yaml")["docs/models/empty.md"]
    assert "let value: Empty = {};" in page
    assert page.endswith(
        "## Fields\n\n| Field       | Type        | Required    | Description |\n| ----------- | ----------- | ----------- | ----------- |"
    )


def test_enum_page_layout_and_values():
    pages = rule_pages("enum_page.yaml")
    assert pages["docs/models/color.md"] == (
        "# Color\n\nA color.\n\n## Example Usage\n\n```typescript\n"
        'import { Color } from "@acme/sdk/models";\n\nlet value: Color = "red";\n```\n\n'
        '## Values\n\n```typescript\n"red" | "green"\n```'
    )
    assert pages["docs/models/level.md"].endswith("```typescript\n1 | 2 | 3\n```")
    assert "let value: Level = 1;" in pages["docs/models/level.md"]


def test_open_enum():
    page = rule_pages("enum_page.yaml")["docs/models/finish.md"]
    assert page.endswith(
        "## Values\n\n"
        "This is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type.\n\n"
        '```typescript\n"stop" | "length" | Unrecognized<string>\n```'
    )
    # a number enum's unknown values stay numbers
    assert rule_pages("enum_page.yaml")["docs/models/chainid.md"].endswith(
        "## Values\n\n"
        "This is an open enum. Unrecognized values will be captured as the `Unrecognized<number>` branded type.\n\n"
        "```typescript\n1 | 137 | Unrecognized<number>\n```"
    )


def test_union_page_layout():
    pages = rule_pages("union_page.yaml")
    assert pages["docs/models/shape.md"] == (
        # two empty lines before the section, as on every described union page of the sets
        "# Shape\n\nA shape.\n\n\n## Supported Types\n\n"
        "### `models.Circle`\n\n```typescript\nconst value: models.Circle = {\n  radius: 7275.82,\n};\n```\n\n"
        '### `models.ShapeSquare`\n\n```typescript\nconst value: models.ShapeSquare = {\n  kind: "square",\n  side: 4375.47,\n};\n```\n\n'
    )
    # Without a description the title is followed by two empty lines.
    assert pages["docs/models/stringorlist.md"].startswith(
        "# StringOrList\n\n\n## Supported Types\n\n### `string`\n\n"
    )
    # a string array standing alone: two numbered placeholders, as on the reference's pages
    assert (
        '### `string[]`\n\n```typescript\nconst value: string[] = [\n  "<value 1>",\n  "<value 2>",\n];\n```'
        in pages["docs/models/stringorlist.md"]
    )


def test_a_mapping_that_names_every_member_orders_them():
    pages = rule_pages("union_page.yaml")

    def headings(page: str) -> list[str]:
        return re.findall(r"^### `(.*)`$", pages[page], re.M)

    assert headings("docs/models/pet.md") == ["models.Cat", "models.Dog"]
    # a mapping that leaves a member out: the spec's order
    assert headings("docs/models/partlymapped.md") == ["models.Dog", "models.Cat"]
    # a vendor extension inside the mapping: the spec's order (2026-08-22's CapabilityDescriptor)
    assert headings("docs/models/vendormapped.md") == ["models.Dog", "models.Cat"]


def test_a_number_member_without_example_shows_the_reference_number():
    # every bare `number` the reference's docs show without an example is 1284.03
    page = rule_pages("union_page.yaml")["docs/models/numberortext.md"]
    assert "### `number`\n\n```typescript\nconst value: number = 1284.03;\n```" in page


def test_event_stream_member_has_no_code_block():
    pages = rule_pages("event_stream.yaml")
    union = pages["docs/models/operations/sendchatresponse.md"]
    assert union.startswith(
        "# SendChatResponse\n\n\n## Supported Types\n\n### `models.Answer`\n\n```typescript\n"
    )
    # the stream yields whole events, the envelope (2026-02-20's reference:
    # `EventStream<operations.SendChatCompletionRequestResponseBody>`)
    assert union.endswith(
        "```\n\n### `EventStream<operations.SendChatResponseBody>`\n\n"
    )
    # the Python SDK's stream yields each event's data
    python = rule_pages("event_stream.yaml", flavor="python", package="acme")
    page = python["docs/models/operations/sendchatresponse.md"]
    assert page.endswith("### `Stream[models.Chunk]`\n\n")


def test_sse_envelope_is_the_response_body_described_by_its_response():
    page = rule_pages("event_stream.yaml")[
        "docs/models/operations/sendchatresponsebody.md"
    ]
    assert page.startswith(
        "# SendChatResponseBody\n\nA chat answer or a stream of chunks\n\n## Example Usage"
    )
    assert 'import { SendChatResponseBody } from "@acme/sdk/models/operations";' in page
    assert rows(page) == [
        [
            "`data`",
            "[models.Chunk](../../models/chunk.md)",
            ":heavy_check_mark:",
            "One chunk",
        ]
    ]
    assert 'data: {\n    delta: "He",\n  },' in page


def test_error_models():
    pages = rule_pages("errors.yaml")
    # `NotFoundError` would be the SDK's own exception: the error model keeps its name
    not_found = pages["docs/models/errors/notfound.md"]
    assert (
        snippet(not_found)
        == 'import { NotFound } from "@acme/sdk/models/errors";\n\n// No examples available for this model'
    )
    assert rows(not_found)[0][1] == "[models.Thing](../../models/thing.md)"
    inline = [p for p in pages if p.startswith("docs/models/errors/listthings")]
    assert len(inline) == 1 and 'message: "boom",' in pages[inline[0]]


def test_deprecated_model_and_field():
    page = rule_pages("deprecated.yaml")["docs/models/oldthing.md"]
    # the description first, then the warning, as on every deprecated page of the three sets
    assert page.startswith(
        "# ~~OldThing~~\n\n"
        "Use NewThing.\n\n"
        "> :warning: **DEPRECATED**: This will be removed in a future release, please migrate away from it as soon as possible.\n\n"
        "## Example Usage"
    )
    assert rows(page)[1] == [
        "~~`legacyFlag`~~",
        "*boolean*",
        ":heavy_minus_sign:",
        ": warning: ** DEPRECATED **: This will be removed in a future release, please migrate away from it as soon as possible.<br/><br/>Has no effect.",
    ]
    # The columns are as wide as that cell counted with a line break for each `<br/>` (135,
    # not 143), as on every reference page whose widest cell is a deprecated field's.
    (separator,) = [line for line in page.splitlines() if line.startswith("| ---")]
    assert separator.split(" | ")[0] == "| " + "-" * 135


# ---- Fields table ------------------------------------------------------------------------


def test_type_column():
    types = {
        row[0]: row[1]
        for row in rows(rule_pages("type_cells.yaml")["docs/models/pet.md"])
    }
    assert types == {
        "`name`": "*string*",
        "`age`": "*number*",
        "`weight`": "*number*",
        "`good`": "*boolean*",
        "`anything`": "*any*",
        "`born`": "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)",
        "`owner`": "[models.Owner](../models/owner.md)",
        "`mood`": "[models.Mood](../models/mood.md)",
        "`toy`": "*models.Toy*",
        "`tags`": "*string*[]",
        "`friends`": "[models.Owner](../models/owner.md)[]",
        "`scores`": "Record<string, *number*>",
        "`extra`": "Record<string, *any*>",
        "`nickname`": "*string*",
        "`maybeOwner`": "[models.Owner](../models/owner.md)",
        "`kind`": "*string*",
    }


def test_const_as_literal_for_newer_specs():
    page = rule_pages("type_cells.yaml", const_style="literal")["docs/models/pet.md"]
    assert rows(page)[-1][:2] == ["`kind`", '*"pet"*']


def test_python_type_column_links_model_pages():
    types = {
        row[0]: row[1]
        for row in rows(
            rule_pages("type_cells.yaml", flavor="python", package="acme")[
                "docs/models/pet.md"
            ]
        )
    }
    assert types["`maybe_owner`"] == "[models.Owner](../models/owner.md)"
    assert types["`friends`"] == "list[[models.Owner](../models/owner.md)]"
    assert types["`scores`"] == "dict[str, *int \\| float*]"
    assert types["`toy`"] == "[models.Toy](../models/toy.md)"
    assert types["`kind`"] == '*Literal["pet"]*'
    assert types["`age`"] == "*int*"


def test_required_and_description_columns():
    table = rows(rule_pages("required_and_descriptions.yaml")["docs/models/order.md"])
    assert [row[0] for row in table] == [
        "`id`",
        "`count`",
        "`customer`",
        "`note`",
        "`plain`",
    ]  # `secret` is ignored, and `legacy` refers to an ignored schema
    assert [row[2] for row in table] == [
        ":heavy_check_mark:",
        ":heavy_minus_sign:",
        ":heavy_check_mark:",
        ":heavy_minus_sign:",
        ":heavy_minus_sign:",
    ]
    assert [row[3] for row in table] == [
        "The order id",
        "N/A",
        "Who ordered",
        "First line<br/>second line<br/>",
        "N/A",
    ]


def test_example_column():
    pages = rule_pages("example_column.yaml")
    table = rows(pages["docs/models/sample.md"])
    assert [row[4] for row in table] == [
        "a > b & c",
        '{<br/>"max": 1.5,<br/>"note": "x \\u003e y \\u0026 z"<br/>}',
        "<nil>",
        "0.25",
        "[<br/>1,<br/>2<br/>]",
        '{<br/>"x": 3<br/>}',
        "",
    ]
    assert "Example" not in pages["docs/models/noexamples.md"].split("## Fields")[1]


def test_mintlify_pages_write_a_null_example_as_null():
    page = rule_pages("example_column.yaml", docs_format="mintlify")[
        "docs/models/sample.mdx"
    ]
    assert [row[4] for row in rows(page)][2] == "null"


def test_descriptions_and_examples_come_from_a_bare_ref_only():
    pages = rule_pages("inherited_notes.yaml")
    table = {row[0]: row for row in rows(pages["docs/models/holder.md"])}
    assert table["`direct`"][3:] == ["Tag list", '[<br/>"a"<br/>]']
    assert table["`own`"][3:] == ["Mine", '[<br/>"a"<br/>]']
    # the allOf part's description is not the field's, nor is Point's
    assert table["`wrapped`"][1:] == [
        "[models.Point](../models/point.md)",
        ":heavy_check_mark:",
        "N/A",
        '{<br/>"x": 3<br/>}',
    ]
    # an inline allOf model: its page has Point's description and example, its field row none
    assert table["`merged`"][1:] == [
        "[models.Merged](../models/merged.md)",
        ":heavy_check_mark:",
        "N/A",
        '{<br/>"x": 3<br/>}',
    ]
    assert pages["docs/models/merged.md"].startswith("# Merged\n\nA point\n\n")
    # an allOf around a $ref to a scalar lends its example, not its description
    assert table["`price`"][1:] == ["*string*", ":heavy_check_mark:", "N/A", "10"]
    # ... and an example given beside the $ref wins over the target's
    assert table["`sample`"][1:] == ["*string*", ":heavy_check_mark:", "N/A", "99"]


def test_declared_additional_properties_have_a_row_in_typescript():
    pages = rule_pages("extra_values.yaml")
    assert rows(pages["docs/models/open.md"]) == [
        ["`kind`", "*string*", ":heavy_minus_sign:", "N/A", ""],
        [
            "`additionalProperties`",
            "Record<string, *any*>",
            ":heavy_minus_sign:",
            "N/A",
            '{<br/>"kind": "a",<br/>"more": 1<br/>}',
        ],
    ]
    assert rows(pages["docs/models/typed.md"])[1] == [
        "`additionalProperties`",
        "Record<string, *number*>",
        ":heavy_minus_sign:",
        "N/A",
    ]
    assert len(rows(pages["docs/models/closed.md"])) == 1
    python = rule_pages("extra_values.yaml", flavor="python", package="acme")
    assert [row[0] for row in rows(python["docs/models/open.md"])] == ["`kind`"]


def test_example_cells_write_numbers_like_the_reference():
    assert [
        example_cell(v) for v in (1677652288, 0.5, 1234567.0, 0.00001, True, None)
    ] == ["1677652288", "0.5", "1.234567e+06", "1e-05", "true", "<nil>"]
    assert [js_number(v) for v in (1.0, 0.5, 1e21, 1e-7, 123456789.25)] == [
        "1",
        "0.5",
        "1e+21",
        "1e-7",
        "123456789.25",
    ]
    assert go_number(100000.0) == "100000"


def test_padding_width_counts_code_points_and_br_as_one():
    page = rule_pages("padding.yaml")["docs/models/wide.md"]
    lines = page.split("## Fields\n\n")[1].split("\n")
    width = len(
        "first line here\nsecond line here"
    )  # 32: the longest cell before `\n` becomes `<br/>`
    assert (
        lines[0]
        == "| "
        + " | ".join(
            h.ljust(width) for h in ["Field", "Type", "Required", "Description"]
        )
        + " |"
    )
    assert lines[1] == "| " + " | ".join(["-" * width] * 4) + " |"
    # 30 code points (more bytes): padded to 32 with two spaces.
    assert lines[2].endswith("| Ünïcödé ✓ — a wide description   |")
    # Longer once `<br/>` replaces `\n`: neither cut nor padded.
    assert lines[3].endswith("| first line here<br/>second line here |")


def test_field_names():
    ts = [
        row[0] for row in rows(rule_pages("field_names.yaml")["docs/models/headers.md"])
    ]
    assert ts == [
        "`systemFingerprint`",
        "`httpReferer`",
        "`oneai`",
        "`alreadyCamelCase`",
        "`aB`",
        "`timestampGranularities`",
    ]
    py = [
        row[0]
        for row in rows(
            rule_pages("field_names.yaml", flavor="python", package="acme")[
                "docs/models/headers.md"
            ]
        )
    ]
    assert py == [
        "`system_fingerprint`",
        "`http_referer`",
        "`field_01ai`",
        "`already_camel_case`",
        "`a_b`",
        "`timestamp_granularities__`",  # datamodel-code-generator: each `[`, `]` -> `_`
    ]


# ---- Example Usage -----------------------------------------------------------------------

MESSAGE_ALWAYS = """\
import { Message } from "@acme/sdk/models";

let value: Message = {
  id: "<id>",
  role: "user",
  text: "own example",
  score: 8236.6,
  count: 816,
  author: {
    name: "Ada",
  },
  parts: [
    {
      body: "<value>",
    },
  ],
  numbers: [
    8999.79,
    8268.28,
    2576.09,
  ],
  labels: {
    "key": "<value>",
  },
  quote: "She said \\"hi\\"",
  summary:
    "This description is long enough that prettier moves it to its own line",
  hint: "short",
};"""


def test_example_values_and_placeholders():
    """Own example, the parent's example for the key (quote), the referenced schema's (author),
    else placeholders; double quotes (as every reference snippet) and prettier's line breaking;
    an optional const is left out.
    """
    assert (
        snippet(
            rule_pages("example_values.yaml", optional_properties="always")[
                "docs/models/message.md"
            ]
        )
        == MESSAGE_ALWAYS
    )


def test_text_placeholders_by_property_name():
    """As on the reference's pages: 173 identifiers (`itemId`, `callId`, `toolUseId`, ...) show
    `<id>` and none `<value>`; every `filename` without an example shows `example.file`.
    """
    text = snippet(rule_pages("placeholders.yaml")["docs/models/upload.md"])
    assert re.findall(r'^  (\w+): "(.*)",$', text, re.M) == [
        ("id", "<id>"),
        ("callId", "<id>"),
        ("toolUseId", "<id>"),
        ("filename", "example.file"),
        ("valid", "<value>"),
        ("idea", "<value>"),
    ]


def test_optional_properties_setting():
    def keys(mode: str) -> list[str]:
        text = snippet(
            rule_pages("example_values.yaml", optional_properties=mode)[
                "docs/models/message.md"
            ]
        )
        return re.findall(r"^  (\w+):", text, re.M)

    required = [
        "id",
        "role",
        "text",
        "score",
        "count",
        "author",
        "parts",
        "numbers",
        "labels",
        "quote",
        "summary",
    ]
    assert keys("never") == required
    assert keys("with-example") == [*required, "hint"]
    assert keys("always") == [*required, "hint"]


def test_python_snippet_shape():
    text = snippet(
        rule_pages("example_values.yaml", flavor="python", package="acme")[
            "docs/models/message.md"
        ]
    )
    assert text.startswith(
        'from acme.models import Author, Message, Part, Role\n\nvalue = Message(\n    id="<id>",\n    role=Role.USER,\n'
    )
    assert '    labels={\n        "key": "<value>",\n    },\n' in text


# ---- names and operations ----------------------------------------------------------------


def test_inline_names():
    models = {m.name: m.pointer for m in rule_api("names.yaml").models}
    base = "/components/schemas/"
    # `data` is wanted by three inline schemas: none keeps the short name, all take their root
    assert models["EnvelopeData"] == base + "Envelope/properties/data"
    assert (
        models["DeepData"] == base + "Deep/properties/inner/properties/data"
    )  # Root + property, not the inline parent
    assert models["Inner"] == base + "Deep/properties/inner"
    assert models["OtherData"] == base + "Other/properties/data"
    assert (
        models["ErrorT"] == base + "Envelope/properties/error"
    )  # a clash with the language: T suffix
    assert (
        models["EnvelopeObject"] == base + "Envelope/properties/object"
    )  # inline enums: Root + property
    assert (
        models["OtherKindEnum"] == base + "Other/properties/kind"
    )  # taken: Enum suffix
    assert (
        models["ObjectOther"] == base + "Other/properties/object"
    )  # taken, and a one-value enum: property + value instead
    # Composed takes Base's properties in through allOf: their inline schemas are its own
    # (and want the same short names as Base's: both prefixed)
    assert models["BaseState"] == base + "Base/properties/state"
    assert models["ComposedState"] == base + "Composed/allOf/0/properties/state"
    assert (
        models["TopLogprob"] == base + "Envelope/properties/top_logprobs/items"
    )  # array items are singular
    # a union member under a property: property + word, also for a property called `Item`
    assert models["ItemApple"] == base + "Crate/properties/Item/oneOf/0"
    # ... but the item of an array no property holds lends its members the root's name
    assert models["FeedPost"] == base + "Feed/anyOf/1/items/oneOf/0"
    assert not any(
        "owner" in p.lower() for p in models.values()
    )  # anyOf [$ref, null] is no model of its own
    # a union and the union of its array member want one name: numbered, the inner first
    assert models["NoteBody1"] == base + "Note/properties/body/anyOf/1/items"
    assert models["NoteBody2"] == base + "Note/properties/body"
    # ... with `Union` when a member is a class of its own, the outer union too
    assert models["MemoBodyUnion1"] == base + "Memo/properties/body/anyOf/1/items"
    assert models["MemoBodyUnion2"] == base + "Memo/properties/body"
    assert models["BodyLink"] == base + "Memo/properties/body/anyOf/1/items/oneOf/1"
    # the objects of a union's array member are its own object: `QueryUnion` of `Query`
    assert models["QueryUnion"] == base + "Search/properties/query"
    assert models["Query"] == base + "Search/properties/query/anyOf/1/items"


def test_operation_types():
    model_api = rule_api("operations.yaml")
    names = {m.name: m for m in model_api.models}
    # the response's only body is `{Op}Response` (issue 13)
    assert {n for n, m in names.items() if m.group == "operations"} == {
        "UpdateKeyRequest", "UpdateKeyRequestBody", "UpdateKeyResponse", "LimitReset",
        "CreateKeysRequest", "CreateKeysSecurity", "RenameKeyRequest",
    }  # fmt: skip
    pages = rule_pages("operations.yaml")
    request = rows(pages["docs/models/operations/updatekeyrequest.md"])
    assert request[0] == [
        "`hash`",
        "*string*",
        ":heavy_check_mark:",
        "The key's hash",
    ]  # the Parameter's description
    assert request[2][:2] == [
        "`requestBody`",
        "[operations.UpdateKeyRequestBody](../../models/operations/updatekeyrequestbody.md)",
    ]
    # only the Parameter Object describes a parameter, not its schema
    assert rows(pages["docs/models/operations/renamekeyrequest.md"])[0][3] == "N/A"
    # a component body is the field named after it, as the reference names it
    assert rows(pages["docs/models/operations/renamekeyrequest.md"])[1][:2] == [
        "`key`",
        "[models.Key](../../models/key.md)",
    ]
    assert [
        r[0] for r in rows(pages["docs/models/operations/createkeysrequest.md"])
    ] == [
        "`name`"
    ]  # no parameters: the body itself
    assert rows(pages["docs/models/operations/createkeyssecurity.md"]) == [
        ["`bearer`", "*string*", ":heavy_check_mark:", "N/A"]
    ]
    assert (
        'bearer: "<YOUR_BEARER_TOKEN_HERE>",'
        in pages["docs/models/operations/createkeyssecurity.md"]
    )
    body = pages["docs/models/operations/updatekeyresponse.md"]
    assert body.startswith("# UpdateKeyResponse\n\nThe updated key\n\n")
    assert rows(body)[0][1] == "[models.Key](../../models/key.md)"


def test_index_groups_pages():
    index = rule_pages("event_stream.yaml")["docs/README.md"]
    assert (
        "## Operations\n" in index
        and "## Streams\n" in index
        and "## Models\n" in index
    )
    assert "| [Chunk](models/chunk.md) | One chunk |" in index
    assert (
        "| [SendChatResponseBody](models/operations/sendchatresponsebody.md) | A chat answer or a stream of chunks |"
        in index
    )


@pytest.mark.parametrize(
    "spec",
    [
        "object_page.yaml",
        "union_page.yaml",
        "example_values.yaml",
        "operations.yaml",
        "errors.yaml",
    ],
)
def test_templates_give_the_same_pages_whatever_the_callers_whitespace_settings(
    spec: str,
):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from sdkforge.render.templates import TEMPLATES_DIR

    plain = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    trimmed = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    settings = DocsSettings(flavor="typescript", package="x")
    assert render_docs(rule_api(spec), settings, env=plain) == render_docs(
        rule_api(spec), settings, env=trimmed
    )


def test_a_template_override_replaces_the_builtin(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "enum.md.jinja").write_text("enum {{ name }}: {{ values }}")
    pages = render_docs(
        rule_api("enum_page.yaml"),
        DocsSettings(flavor="typescript", package="x"),
        templates_dir=tmp_path,
    )
    assert pages["docs/models/level.md"] == "enum Level: 1 | 2 | 3"
    assert pages["docs/models/widget.md" if False else "docs/README.md"].startswith(
        "# Enum page"
    )


# ---- discriminator tags (the newer reference generator) -----------------------------------


def tag_cells(**settings: str) -> dict[str, str]:
    pages = rule_pages("tag_literals.yaml", **settings)
    cells = {}
    for name in ("circle", "square", "round", "flat", "upload", "sketch"):
        cells[name] = rows(pages[f"docs/models/{name}.md"])[0][1]
    return cells


def test_tag_of_a_member_used_only_in_its_unions_is_its_value():
    assert tag_cells() == {
        "circle": '*"circle"*',  # the declared discriminator's
        "round": '*"round"*',  # `type` tells the members apart: an implied discriminator
        "flat": '*"flat"*',
        "square": "[models.SquareType](../models/squaretype.md)",  # also a response
        "upload": "[models.UploadOrigin](../models/uploadorigin.md)",  # both say "user"
        "sketch": "[models.SketchOrigin](../models/sketchorigin.md)",
    }
    pages = rule_pages("tag_literals.yaml")
    # no page for an enum no page links to any more; the others keep theirs
    assert "docs/models/circletype.md" not in pages
    assert "docs/models/roundtype.md" not in pages
    assert "docs/models/squaretype.md" in pages


def test_tags_stay_enums_for_older_specs_and_in_python():
    assert tag_cells(const_style="base")["circle"] == (
        "[models.CircleType](../models/circletype.md)"
    )
    python = rule_pages("tag_literals.yaml", flavor="python", package="acme")
    assert "docs/models/circletype.md" in python


# ---- multipart file fields (TypeScript: the reference SDK's File | Blob | {Op}{Property}) ----


def test_a_multipart_file_field_is_a_file_a_blob_or_a_file_part():
    pages = rule_pages("file_parts.yaml", docs_format="mintlify")
    body = rows(pages["docs/models/operations/uploadfilerequest.mdx"])
    assert body[0][:3] == [
        "`file`",
        "[File](https://developer.mozilla.org/en-US/docs/Web/API/File) \\| "
        "[Blob](https://developer.mozilla.org/en-US/docs/Web/API/Blob) \\| "
        "[operations.UploadFileFile](../../models/operations/uploadfilefile.mdx)",
        ":heavy_check_mark:",
    ]
    assert body[1][:2] == ["`purpose`", "*string*"]
    part = pages["docs/models/operations/uploadfilefile.mdx"]
    assert [row[:3] for row in rows(part)] == [
        ["`fileName`", "*string*", ":heavy_check_mark:"],
        ["`content`", "*ReadableStream\\<Uint8Array>*", ":heavy_check_mark:"],
    ]
    # MDX pads the cells as if unescaped (the reference's widths): `\<` counts as `<`
    assert "| `content`                    | *ReadableStream\\<Uint8Array>* |" in part


def test_python_pages_keep_the_file_field_as_the_sdk_takes_it():
    pages = rule_pages("file_parts.yaml", flavor="python", package="acme")
    assert "docs/models/operations/uploadfilefile.md" not in pages


def test_a_stream_of_plain_text_is_a_string_member_of_the_response_union():
    """The reference lists such a response as `{Op}ResponseBody` or `string` (an event stream
    of objects is `EventStream<...>` there)."""
    page = rule_pages("string_stream.yaml")[
        "docs/models/operations/createembeddingsresponse.md"
    ]
    headings = re.findall(r"(?m)^### (.*)$", page)
    assert headings == ["`operations.CreateEmbeddingsResponseBody`", "`string`"]
    assert 'const value: string = "<value>";' in page

"""The naming rules of issue 13 item 1, one real example each from the reference generator's three
whole docs sets (../shared/reference/speakeasy/<version>): the schema at the pointer of the set's
spec gets the class name the reference page is titled with, and our page has the reference's path.

README's naming table lists the same rules; the reference's choice is read from its page, never
from our output.
"""

from __future__ import annotations

import re

import pytest
from sdkforge import api

from .helpers import real_api, real_pages
from .test_training_sets import SETS, TRAINING, sections_but_example_usage

PATHS = "/paths/"
SCHEMAS = "/components/schemas/"
JSON_BODY = "content/application~1json/schema"

# (rule, version, the reference page under docs/models/, the schema's pointer in the spec)
RULES = [
    (
        "an inline schema takes its property's name",
        "2026-08-22",
        "stop.mdx",
        SCHEMAS + "ChatRequest/properties/stop",
    ),
    (
        "an array's item takes the property's name",
        "2026-08-22",
        "modality.mdx",
        SCHEMAS + "ChatRequest/properties/modalities/items",
    ),
    (
        "an untagged enum member of a union has the word Enum",
        "2025-10-07",
        "orderenum.md",
        SCHEMAS
        + "OpenAIResponsesRequest/properties/provider/properties/order/items/anyOf/0",
    ),
    (
        "a union member under a property is property + word when no one else wants it",
        "2026-08-22",
        "contentthinking.mdx",
        SCHEMAS + "MessagesMessageParam/properties/content/anyOf/1/items/oneOf/5",
    ),
    (
        "... an enum member too",
        "2025-10-07",
        "statuscompleted.md",
        SCHEMAS
        + "ResponsesStreamChunk/oneOf/3/properties/item/oneOf/0/properties/status/anyOf/0",
    ),
    (
        "the members of the item union of an array no property holds: root + word",
        "2026-02-20",
        "openairesponsesinputfunctioncall.md",
        SCHEMAS + "OpenAIResponsesInput/anyOf/1/items/anyOf/3",
    ),
    (
        "an array member of a union holds items named after the union's property",
        "2026-08-22",
        "easyinputmessagecontentinputimage.mdx",
        SCHEMAS + "EasyInputMessage/properties/content/anyOf/0/items/oneOf/1",
    ),
    (
        "an array component's inline item takes the component's name",
        "2026-08-22",
        "chatassistantimages.mdx",
        SCHEMAS + "ChatAssistantImages/items",
    ),
    (
        "... and its nested schemas are named after it",
        "2026-02-20",
        "assistantmessageimagesimageurl.md",
        SCHEMAS + "AssistantMessageImages/items/properties/image_url",
    ),
    (
        "nested inline schemas too",
        "2025-10-07",
        "detail.md",
        SCHEMAS + "ChatMessageContentItemImage/properties/image_url/properties/detail",
    ),
    (
        "in operations too",
        "2025-10-07",
        "operations/calldata.md",
        PATHS
        + "~1credits~1coinbase/post/responses/200/"
        + JSON_BODY
        + "/properties/data/properties/web3_data/properties/transfer_intent/properties/call_data",
    ),
    (
        "a parameter's schema takes the parameter's name",
        "2026-08-22",
        "operations/arena.mdx",
        PATHS + "~1benchmarks/get/parameters/6/schema",
    ),
    (
        "a name several inline schemas want: each is prefixed with its root",
        "2025-10-07",
        "responsereasoningconfigeffort.md",
        SCHEMAS + "ResponseReasoningConfig/properties/effort",
    ),
    (
        "the root is the component, not the inline parent",
        "2025-10-07",
        "chatgenerationparamseffort.md",
        SCHEMAS + "ChatGenerationParams/properties/reasoning/properties/effort",
    ),
    (
        "the only one of them an operation uses keeps the name",
        "2025-10-07",
        "data.md",
        SCHEMAS + "ChatStreamingResponseChunk/properties/data",
    ),
    (
        "a prefixed union with inline members ends in Union",
        "2026-02-20",
        "chatgenerationparamspluginunion.md",
        SCHEMAS + "ChatGenerationParams/properties/plugins/items",
    ),
    (
        "its inline members are named after it, without the suffix",
        "2026-02-20",
        "chatgenerationparamspluginweb.md",
        SCHEMAS + "ChatGenerationParams/properties/plugins/items/oneOf/2",
    ),
    (
        "a one-value enum whose prefixed name is taken: property + value",
        "2025-10-07",
        "typeresponsecreated.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/2/properties/type",
    ),
    (
        "inline schemas a component takes in through allOf are its own, named after it",
        "2026-02-20",
        "responsesoutputmessagestatusunion.md",
        SCHEMAS + "ResponsesOutputMessage/allOf/0/properties/status",
    ),
    (
        "a name the language or the SDK uses gets a T suffix",
        "2026-02-20",
        "errort.md",
        SCHEMAS + "ChatStreamingResponseChunk/properties/error",
    ),
    (
        "a union with an untagged inline object ends in Union",
        "2026-08-22",
        "allowedtoolsunion.mdx",
        SCHEMAS + "McpServerTool/properties/allowed_tools",
    ),
    (
        "and that object takes the bare name",
        "2026-08-22",
        "allowedtools.mdx",
        SCHEMAS + "McpServerTool/properties/allowed_tools/anyOf/1",
    ),
    (
        "a component union too: its object takes the component's name",
        "2026-02-20",
        "openairesponsestoolchoiceunion.md",
        SCHEMAS + "OpenAIResponsesToolChoice",
    ),
    (
        "the component's object member",
        "2026-02-20",
        "openairesponsestoolchoice.md",
        SCHEMAS + "OpenAIResponsesToolChoice/anyOf/4",
    ),
    (
        "a name made from a value spells initialisms in capitals",
        "2026-08-22",
        "pdfparserenginepdftext.mdx",
        SCHEMAS + "PDFParserEngine/anyOf/1",
    ),
    (
        "inside a prefixed union's members, inline schemas take the outer root",
        "2025-10-07",
        "chatgenerationparamsjsonschema.md",
        SCHEMAS
        + "ChatGenerationParams/properties/response_format/oneOf/2/properties/json_schema",
    ),
    (
        "inside a short-named union's members, the union's name",
        "2026-08-22",
        "containertype.mdx",
        SCHEMAS
        + "CodeInterpreterServerTool/properties/container/anyOf/1/properties/type",
    ),
    (
        # its `MessagesOutputConfigType` is wanted by `.task_budget.type` too, and its
        # `TypeJSONSchema` by the `type` of two components
        "the names several one-value enums want go to none of them",
        "2026-08-22",
        "messagesoutputconfigtypejsonschema.mdx",
        SCHEMAS + "MessagesOutputConfig/properties/format/properties/type",
    ),
    (
        # `AdditionalToolsItemType` is wanted by the `type: function` of a member of the
        # `tools` items too, but only once the second pass has named that union after the root
        "... counted again in each pass of the build, until they agree",
        "2026-08-22",
        "typeadditionaltools.mdx",
        SCHEMAS + "AdditionalToolsItem/properties/type",
    ),
    (
        # a union member's `type` wants its root + property as its root's and as the
        # union's lender's, which are one: `ChatFunctionTool`
        "... but a schema that wants a name twice does not contest it with itself",
        "2026-08-22",
        "chatfunctiontooltype.mdx",
        SCHEMAS + "ChatFunctionTool/anyOf/0/properties/type",
    ),
    (
        # and `TypeCustom` by the `type` of another tool too
        "... counted again in each pass: property + value wanted twice",
        "2026-08-22",
        "customtooltypecustom.mdx",
        SCHEMAS + "CustomTool/properties/type",
    ),
    (
        # `InputAudio.input_audio.format` (an enum) and `MessagesOutputConfig.format` (an
        # object) want `Format` too
        "a short name several want, none of them kept by an operation's use: the one union",
        "2026-08-22",
        "format.mdx",
        SCHEMAS + "CustomTool/properties/format",
    ),
    (
        # `OutputItemWebSearchCall.action` wants it too, but only an allOf base uses that
        # component: of the schemas operations use, this is the one union
        "... counting the schemas operations use, when some do",
        "2026-08-22",
        "action.mdx",
        SCHEMAS + "OutputWebSearchCallItem/allOf/0/properties/action",
    ),
    (
        "... and its one enum says Enum",
        "2026-08-22",
        "actionenum.mdx",
        SCHEMAS + "OutputMemoryServerToolItem/properties/action",
    ),
    (
        "... and the one enum among them says Enum",
        "2026-08-22",
        "formatenum.mdx",
        SCHEMAS + "InputAudio/properties/input_audio/properties/format",
    ),
    (
        # two enums want `Code` too (`ErrorResponse`'s, `ResponsesNonStreamingResponse`'s):
        # both prefixed, as they both want `CodeEnum`
        "... the one union, beside enums that are prefixed",
        "2025-10-07",
        "code.md",
        SCHEMAS + "ChatError/properties/error/properties/code",
    ),
    (
        # its `CodeInterpreterServerToolType` is wanted by the `type` of a member of its
        # `container` union too, which the union's short name names `ContainerType`
        "... wanted under the true root too where a union lends its short name",
        "2026-08-22",
        "typecodeinterpreter.mdx",
        SCHEMAS + "CodeInterpreterServerTool/properties/type",
    ),
    (
        # `FileSearchServerToolType` is wanted by `filters`' member's `type` too, an enum of
        # six values: every inline schema's wish counts, not only one-value enums'
        "... wanted by a schema of any kind",
        "2026-08-22",
        "typefilesearch.mdx",
        SCHEMAS + "FileSearchServerTool/properties/type",
    ),
    (
        # the union's object member is tagged `type: all` and took `KeepAll`
        "a one-value enum member whose value names another member says Enum",
        "2026-08-22",
        "keepenum.mdx",
        SCHEMAS
        + "MessagesRequest/properties/context_management/properties/edits/items/oneOf/1"
        + "/properties/keep/anyOf/2",
    ),
    (
        # `Usage: anyOf [allOf [...], null]`, first reached through `OpenResponsesResult.usage`
        "a component that is an inline model or null: the model takes the component's name",
        "2026-08-22",
        "reasoningconfig.mdx",
        SCHEMAS + "ReasoningConfig/anyOf/0",
    ),
    (
        "... and the schemas inside it are named after it",
        "2026-08-22",
        "usagecostdetails.mdx",
        SCHEMAS + "Usage/anyOf/0/allOf/1/properties/cost_details",
    ),
    (
        "the tagged object of `anyOf: [object, null]` is named as a union member: property + tag",
        "2026-08-22",
        "triggerinputtokens.mdx",
        SCHEMAS
        + "MessagesRequest/properties/context_management/properties/edits/items/oneOf/2"
        + "/properties/trigger/anyOf/0",
    ),
    (
        "a component the spec names ...Union keeps the suffix in its members' names",
        "2025-10-07",
        "toolchoicetypeunionfilesearch.md",
        SCHEMAS + "ToolChoiceTypeUnion/anyOf/0",
    ),
    (
        "a union and the union of its array member want one name: numbered, inner first",
        "2026-08-22",
        "easyinputmessagecontentunion1.mdx",
        SCHEMAS + "EasyInputMessage/properties/content/anyOf/0/items",
    ),
    (
        "... the outer one after it",
        "2026-08-22",
        "easyinputmessagecontentunion2.mdx",
        SCHEMAS + "EasyInputMessage/properties/content",
    ),
    (
        "... without Union when no member is a class of its own",
        "2026-08-22",
        "openairesponsecustomtoolcalloutputoutput2.mdx",
        SCHEMAS + "OpenAIResponseCustomToolCallOutput/properties/output",
    ),
    (
        "unions of one property nested in each other's members: depth-first",
        "2026-08-22",
        "messagesmessageparamcontentunion3.mdx",
        SCHEMAS
        + "MessagesMessageParam/properties/content/anyOf/1/items/oneOf/8/properties/content",
    ),
    (
        "... and so are the items of a property of a union's member",
        "2026-02-20",
        "openairesponsesinputcontent3.md",
        SCHEMAS + "OpenAIResponsesInput/anyOf/1/items/anyOf/1/properties/content/items",
    ),
    (
        "... counted with the other member's `content` and its items",
        "2026-02-20",
        "openairesponsesinputcontent1.md",
        SCHEMAS
        + "OpenAIResponsesInput/anyOf/1/items/anyOf/0/properties/content/anyOf/0/items",
    ),
    (
        "the members of numbered unions that want one name are numbered as they are",
        "2026-08-22",
        "inputsstatuscompleted2.mdx",
        SCHEMAS
        + "Inputs/anyOf/1/items/anyOf/8/allOf/0/allOf/0/properties/status/anyOf/0",
    ),
    (
        "the objects of a union's array member are its own object: the union says Union",
        "2026-02-20",
        "operations/inputunion.md",
        PATHS + "~1embeddings/post/requestBody/" + JSON_BODY + "/properties/input",
    ),
    (
        "... and leaves them its bare name",
        "2026-02-20",
        "operations/input.md",
        PATHS
        + "~1embeddings/post/requestBody/"
        + JSON_BODY
        + "/properties/input/anyOf/4/items",
    ),
    (
        "a component union's array of a union: the items are the component numbered",
        "2026-02-20",
        "openresponsesinput1.md",
        SCHEMAS + "OpenResponsesInput/anyOf/1/items",
    ),
    (
        "... and the component says Union when the items have a member of their own",
        "2026-08-22",
        "inputsunion.mdx",
        SCHEMAS + "Inputs",
    ),
    (
        "... its items too",
        "2026-08-22",
        "inputsunion1.mdx",
        SCHEMAS + "Inputs/anyOf/1/items",
    ),
    (
        "members of one kind of one union that want one name are numbered",
        "2026-02-20",
        "openairesponsesinputmessage2.md",
        SCHEMAS + "OpenAIResponsesInput/anyOf/1/items/anyOf/1",
    ),
    (
        "... untagged objects too",
        "2026-08-22",
        "input2.mdx",
        SCHEMAS + "GenerationContentData/properties/input/anyOf/1",
    ),
    (
        "unions of one root that want one short name, none told apart by a parent: numbered",
        "2026-02-20",
        "part2.md",
        SCHEMAS + "OpenResponsesStreamEvent/oneOf/9/allOf/1/properties/part",
    ),
    (
        "... with Union when they have members of their own, and so are those members",
        "2025-10-07",
        "itemunion1.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/3/properties/item",
    ),
    (
        "... the members",
        "2025-10-07",
        "itemfunctioncall2.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/5/properties/item/oneOf/1",
    ),
    (
        "... objects too",
        "2025-10-07",
        "response2.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/2/properties/response",
    ),
    (
        "enums that want one last name (prefixed + Enum, or + value), none told apart by a parent: numbered",
        "2025-10-07",
        "itemstatusenum4.md",
        SCHEMAS
        + "ResponsesStreamChunk/oneOf/5/properties/item/oneOf/4/properties/status",
    ),
    (
        "objects that want one prefixed name, none told apart by a parent: numbered",
        "2025-10-07",
        "responsesstreamchunkerror1.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/20/properties/error",
    ),
    (
        "... and one its parent tells apart does not stop the others' numbers",
        "2025-10-07",
        "responsesstreamchunkerror2.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/23/properties/error",
    ),
    (
        "... one-value enums too",
        "2025-10-07",
        "itemtypemessage2.md",
        SCHEMAS
        + "ResponsesStreamChunk/oneOf/5/properties/item/oneOf/0/properties/type",
    ),
    (
        "a paged operation's inline body is {Op}ResponseBody",
        "2026-08-22",
        "operations/listorganizationmembersresponsebody.mdx",
        PATHS + "~1organization~1members/get/responses/200/" + JSON_BODY,
    ),
    (
        "an error component's class ends in Error",
        "2026-02-20",
        "errors/badrequestresponseerror.md",
        SCHEMAS + "BadRequestResponse",
    ),
    (
        "an operation's parameters are {Op}Request",
        "2026-02-20",
        "operations/getgenerationrequest.md",
        PATHS + "~1generation/get",
    ),
    (
        "the parameters x-speakeasy-globals lists are {Op}Globals too",
        "2026-02-20",
        "operations/getcreditsglobals.md",
        PATHS + "~1credits/get/x-speakeasy-globals",
    ),
    (
        "an operation's schema may take a component's name: operations/ is a folder apart",
        "2026-08-22",
        "operations/modality.mdx",
        PATHS + "~1datasets~1rankings-daily/get/parameters/3/schema",
    ),
    (
        "an operation's {Op}Request beside the component {Op}Request it sends",
        "2026-08-22",
        "operations/createbyokkeyrequest.mdx",
        PATHS + "~1byok/post",
    ),
    (
        "an operation's response schema beside a component of its name",
        "2026-02-20",
        "operations/providername.md",
        PATHS
        + "~1generation/get/responses/200/"
        + JSON_BODY
        + "/properties/data/properties/provider_responses/items/properties/provider_name",
    ),
    (
        "a name one operation's request and response want: the request's says Request",
        "2026-02-20",
        "operations/createguardrailresetintervalrequest.md",
        PATHS
        + "~1guardrails/post/requestBody/"
        + JSON_BODY
        + "/properties/reset_interval",
    ),
    (
        "... and the response's says Response",
        "2026-02-20",
        "operations/createguardrailresetintervalresponse.md",
        PATHS
        + "~1guardrails/post/responses/201/"
        + JSON_BODY
        + "/properties/data/properties/reset_interval",
    ),
    (
        "a union one with its object member: the member says Request ...",
        "2026-08-22",
        "operations/documentrequest.mdx",
        PATHS
        + "~1rerank/post/requestBody/"
        + JSON_BODY
        + "/properties/documents/items/anyOf/1",
    ),
    (
        "... the response's object says Response ...",
        "2026-08-22",
        "operations/documentresponse.mdx",
        PATHS
        + "~1rerank/post/responses/200/"
        + JSON_BODY
        + "/properties/results/items/properties/document",
    ),
    (
        "... and the union keeps the bare name",
        "2026-08-22",
        "operations/document.mdx",
        PATHS
        + "~1rerank/post/requestBody/"
        + JSON_BODY
        + "/properties/documents/items",
    ),
    (
        "the document's security requirement is the model Security",
        "2026-02-20",
        "security.md",
        "/security",
    ),
    (
        "the fetch API's File is reserved: it gets T",
        "2026-08-22",
        "filet.mdx",
        SCHEMAS + "ChatContentFile/properties/file",
    ),
    (
        "a tagged object among objects numbered by short name says its tag",
        "2025-10-07",
        "responsefailed.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/19/properties/response",
    ),
    (
        "the children of a numbered parent are numbered as if no parent told them apart",
        "2025-10-07",
        "itemtypesummarytext2.md",
        SCHEMAS
        + "ResponsesStreamChunk/oneOf/5/properties/item/oneOf/2/properties/summary/items/properties/type",
    ),
    (
        "a numbered reserved word gets no T",
        "2025-10-07",
        "response1.md",
        SCHEMAS + "ResponsesStreamChunk/oneOf/1/properties/response",
    ),
    (
        "an enum a property wraps in allOf beside annotations is a copy named there",
        "2026-08-22",
        "speed.mdx",
        SCHEMAS + "MessagesRequest/properties/speed",
    ),
    (
        "the only union that wants a short name keeps it, Type too",
        "2026-02-20",
        "type.md",
        SCHEMAS + "OpenAIResponsesToolChoice/anyOf/4/properties/type",
    ),
    (
        "... its one-value enum member whose name is contested takes the union's wanted name",
        "2026-08-22",
        "openairesponsestoolchoicetypewebsearchpreview.mdx",
        SCHEMAS + "OpenAIResponsesToolChoice/anyOf/4/properties/type/anyOf/1",
    ),
    (
        "an inline enum whose short name a component object has takes it + Enum",
        "2026-08-22",
        "presetenum.mdx",
        SCHEMAS + "FusionPlugin/properties/preset",
    ),
    (
        "... beside a component enum of that name it is prefixed",
        "2026-08-22",
        "chatrequestservicetier.mdx",
        SCHEMAS + "ChatRequest/properties/service_tier",
    ),
    (
        "an object a property wraps in allOf beside an example is a copy named there",
        "2026-08-22",
        "imagegenerationproviderpreferencesoptions.mdx",
        SCHEMAS + "ImageGenerationProviderPreferences/properties/options",
    ),
    (
        "... prefixed when a component has the short name",
        "2026-02-20",
        "publicendpointquantization.md",
        SCHEMAS + "PublicEndpoint/properties/quantization",
    ),
    (
        "enums of one root that want a short name: the one nearest the root keeps it",
        "2026-02-20",
        "operations/objectt.md",
        PATHS + "~1embeddings/post/responses/200/" + JSON_BODY + "/properties/object",
    ),
    (
        "... the deeper one goes on to its next name",
        "2026-02-20",
        "operations/objectembedding.md",
        PATHS
        + "~1embeddings/post/responses/200/"
        + JSON_BODY
        + "/properties/data/items/properties/object",
    ),
    (
        "objects of one root that want a short name: the one nearest the root keeps it",
        "2026-08-22",
        "operations/filter.mdx",
        PATHS
        + "~1analytics~1query/post/requestBody/"
        + JSON_BODY
        + "/properties/filters/items",
    ),
    (
        "... the deeper one, told apart by its inline parent, takes parent + property",
        "2026-08-22",
        "operations/classifierfiltersfilter.mdx",
        PATHS
        + "~1analytics~1query/post/requestBody/"
        + JSON_BODY
        + "/properties/classifier_filters/properties/filters/items",
    ),
    (
        "several of one root want a short name: one its inline parent tells apart takes"
        " parent + property",
        "2026-08-22",
        "operations/granularityname.mdx",
        PATHS
        + "~1analytics~1meta/get/responses/200/"
        + JSON_BODY
        + "/properties/data/properties/granularities/items/properties/name",
    ),
    (
        "... and so does each other one",
        "2026-08-22",
        "operations/operatorname.mdx",
        PATHS
        + "~1analytics~1meta/get/responses/200/"
        + JSON_BODY
        + "/properties/data/properties/operators/items/properties/name",
    ),
    (
        "... beside the one nearest the root, which keeps it",
        "2025-10-07",
        "pdfengine.md",
        SCHEMAS
        + "OpenAIResponsesRequest/properties/plugins/items/oneOf/3/properties/pdf/properties/engine",
    ),
    (
        "a response's only body is {Op}Response",
        "2026-02-20",
        "operations/getcreditsresponse.md",
        PATHS + "~1credits/get/responses/200/" + JSON_BODY,
    ),
    (
        "beside another media type it is {Op}ResponseBody",
        "2025-10-07",
        "operations/listmodelsresponsebody.md",
        PATHS + "~1models/get/responses/200/" + JSON_BODY,
    ),
]


def reference_class_name(page: str) -> str:
    """The class a reference page documents: its MDX `title:` or its `# ` heading, without the
    strike-through of a deprecated model."""
    found = re.search(r'(?m)^title: "(.*)"$', page) or re.search(r"(?m)^# (.*)$", page)
    assert found, page[:200]
    return found.group(1).strip().strip("~")


@pytest.mark.parametrize(
    "rule, version, page, pointer", RULES, ids=[row[0] for row in RULES]
)
def test_naming_rule(rule: str, version: str, page: str, pointer: str) -> None:
    reference = (SETS / version / "docs" / "models" / page).read_text(encoding="utf-8")
    expected = reference_class_name(reference)
    named = [m.class_name for m in real_api(version).models if m.pointer == pointer]
    assert named == [expected], rule
    optional, docs_format, _, _ = TRAINING[version]
    ours = real_pages(version, "typescript", "@openrouter/sdk", optional, docs_format)
    assert "docs/models/" + page in ours, rule


def test_a_parameters_name_override_names_its_field() -> None:
    """2026-08-22: the header `X-OpenRouter-Title` is `appTitle` on the reference's pages."""
    version = "2026-08-22"
    reference = (
        SETS / version / "docs/models/operations/getcreditsglobals.mdx"
    ).read_text(encoding="utf-8")
    assert "| `appTitle`" in reference
    optional, docs_format, _, _ = TRAINING[version]
    ours = real_pages(version, "typescript", "@openrouter/sdk", optional, docs_format)
    for page in ("getcreditsglobals.mdx", "getcreditsrequest.mdx"):
        assert "| `appTitle`" in ours["docs/models/operations/" + page]
    (model,) = [m for m in real_api(version).models if m.name == "GetCreditsGlobals"]
    assert isinstance(model, api.ObjectModel)
    assert [(f.wire_name, f.python_name) for f in model.fields][1] == (
        "X-OpenRouter-Title",
        "app_title",
    )


@pytest.mark.parametrize(
    "page",
    [
        "operations/listorganizationmembersresponse.mdx",  # its body is inline
        "operations/listworkspacesresponse.mdx",  # a component of the same name
    ],
)
def test_a_paged_operation_returns_its_body_wrapped_in_typescript(page: str) -> None:
    """The reference's SDK returns a paged operation's body as `{Op}Response`'s `result`:
    the TypeScript pages have the wrapper, every section but Example Usage as the
    reference's; the Python package returns pages, so its docs have none."""
    version = "2026-08-22"
    reference = (SETS / version / "docs" / "models" / page).read_text(encoding="utf-8")
    optional, docs_format, _, _ = TRAINING[version]
    ours = real_pages(version, "typescript", "@openrouter/sdk", optional, docs_format)
    mine = ours["docs/models/" + page]
    assert "| `result`" in mine
    assert sections_but_example_usage(mine) == sections_but_example_usage(reference)
    python = real_pages(version, "python", "openrouter_sdk", optional, docs_format)
    assert "docs/models/" + page not in python

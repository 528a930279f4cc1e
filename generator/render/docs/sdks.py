"""Per-operation pages (`docs/sdks/<group>/README.md`) and the README of the generated SDK.

Both are built from the model of the API (`api.Operation`): a method's arguments are its
required parameters and the required fields of its request body, as the generated client takes
them (keyword arguments by Python name; a body that is not an object goes in `body=`), with the
same example values as the model pages. The snippets are Python: they run against the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import api
from ...api import MISSING, ModelRef
from ...naming import class_name, python_field_name
from ..client import operations_by_group
from ..pysyntax import py_string
from . import escape
from .examples import Examples
from .python import PythonFlavor
from .tables import Table
from .values import Value, VList, VObject

# The page of a group sits two folders below docs/, as operation types' pages do: a link from it
# to a model page is the one a page of the `operations` group writes.
LINK_GROUP = "operations"
API_KEY = "<YOUR_API_KEY>"


@dataclass(frozen=True)
class Argument:
    name: str  # the keyword the client method takes
    type_ref: api.TypeRef
    required: bool
    description: str | None
    value: Value | None  # shown in the snippet when set


@dataclass
class MethodDoc:
    operation: api.Operation
    name: str  # the client method
    arguments: list[Argument]
    stream_keyword: (
        str | None
    )  # `stream=True` selects the stream (an overloaded method)
    snippet: list[str] = field(default_factory=list)


@dataclass
class GroupDoc:
    group: str  # the operation group, as in the model of the API
    attribute: str  # the client's attribute for it
    title: str
    methods: list[MethodDoc] = field(default_factory=list)


def operation_groups(model_api: api.Api) -> list[GroupDoc]:
    """The client's groups and methods, named as the client names them, in its order."""
    return [
        GroupDoc(
            named[0][1].group,
            attribute,
            class_name(named[0][1].group),
            [MethodDoc(operation, name, [], None) for name, operation in named],
        )
        for attribute, named in operations_by_group(model_api.operations)
    ]


class MethodArguments:
    """A method's arguments, with example values for the required ones."""

    def __init__(self, model_api: api.Api, examples: Examples):
        self.models = model_api.models_by_name
        self.examples = examples

    def fill(self, method: MethodDoc) -> None:
        op = method.operation
        method.arguments = [self._parameter(op, p) for p in op.parameters]
        method.arguments.extend(self._body(op))
        if (
            op.stream is not None
            and op.response is not None
            and op.stream_request_field
        ):
            method.stream_keyword = python_field_name(op.stream_request_field)

    def _parameter(self, op: api.Operation, parameter: api.Parameter) -> Argument:
        f = parameter.field
        value = None
        if f.required:
            seed = f"{op.operation_id}.{f.wire_name}"
            value = self.examples.of_type(f.type, f.example, seed)
        return Argument(f.python_name, f.type, f.required, f.description, value)

    def _positional_parts(
        self, op: api.Operation, parts: api.PositionalBody
    ) -> Argument:
        """A 3.2 positional multipart body: each leading part's own example, then a later one."""
        assert op.request_body is not None
        positions = (*parts.prefix, *([parts.items] if parts.items else []))
        value = VList(
            tuple(
                self.examples.of_type(part.type, MISSING, f"{op.operation_id}.{index}")
                for index, part in enumerate(positions)
            )
        )
        return Argument(
            "body",
            op.request_body,
            op.request_body_required,
            None,
            value if op.request_body_required else None,
        )

    def _body(self, op: api.Operation) -> list[Argument]:
        if op.request_body is None:
            return []
        if op.request_parts is not None:
            return [self._positional_parts(op, op.request_parts)]
        body = api.strip_null(op.request_body)
        model = self.models.get(body.name) if isinstance(body, ModelRef) else None
        if not isinstance(model, api.ObjectModel):
            value = None
            if op.request_body_required:
                value = self.examples.of_type(op.request_body, MISSING, op.operation_id)
            return [
                Argument("body", op.request_body, op.request_body_required, None, value)
            ]
        shown = self.examples.top(model)
        values = (
            {f.wire_name: v for f, v in shown.entries}
            if isinstance(shown, VObject)
            else {}
        )
        skip = op.stream_request_field
        return [
            Argument(
                f.python_name,
                f.type,
                f.required,
                f.description,
                values.get(f.wire_name) if f.required else None,
            )
            for f in model.fields
            if f.wire_name != skip
        ]


def python_method_snippet(
    flavor: PythonFlavor,
    package: str,
    attribute: str,
    method: MethodDoc,
    client: str = f'Client(api_key="{API_KEY}")',
    stream: bool = True,
) -> list[str]:
    """`with Client(...) as client:` and the call with the required arguments; a stream
    operation is shown streaming unless `stream` is false (and it can answer in JSON).
    """
    shown = [a for a in method.arguments if a.value is not None]
    values = [a.value for a in shown if a.value is not None]
    imports = flavor.import_lines(None, VList(tuple(values))) if values else []
    lines = [f"from {package} import Client", *imports, ""]
    if "os.environ" in client:
        lines = ["import os", "", *lines]
    lines.append(f"with {client} as client:")
    return lines + call_lines(flavor, attribute, method, stream)


def call_lines(
    flavor: PythonFlavor, attribute: str, method: MethodDoc, stream: bool = True
) -> list[str]:
    """The call inside the `with` block, and what is done with its result."""
    op = method.operation
    call = f"client.{attribute}.{method.name}("
    shown = [a for a in method.arguments if a.value is not None]
    streams = op.stream is not None and (
        op.response is None or (stream and method.stream_keyword is not None)
    )
    arguments = _call_arguments(
        flavor, shown, method.stream_keyword if streams else None
    )
    if streams:
        lines = _call(f"    with {call}", arguments, ") as stream:")
        lines += ["        for event in stream:", "            print(event)"]
        if op.stream is not None and op.stream.accumulates_chat:
            lines += [
                "        completion = stream.final()",
                "        print(completion)",
            ]
        return lines
    if op.response is not None:
        return [*_call(f"    result = {call}", arguments, ")"), "    print(result)"]
    return _call(f"    {call}", arguments, ")")


def _call_arguments(
    flavor: PythonFlavor, shown: list[Argument], stream_keyword: str | None
) -> list[list[str]]:
    arguments = []
    for argument in shown:
        assert argument.value is not None
        value_lines = flavor.value_lines(argument.value, 2)
        arguments.append([f"{argument.name}={value_lines[0]}", *value_lines[1:]])
    if stream_keyword:
        arguments.append([f"{stream_keyword}=True"])
    return arguments


def _call(head: str, arguments: list[list[str]], close: str) -> list[str]:
    if not arguments:
        return [head + close]
    lines = [head]
    for argument in arguments:
        lines.append("        " + argument[0])
        lines.extend(argument[1:])
        lines[-1] += ","
    lines.append("    " + close)
    return lines


def _prominence(method: MethodDoc) -> int:
    """0 for a chat-completion method that can stream, 1 for another that can, 2 otherwise."""
    stream = method.operation.stream
    if method.stream_keyword is None or stream is None:
        return 2
    return 0 if stream.accumulates_chat else 1


def error_rows(op: api.Operation) -> list[tuple[str, api.TypeRef | None]]:
    """(status codes, body type) per error body, statuses sharing one body joined."""
    rows: dict[Any, list[str]] = {}
    for status, body in op.error_responses:
        rows.setdefault(body, []).append(status)
    return [(", ".join(statuses), body) for body, statuses in rows.items()]


def one_line(text: str | None) -> str:
    """A description's first line, for a list item or a table cell."""
    if not text:
        return ""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return escape.cell(escape.one_line(first))


REQUIRED = {True: ":heavy_check_mark:", False: ":heavy_minus_sign:"}


class SdkDocs:
    """The per-group pages and the SDK's README, as template contexts."""

    def __init__(
        self,
        model_api: api.Api,
        flavor: PythonFlavor,
        examples: Examples,
        package: str,
        mintlify: bool,
        extension: str,
        env_prefix: str,
    ):
        self.api = model_api
        self.flavor = flavor
        self.package = package
        self.mintlify = mintlify
        self.extension = extension
        self.env_prefix = env_prefix
        self.groups = operation_groups(model_api)
        filler = MethodArguments(model_api, examples)
        for group in self.groups:
            for method in group.methods:
                filler.fill(method)
                method.snippet = python_method_snippet(
                    flavor, package, group.attribute, method
                )

    def group_path(self, group: GroupDoc) -> str:
        return f"docs/sdks/{group.attribute}/README{self.extension}"

    def pages(self) -> list[tuple[GroupDoc, dict[str, Any]]]:
        return [(group, self.group_page(group)) for group in self.groups]

    def group_page(self, group: GroupDoc) -> dict[str, Any]:
        return {
            "group": group,
            "package": self.package,
            "mintlify": self.mintlify,
            "methods": [self._method(m) for m in group.methods],
        }

    def _prose(self, text: str) -> str:
        text = escape.text(text)
        return escape.mdx_text(text) if self.mintlify else text

    def _method(self, method: MethodDoc) -> dict[str, Any]:
        op = method.operation
        deprecated = None
        if op.deprecated:
            deprecated = "> :warning: **DEPRECATED**: " + self._prose(
                op.deprecation_message or "This operation is deprecated by the API."
            )
        description = op.description or op.summary
        return {
            "name": method.name,
            "anchor": method.name.lower(),
            "summary": one_line(op.summary or op.description),
            "description": self._prose(description) if description else None,
            "deprecated": deprecated,
            "http": escape.code_span(f"{op.method.upper()} {op.path}"),
            "snippet": method.snippet,
            "parameters": self._parameters(method),
            "response": self._response(method),
            "errors": self._errors(op),
        }

    def _parameters(self, method: MethodDoc) -> Table | None:
        rows = [
            [
                escape.code_cell(a.name),
                self.flavor.type_cell(a.type_ref, LINK_GROUP),
                REQUIRED[a.required],
                escape.cell(a.description) if a.description else "N/A",
            ]
            for a in method.arguments
        ]
        if method.stream_keyword:
            rows.append(
                [
                    escape.code_cell(method.stream_keyword),
                    "*bool*",
                    REQUIRED[False],
                    "`True`: the response as a stream of events",
                ]
            )
        if not rows:
            return None
        header = ["Parameter", "Type", "Required", "Description"]
        return Table(header, rows, self.mintlify)

    def _response(self, method: MethodDoc) -> str:
        op = method.operation
        parts = []
        if op.response is not None:
            parts.append(f"**{self.flavor.type_cell(op.response, LINK_GROUP)}**")
        if op.stream is not None:
            item = self.flavor.type_cell(op.stream.item, LINK_GROUP)
            kind = "ChatStream" if op.stream.accumulates_chat else "Stream"
            when = f" (with `{method.stream_keyword}=True`)" if parts else ""
            parts.append(f"a `{kind}` of {item}{when}")
        text = ", or ".join(parts) if parts else "None"
        return self._final(text)

    def _errors(self, op: api.Operation) -> Table:
        rows = [
            [
                "errors.APIError",
                statuses,
                "application/json",
                self.flavor.type_cell(body, LINK_GROUP) if body is not None else "",
            ]
            for statuses, body in error_rows(op)
        ]
        rows.append(["errors.APIError", "4XX, 5XX", "\\*/\\*", ""])
        header = ["Error Type", "Status Code", "Content Type", "Body"]
        return Table(header, rows, self.mintlify)

    def _final(self, text: str) -> str:
        return escape.mdx_links(escape.mdx_text(text)) if self.mintlify else text

    # -- the SDK's README --

    def readme(self, index_path: str) -> dict[str, Any]:
        """The README at the output root: install, set up, a first call, streaming, errors,
        options, and every group and method linking to its page."""
        env = self.env_prefix
        client = f'Client(api_key=os.environ["{env}_API_KEY"])'
        first = self._first_call()
        streaming = self._streaming_method()
        base_url = self._base_url()
        context: dict[str, Any] = {
            "title": self._prose(escape.one_line(self.api.title)),
            "title_plain": self._prose(escape.one_line(self.api.title)),
            "version": escape.text(escape.one_line(self.api.version)),
            "description": (
                self._prose(self.api.description) if self.api.description else None
            ),
            "package": self.package,
            "base_url": base_url,
            "setup": self._setup(env),
            "first_call": None,
            "streaming": None,
            "streaming_text": "",
            "errors": [],
            "options": self._options(env),
            "groups": [self._readme_group(g) for g in self.groups],
            "index": index_path,
        }
        if first is not None:
            group, method = first
            context["first_call"] = python_method_snippet(
                self.flavor, self.package, group.attribute, method, client, stream=False
            )
            context["errors"] = self._errors_snippet(env, group, method)
        if streaming is not None:
            group, method = streaming
            context["streaming"] = python_method_snippet(
                self.flavor, self.package, group.attribute, method, client
            )
            context["streaming_text"] = self._streaming_text(method)
        return context

    def _base_url(self) -> str:
        return self.api.servers[0].url if self.api.servers else "http://localhost"

    def _setup(self, env: str) -> list[str]:
        return [
            "import os",
            "",
            f"from {self.package} import Client",
            "",
            f'with Client(api_key=os.environ["{env}_API_KEY"]) as client:',
            "    ...  # one attribute per group of operations, one method per operation",
        ]

    def _first_call(self) -> tuple[GroupDoc, MethodDoc] | None:
        """The method a newcomer calls first: the API's main one is the one that can answer
        in JSON or as a stream, a chat completion above all; else the first with a response.
        """
        candidates = [
            (g, m)
            for g in self.groups
            for m in g.methods
            if m.operation.response is not None
        ]
        return min(candidates, key=lambda pair: _prominence(pair[1]), default=None)

    def _streaming_method(self) -> tuple[GroupDoc, MethodDoc] | None:
        streams = [(g, m) for g in self.groups for m in g.methods if m.operation.stream]
        for group, method in streams:
            stream = method.operation.stream
            if stream is not None and stream.accumulates_chat:
                return group, method
        return streams[0] if streams else None

    @staticmethod
    def _streaming_text(method: MethodDoc) -> str:
        stream = method.operation.stream
        text = "A stream is a context manager and an iterator of typed events"
        if method.stream_keyword:
            text = f"With `{method.stream_keyword}=True` the method returns a stream. {text}"
        if stream is not None and stream.accumulates_chat:
            text += (
                "; `final()` gives the whole completion: content, reasoning and tool"
                " calls joined, finish reason and usage"
            )
        return text + ". Leaving the `with` block early closes the connection."

    def _errors_snippet(
        self, env: str, group: GroupDoc, method: MethodDoc
    ) -> list[str]:
        call = call_lines(self.flavor, group.attribute, method, stream=False)
        shown = [a.value for a in method.arguments if a.value is not None]
        imports = self.flavor.import_lines(None, VList(tuple(shown))) if shown else []
        return [
            "import os",
            "",
            f"from {self.package} import Client",
            f"from {self.package}.errors import APIError",
            *imports,
            "",
            f'with Client(api_key=os.environ["{env}_API_KEY"]) as client:',
            "    try:",
            *("    " + line for line in call),
            "    except APIError as error:",
            "        print(error.status_code, error.message)",
        ]

    def _options(self, env: str) -> list[str]:
        lines = [
            "import os",
            "",
            "import httpx",
            "",
            f"from {self.package} import Client",
            "",
            "http_client = httpx.Client(timeout=httpx.Timeout(30.0, connect=5.0))",
            "with Client(",
            f'    api_key=os.environ["{env}_API_KEY"],',
            f'    base_url=os.environ.get("{env}_BASE_URL", {py_string(self._base_url())}),',
            "    http_client=http_client,",
            ") as client:",
        ]
        return [*lines, "    ..."]

    def _readme_group(self, group: GroupDoc) -> dict[str, Any]:
        path = self.group_path(group)
        return {
            "title": group.title,
            "path": path,
            "methods": [
                {
                    "name": m.name,
                    "anchor": m.name.lower(),
                    "summary": one_line(m.operation.summary or m.operation.description),
                }
                for m in group.methods
            ],
        }

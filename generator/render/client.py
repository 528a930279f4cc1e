"""The HTTP client: a `Client` and an `AsyncClient` on httpx, one attribute per operation group.

`client.py` holds only the clients; each operation group is a module of its own,
`resources/<group>.py` with the sync and async group classes, imported when the client's group
attribute is first read. A group module imports the models its annotations name only for type
checkers; each method imports the models it evaluates when it is first called, so importing
`Client` loads no model and using one group loads only what its calls need.

Every operation becomes a method; an operation with a `text/event-stream` response returns a
typed stream (`Stream[Item]`, or `ChatStream[Item]` with `final()` for chat chunks), and when
`x-speakeasy-stream-request-field` names a request field the method is overloaded on it:
`stream=True` gives the stream, `stream=False` the JSON model.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field, replace
from enum import Enum

from jinja2 import Environment

from .. import api
from ..api import ModelRef, RequestBodyKind, request_body_kind
from ..naming import (
    WINDOWS_RESERVED_STEMS,
    class_name,
    module_name,
    python_field_name,
)
from .client_setup import (
    default_env_prefix,
    requirements_literal,
    security_views,
    server_declarations,
)
from .models import BASE_NAMES, GROUP_DIRS, ModelsRenderer
from .pysyntax import docstring, import_statement, model_identifier, py_string
from .typeddicts import TWINS_MODULE, InputTypes, twin_names, value_alias_names


class ArgumentKind(Enum):
    """Where a keyword argument goes: a parameter location (the RequestParts method) or the body."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    QUERYSTRING = "querystring"  # OpenAPI 3.2: the whole query string, in a media type
    BODY = "body"


@dataclass(frozen=True)
class ArgumentView:
    python_name: str  # the keyword (renamed when it clashes, see _keyword)
    wire_name: str
    annotation: str  # what the caller may pass (models also as dicts, enums also as their values)
    check_type: str  # the type the value is validated as (parameters; the body model checks its own)
    required: bool
    kind: str  # an ArgumentKind value
    # `style=...`, `explode=...`: where they differ from RequestParts' defaults
    style_arguments: tuple[str, ...]


# Names a keyword argument may not take: the method's own, its options, and the names its body and
# validation types evaluate at run time (a parameter called `list` would shadow `list[int]`).
RESERVED_KEYWORDS = frozenset(
    {
        "self",
        "body",
        "timeout",
        "max_retries",
        "extra_headers",
        "extra_query",
        "extra_body",
        "server_url",
    }
    | {"str", "int", "float", "bool", "bytes", "list", "dict", "Any", "Optional"}
    | {
        "Literal",
        "Mapping",
        "OMIT",
        "Omit",
        "OpenEnum",
        "OpenIntEnum",
        "Number",
        "httpx",
    }
)
# Attributes of Client/AsyncClient a group attribute must not replace.
CLIENT_ATTRIBUTES = frozenset(
    {"base_url", "close", "aclose", "with_options", "with_raw_response"}
    # the decorators the client classes use below their groups (Azure has a `property` group)
    | {"property", "cached_property"}
)
# Method names a group class must not define: the decorators its later methods use.
GROUP_DECORATORS = frozenset({"overload", "deprecated"})


# The defaults of RequestParts.path/query/header/cookie in the runtime's _params.py.
_PARTS_DEFAULTS: dict[str, tuple[str, bool]] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}


def style_arguments(parameter: api.Parameter) -> tuple[str, ...]:
    """The keyword arguments telling RequestParts how to serialise one parameter."""
    if parameter.location == "querystring":
        return (py_string(parameter.media_type or "application/json"),)
    style, explode = _PARTS_DEFAULTS[parameter.location]
    arguments = []
    if parameter.style != style:
        arguments.append(f"style={py_string(parameter.style)}")
    if parameter.explode != explode:
        arguments.append(f"explode={parameter.explode}")
    if parameter.allow_reserved and parameter.location == "query":
        arguments.append("allow_reserved=True")
    return tuple(arguments)


@dataclass(frozen=True)
class StreamView:
    item: str  # annotation of one item
    stream_class: str  # Stream / ChatStream (the template adds the Async prefix)
    sentinel: str  # Python literal
    decoder: (
        str  # "model" (item.model_validate_json), "adapter" (TypeAdapter) or "text"
    )
    # More StreamShape arguments for OpenAPI 3.2 streams (JSON Lines framing, models chosen by
    # event name), one `name=value,` line each; "" for SSE.
    shape_extra: str = ""

    @property
    def uses_adapter(self) -> bool:
        """Its decoding calls the runtime's `adapter(...)` (for the item or an event's type)."""
        return self.decoder == "adapter" or "adapter(" in self.shape_extra


# The kinds that send an object's properties as fields
_FIELD_KINDS = (RequestBodyKind.FORM, RequestBodyKind.MULTIPART)


def _sent_content_type(content_type: str | None) -> str:
    """The Content-Type of a binary or text body: the spec's, unless it is a wildcard."""
    media = content_type or "application/octet-stream"
    return "application/octet-stream" if "*" in media else media


def _is_file(field: api.Field, operation: api.Operation) -> bool:
    """A multipart property sent as a file: the builder's finding (`format: binary`,
    `contentMediaType`), or a binary string type."""
    if field.wire_name in operation.file_fields:
        return True
    inner = api.strip_null(field.type)
    if isinstance(inner, api.ArrayOf):
        inner = api.strip_null(inner.item)
    return isinstance(inner, api.Primitive) and inner.format == "binary"


class ReturnKind(Enum):
    STREAM = "stream"  # the typed stream
    JSON = "json"  # the JSON model, or None without a JSON response
    EITHER = "either"  # decided at run time by the body's stream flag


@dataclass(frozen=True)
class OverloadView:
    body_form: bool  # `body` positional instead of the body's keyword arguments
    stream_value: (
        str | None
    )  # annotation of the stream flag, None when not a keyword here
    returns: str  # a ReturnKind value


@dataclass(frozen=True)
class MethodView:
    name: str
    http_method: str
    path: str  # Python literal of the path template
    docstring: str | None
    arguments: tuple[
        ArgumentView, ...
    ]  # parameters, then the body's top-level properties
    body_model: str | None  # the object model the body's keyword arguments build
    body_dict: str  # what stands for that model as a dict (`body=`): its TypedDict twin
    body_type: (
        str | None
    )  # annotation of a body that is not an object model (passed as `body=`)
    body_required: bool
    body_kind: str  # a RequestBodyKind value
    content_type: (
        str  # Python literal of the Content-Type sent with a form, binary or text body
    )
    file_fields: str  # Python literal: {wire name: is an array} of a multipart body's file properties
    encoding: str  # Python literal: a multipart body's `encoding` for the runtime's multipart_parts
    # `"wire name": (style, explode, allowReserved)` of each form or multipart body field whose
    # `encoding` sets a style: the entries of a dict the template writes one a line (Stripe's run
    # to 40 entries, which black split again on every generate)
    field_styles: tuple[str, ...]
    response: (
        str | None
    )  # annotation of the JSON response (also what validates it), None when there is none
    stream: StreamView | None
    stream_field: str | None  # python name of the request flag that selects streaming
    stream_wire_name: str | None
    overloads: tuple[OverloadView, ...]
    returns: str  # a ReturnKind value: what the implementation returns
    deprecated: (
        str | None
    )  # Python literal of the deprecation message, None when not deprecated
    # (status, annotation of the error model) for the runtime's APIStatusError.error
    errors: tuple[tuple[str, str], ...]
    # The runtime's ResponseShape(...) arguments, one per 2xx media type.
    shapes: tuple[str, ...]
    # The return annotation when there is no JSON response: "str" or "BinaryResponse".
    other_return: str | None
    security: str  # the requirements: a Python literal, or SECURITY (the document's)
    # Import statements (indented for the method's body) of the models the method evaluates,
    # and of those its responses (shapes, error models, stream items) evaluate.
    call_imports: tuple[str, ...] = ()
    response_imports: tuple[str, ...] = ()
    # A list operation: the runtime's PageShape(...) expression, the annotation of one item, and
    # the page class it returns (the page model with `Page` mixed in, declared for type checkers).
    page: str | None = None
    page_item: str | None = None
    page_class: str | None = None
    # Python literal of the operation's own server (its first, variables at their defaults).
    server_url: str | None = None

    @property
    def parameters(self) -> tuple[ArgumentView, ...]:
        return tuple(a for a in self.arguments if a.kind != ArgumentKind.BODY.value)

    @property
    def body_arguments(self) -> tuple[ArgumentView, ...]:
        return tuple(a for a in self.arguments if a.kind == ArgumentKind.BODY.value)


@dataclass(frozen=True)
class GroupView:
    attribute: str  # the client's attribute (`client.chat`)
    class_name: str  # the sync class; the async one adds the `Async` prefix
    module: str  # the module under `<package>/resources/`
    methods: tuple[MethodView, ...]


@dataclass
class _ModuleNames:
    """What the methods of one group module mention, collected while they are built."""

    inputs: InputTypes  # what arguments accept (models also as TypedDict twins)
    typing_names: set[str] = field(default_factory=lambda: {"Any"})
    file_input: bool = False  # some argument is a file: FileInput is imported


RESOURCES = "resources"  # the subpackage of the group modules


def _group_classes(name: str) -> set[str]:
    """The classes a group's module defines for the group class `name`."""
    return {
        prefix + name + suffix
        for prefix in ("", "Async")
        for suffix in ("", "WithRawResponse")
    }


class ClientRenderer:
    def __init__(
        self, model_api: api.Api, package: str, env: Environment, env_prefix: str
    ):
        self.api = model_api
        self.package = package
        self.env_prefix = env_prefix
        self.env = env
        self.models = ModelsRenderer(model_api, package, env)
        # Names usable in the rendered code: an identifier among them needs an import.
        # (a model by `model_identifier`, which `model_keys` maps back to its key)
        self.model_keys = {model_identifier(m.name): m.name for m in model_api.models}
        self.importable = frozenset(self.model_keys) | BASE_NAMES
        self.twins = twin_names(model_api)  # model -> its TypedDict twin
        self.value_aliases = value_alias_names(model_api, self.twins)
        # what a group's module may import: its own class must be none of them
        self.imported_names = (
            self.importable
            | set(self.twins.values())
            | set(self.value_aliases.values())
        )
        self.names = self._module_names()  # of the group being rendered

    def _module_names(self) -> _ModuleNames:
        return _ModuleNames(
            InputTypes(self.api, self.models, self.twins, self.value_aliases)
        )

    def render(self) -> dict[str, str]:
        files = {}
        groups = []
        for attribute, operations in operations_by_group(self.api.operations):
            self.names = self._module_names()
            group = self._group(attribute, operations)
            groups.append(group)
            path = f"{self.package}/{RESOURCES}/{group.module}.py"
            files[path] = self._render_group(group)
        schemes, security = security_views(self.api)
        files[f"{self.package}/client.py"] = self.env.get_template(
            "python/client.py.jinja"
        ).render(
            package=self.package,
            schemes=schemes,
            security=requirements_literal(security),
            env_api_key=py_string(f"{self.env_prefix}_API_KEY"),
            env_base_url=py_string(f"{self.env_prefix}_BASE_URL"),
            module_docstring=docstring(
                f"HTTP client for {self.api.title}: `Client` (sync) and `AsyncClient`, on httpx."
            ),
            base_url=py_string(self.api.servers[0].url if self.api.servers else "/"),
            servers=server_declarations(self.api.servers),
            distribution=py_string(self.package.replace("_", "-")),
            log_env_var=f"{self.env_prefix}_LOG",  # follows env-prefix like the key
            groups=groups,
            resources=RESOURCES,
            import_statement=import_statement,
        )
        files[f"{self.package}/{RESOURCES}/__init__.py"] = self.env.get_template(
            "python/resources_init.py.jinja"
        ).render(
            module_docstring=docstring(
                "One module per operation group, imported when the client's group"
                " attribute is first used."
            )
        )
        return files

    def _group(
        self, attribute: str, operations: list[tuple[str, api.Operation]]
    ) -> GroupView:
        methods = tuple(self._method(operation, name) for name, operation in operations)
        group = operations[0][1].group
        return GroupView(attribute, self._group_class(group), attribute, methods)

    def _group_class(self, group: str) -> str:
        """`{Group}Operations`, unless a model (or its twin) has that name or its `Async`
        twin's: the group's module imports them, and one would be shadowed (Azure's serial
        console spec has a `SerialConsoleOperations` schema); then `{Group}Resource`."""
        base = class_name(group)
        candidates = [base + "Operations", base + "Resource", base + "OperationsGroup"]
        return next(
            (c for c in candidates if not _group_classes(c) & self.imported_names),
            candidates[-1] + "_",
        )

    def _render_group(self, group: GroupView) -> str:
        methods = list(group.methods)
        return self.env.get_template("python/resource.py.jinja").render(
            package=self.package,
            group=group,
            module_docstring=docstring(
                f"`client.{group.attribute}` of {self.api.title}: `{group.class_name}`"
                f" and `Async{group.class_name}`."
            ),
            binary_returns=any(m.other_return == "BinaryResponse" for m in methods),
            pages=any(m.page for m in methods),
            page_classes=sorted(
                {
                    (m.page_class, m.page_item, m.response)
                    for m in methods
                    if m.page_class
                }
            ),
            adapter=any(m.stream and m.stream.uses_adapter for m in methods),
            base_names=self._base_names(methods),
            type_imports=self._type_imports(methods)
            + [
                import_statement(f"..{TWINS_MODULE}", twin, "    ")
                for twin in sorted(self.names.inputs.twins_used)
            ],
            deprecations=any(m.deprecated for m in methods),
            # Called through their modules (`_request.check(...)`): a parameter may be named
            # `options` or `check` (Stripe's, Box's and GitHub's bodies have an `options`).
            runtime_modules=_runtime_modules(methods),
            file_input=self.names.file_input,
            stream_classes=sorted({m.stream.stream_class for m in methods if m.stream}),
            typing_names=sorted(
                self.names.typing_names
                | self.names.inputs.typing_names
                | _typing_names(methods)
            ),
        )

    def _method(self, operation: api.Operation, name: str) -> MethodView:
        body = (
            api.strip_null(operation.request_body) if operation.request_body else None
        )
        body_object = self._body_object(body)
        kind = request_body_kind(operation.request_content_type)
        if operation.request_parts is not None:
            kind = RequestBodyKind.PARTS
        if kind in _FIELD_KINDS and isinstance(body, api.Primitive):
            # A form or multipart body the spec types as one string is encoded already
            # (`a=1&b=2`): sent as is (a multipart one with its boundary in `extra_headers`).
            kind = RequestBodyKind.TEXT
        if kind in (RequestBodyKind.BINARY, RequestBodyKind.TEXT):
            body_object = None  # the whole body is one value: bytes, a file or a str
        stream_wire = self._stream_wire_name(operation, body_object)
        arguments = self._arguments(operation, body_object, stream_wire, kind)
        body_type = None
        if operation.request_body is not None and body_object is None:
            body_type = self._body_annotation(
                operation.request_body, kind, operation.request_parts
            )
        overloads, returns = _overloads(operation, body_object, stream_wire)
        page, page_item, page_class = self._page(operation)
        response = self._response_annotation(operation)
        return self._with_imports(
            MethodView(
                name=name,
                http_method=operation.method.upper(),
                path=py_string(operation.path),
                docstring=_method_docstring(operation, arguments, body_object),
                arguments=tuple(view for view, _ in arguments),
                body_model=(
                    model_identifier(body_object.name) if body_object else None
                ),
                body_dict=self._body_dict(body_object, kind),
                body_type=body_type,
                body_required=operation.request_body_required,
                body_kind=kind.value,
                content_type=py_string(
                    _sent_content_type(operation.request_content_type)
                ),
                file_fields=_file_fields(operation, body_object, kind),
                encoding=(
                    self._parts_literal(operation.request_parts)
                    if operation.request_parts
                    else _encoding_literal(operation, kind)
                ),
                field_styles=_field_styles(operation, kind),
                response=response,
                # A stream the method cannot return (no flag selects it) is not rendered, nor imported.
                stream=(
                    self._stream(operation.stream)
                    if operation.stream and returns != ReturnKind.JSON
                    else None
                ),
                stream_field=python_field_name(stream_wire) if stream_wire else None,
                stream_wire_name=stream_wire,
                overloads=overloads,
                returns=returns.value,
                deprecated=self._deprecation(operation),
                errors=tuple(
                    (status, self._annotation(body))
                    for status, body in operation.error_responses
                    if body is not None
                ),
                shapes=self._shapes(operation),
                other_return=_other_return(operation),
                security=(
                    "SECURITY"
                    if operation.security is None
                    else requirements_literal(operation.security)
                ),
                page=page,
                page_item=page_item,
                page_class=page_class,
                server_url=(
                    py_string(operation.servers[0].url) if operation.servers else None
                ),
            )
        )

    def _page_class(self, page_model: str) -> str:
        """The name of the page class typing what a paginated method returns."""
        name = f"{page_model}Page"
        while name in self.importable:  # a model of that name is imported beside it
            name += "_"
        return name

    def _page(
        self, operation: api.Operation
    ) -> tuple[str | None, str | None, str | None]:
        """`page`, `page_item` and `page_class` of a paginated operation: how the runtime
        asks for more, one item's annotation, what the method returns."""
        paging = operation.pagination
        if paging is None or not isinstance(operation.response, ModelRef):
            return None, None, None
        model = self.api.model(operation.response.name)
        assert isinstance(model, api.ObjectModel)
        python = {f.wire_name: f.python_name for f in model.fields}
        arguments = [
            self._annotation(operation.response),
            f"_pagination.PageKind.{paging.kind.name}",
            py_string(python[paging.items]),
        ]
        for keyword_name, value in (
            ("parameter", paging.parameter),
            ("limit", paging.limit),
            ("cursor", paging.cursor and python[paging.cursor]),
            ("has_more", paging.has_more and python[paging.has_more]),
        ):
            if value:
                arguments.append(f"{keyword_name}={py_string(value)}")
        return (
            f"_pagination.PageShape({', '.join(arguments)})",
            self._annotation(paging.item),
            self._page_class(arguments[0]),
        )

    def _with_imports(self, method: MethodView) -> MethodView:
        """`method` with the imports of the models its body and its responses evaluate."""
        call = [a.check_type for a in method.parameters]
        call += [method.body_model or ""]
        if method.body_type and method.body_kind == RequestBodyKind.JSON.value:
            call.append(method.body_type)
        if method.body_kind == RequestBodyKind.PARTS.value:
            call.append(method.encoding)  # the types each part is validated as
        responses = list(method.shapes) + [error for _, error in method.errors]
        responses.append(method.page or "")
        if method.stream:
            responses.append(method.stream.shape_extra)
        if method.stream and method.stream.decoder != "text":
            responses.append(method.stream.item)
        return replace(
            method,
            call_imports=self._model_imports(call, "        "),
            response_imports=self._model_imports(responses, "    "),
        )

    def _model_imports(self, code: list[str], indent: str) -> tuple[str, ...]:
        """`from ..models.x import X` for every model named in `code`, from a group module."""
        names = (_identifiers(code) & self.importable) - BASE_NAMES
        return tuple(indent + self._import(name, indent) for name in sorted(names))

    def _import(self, identifier: str, indent: str) -> str:
        """`from ..models.x import X` for the model `identifier` names (`as` it, if need be)."""
        model = self.api.model(self.model_keys[identifier])
        directory = GROUP_DIRS[model.group].replace("/", ".")
        module = f"..{directory}.{module_name(model.class_name)}"
        return import_statement(module, model.class_name, indent, alias=identifier)

    def _type_imports(self, methods: list[MethodView]) -> list[str]:
        """The imports of what the group's annotations name: models for type checkers only."""
        annotations = [
            text
            for m in methods
            for text in (
                *(a.annotation for a in m.arguments),
                m.body_model or "",
                m.body_type or "",
                # a page class's bases name the item and the page model (the response)
                m.page_item or "",
                m.response or "",
                m.stream.item if m.stream else "",
            )
        ]
        names = (_identifiers(annotations) & self.importable) - BASE_NAMES
        return [self._import(name, "    ") for name in sorted(names)]

    def _base_names(self, methods: list[MethodView]) -> list[str]:
        """`Number`, `OpenEnum`: from the models' `_base`, wherever the group names them."""
        code = [
            text
            for m in methods
            for text in (
                *(a.annotation for a in m.arguments),
                *(a.check_type for a in m.parameters),
                *m.shapes,
                *(error for _, error in m.errors),
                m.body_type or "",
                m.response or "",
                m.stream.item if m.stream else "",
            )
        ]
        return sorted(_identifiers(code) & BASE_NAMES)

    def _response_annotation(self, operation: api.Operation) -> str | None:
        """What the JSON answer is: one model, or the union of each 2xx status's."""
        if operation.response is None:
            return None
        types = [operation.response, *(t for _, t in operation.other_responses)]
        annotations = [self._annotation(t) for t in types]
        if operation.empty_success and not any(map(api.is_nullable, types)):
            annotations.append("None")  # a 204 (or a 2xx without content) returns None
        return " | ".join(annotations)

    def _shapes(self, operation: api.Operation) -> tuple[str, ...]:
        """ResponseShape arguments: each 2xx status's JSON model for that status.

        The first 2xx JSON body is `operation.response`, the others `other_responses`
        (JSON of a status with neither is returned as parsed JSON).
        """
        media = [m for m in operation.success_media if m.kind != "event-stream"]
        if not media:
            if operation.response is None:
                return ()
            return (
                f'"2XX", "application/json", {self._annotation(operation.response)}',
            )
        json_status = next((m.status for m in media if m.kind == "json"), None)
        models = dict(operation.other_responses)
        if json_status is not None and operation.response is not None:
            models[json_status] = operation.response
        shapes = []
        for m in media:
            head = f"{py_string(m.status)}, {py_string(m.media_type)}"
            if m.kind == "json" and m.status in models:
                shapes.append(f"{head}, {self._annotation(models[m.status])}")
            elif m.kind == "binary" and (
                "json" in m.media_type or m.media_type == "*/*"
            ):
                shapes.append(f"{head}, format_binary=True")
            else:
                shapes.append(head)
        return tuple(shapes)

    def _body_annotation(
        self,
        body: api.TypeRef,
        kind: RequestBodyKind,
        operation_parts: api.PositionalBody | None = None,
    ) -> str:
        if kind == RequestBodyKind.BINARY:
            self.names.file_input = True
            return "FileInput"
        if kind == RequestBodyKind.TEXT:
            return "str"
        if kind == RequestBodyKind.PARTS and operation_parts is not None:
            return self._parts_annotation(operation_parts)
        return self._annotation(body)

    def _parts_literal(self, parts: api.PositionalBody) -> str:
        """The runtime's `prefix, rest` arguments of positional_parts: each position's
        `(Content-Type, {header: value}, type validated, None for a file)`."""

        def one(part: api.PositionalPart) -> str:
            headers = ", ".join(
                f"{py_string(k)}: {py_string(v)}" for k, v in part.headers
            )
            checked = "None" if part.is_file else self._annotation(part.type)
            return f"({py_string(part.content_type)}, {{{headers}}}, {checked})"

        prefix = [one(part) for part in parts.prefix]
        prefix_text = (
            f"({prefix[0]},)" if len(prefix) == 1 else f"({', '.join(prefix)})"
        )
        return f"{prefix_text}, {one(parts.items) if parts.items else 'None'}"

    def _parts_annotation(self, parts: api.PositionalBody) -> str:
        """A positional multipart body: a list of its positions' types (files as FileInput)."""
        annotations = []
        for part in (*parts.prefix, *([parts.items] if parts.items else [])):
            if part.is_file:
                self.names.file_input = True
                annotations.append("FileInput")
            else:
                annotations.append(self._input_annotation(part.type))
        return f"list[{' | '.join(dict.fromkeys(annotations))}]"

    def _body_dict(self, body: api.ObjectModel | None, kind: RequestBodyKind) -> str:
        """The dict form of a body model: its TypedDict twin, except for multipart bodies
        (whose model types files as text)."""
        if body is None or body.name not in self.twins:
            return "dict[str, Any]"
        if kind == RequestBodyKind.MULTIPART:
            return "dict[str, Any]"
        self.names.inputs.twin_models.add(body.name)
        return self.twins[body.name]

    def _body_object(self, body: api.TypeRef | None) -> api.ObjectModel | None:
        if isinstance(body, ModelRef):
            model = self.api.model(body.name)
            if isinstance(model, api.ObjectModel):
                return model
        return None

    @staticmethod
    def _stream_wire_name(
        operation: api.Operation, body: api.ObjectModel | None
    ) -> str | None:
        """The body's flag choosing between the stream and the JSON response, when it has one."""
        if not (operation.stream and operation.response and body):
            return None
        if operation.stream_request_field:
            return operation.stream_request_field
        # Without the vendor extension: a boolean `stream` property chooses, as in OpenAI's API.
        flag = next((f for f in body.fields if f.wire_name == "stream"), None)
        if flag is not None and api.strip_null(flag.type) == api.Primitive("boolean"):
            return flag.wire_name
        return None

    def _arguments(
        self,
        operation: api.Operation,
        body: api.ObjectModel | None,
        stream_wire: str | None,
        kind: RequestBodyKind,
    ) -> list[tuple[ArgumentView, str | None]]:
        """Keyword arguments with their descriptions: parameters, then body properties."""
        taken: set[str] = set()
        arguments = []
        for parameter in operation.parameters:
            view = self._argument(
                parameter.field,
                ArgumentKind(parameter.location),
                taken,
                style_arguments(parameter),
            )
            arguments.append((view, parameter.field.description))
        for body_field in body.fields if body else ():
            if body_field.wire_name == stream_wire:
                continue
            view = self._argument(body_field, ArgumentKind.BODY, taken, ())
            if kind == RequestBodyKind.MULTIPART and _is_file(body_field, operation):
                view = replace(view, annotation=self._file_annotation(body_field.type))
            arguments.append((view, body_field.description))
        return arguments

    def _argument(
        self,
        field: api.Field,
        kind: ArgumentKind,
        taken: set[str],
        styles: tuple[str, ...],
    ) -> ArgumentView:
        name = field.python_name
        while name in RESERVED_KEYWORDS or name in taken or keyword.iskeyword(name):
            name += "_"
        taken.add(name)
        return ArgumentView(
            python_name=name,
            wire_name=field.wire_name,
            annotation=self._input_annotation(field.type),
            check_type=self._annotation(field.type),
            required=field.required,
            kind=kind.value,
            style_arguments=styles,
        )

    def _file_annotation(self, type_ref: api.TypeRef) -> str:
        """A `format: binary` property of a multipart body: one file, a list of them, maybe null."""
        self.names.file_input = True
        inner = api.strip_null(type_ref)
        text = "list[FileInput]" if isinstance(inner, api.ArrayOf) else "FileInput"
        if api.is_nullable(type_ref):
            self.names.typing_names.add("Optional")
            return f"Optional[{text}]"
        return text

    def _input_annotation(self, type_ref: api.TypeRef) -> str:
        """What a caller may pass: models also as their TypedDict twins, closed enums also as
        their values."""
        return self.names.inputs.annotation(type_ref)

    @staticmethod
    def _deprecation(operation: api.Operation) -> str | None:
        if not operation.deprecated:
            return None
        message = operation.deprecation_message or (
            f"{operation.method.upper()} {operation.path} is deprecated by the API"
        )
        return py_string(message)

    def _stream(self, stream: api.EventStream) -> StreamView:
        item = api.strip_null(stream.item)
        if isinstance(item, ModelRef) and isinstance(
            self.api.model(item.name), api.ObjectModel
        ):
            decoder = "model"
        elif isinstance(item, api.Primitive) and item.name == "string":
            decoder = "text"
        else:
            decoder = "adapter"
        return StreamView(
            item=self._annotation(stream.item),
            stream_class="ChatStream" if stream.accumulates_chat else "Stream",
            sentinel=(
                py_string(stream.sentinel) if stream.sentinel is not None else "None"
            ),
            decoder=decoder,
            shape_extra=self._stream_shape_extra(stream),
        )

    def _stream_shape_extra(self, stream: api.EventStream) -> str:
        """StreamShape arguments beyond the SSE defaults (none for a 3.0/3.1 stream)."""
        arguments = []
        if stream.framing != "sse":
            arguments.append(f"framing={py_string(stream.framing)}")
            arguments.append(f"media_type={py_string(stream.media_type)}")
        if stream.event_items:
            models = ", ".join(
                f"{py_string(event)}: {self._validator_of(type_ref)}"
                for event, type_ref in stream.event_items
            )
            arguments.append(f"events={{{models}}}")
        # One per line, as black writes them (a module without long lines is not re-formatted).
        return "".join(f"\n            {argument}," for argument in arguments)

    def _validator_of(self, type_ref: api.TypeRef) -> str:
        """What validates JSON into the type: the model class, else its TypeAdapter."""
        annotation = self._annotation(type_ref)
        if isinstance(type_ref, ModelRef) and isinstance(
            self.api.model(type_ref.name), api.ObjectModel
        ):
            return annotation
        return f"adapter({annotation})"

    def _annotation(self, type_ref: api.TypeRef) -> str:
        typing_names: set[str] = set()
        text = self.models.annotation(type_ref, typing_names)
        self.names.typing_names |= typing_names - BASE_NAMES
        return text


def operations_by_group(
    operations: tuple[api.Operation, ...] | list[api.Operation],
) -> list[tuple[str, list[tuple[str, api.Operation]]]]:
    """The client attribute of each group, with its operations under their method names.

    A name that is a keyword, starts with `_` or is a decorator the group's class uses
    (`overload`) gets a trailing `_`, and so does one taken already; a group named like a
    client attribute (`close`, `property`) or like another group's attribute, too.
    """
    by_group: dict[str, list[tuple[str, api.Operation]]] = {}
    taken_in: dict[str, set[str]] = {}
    for operation in operations:
        named = by_group.setdefault(operation.group, [])
        taken = taken_in.setdefault(operation.group, set())
        name = operation.method_name
        if keyword.iskeyword(name) or name.startswith("_") or name in GROUP_DECORATORS:
            name += "_"
        while name in taken:
            name += "_"
        taken.add(name)
        named.append((name, operation))
    attributes: set[str] = set()
    groups = []
    for group, named in sorted(by_group.items()):
        attribute = python_field_name(group)
        while attribute in CLIENT_ATTRIBUTES | attributes or (
            attribute in WINDOWS_RESERVED_STEMS  # it names the group's module file
        ):
            attribute += "_"
        attributes.add(attribute)
        groups.append((attribute, named))
    return groups


_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'" + r'|"(?:[^"\\]|\\.)*"')
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _identifiers(code: list[str]) -> set[str]:
    """The names the Python expressions in `code` mention, outside their string literals."""
    return {
        name
        for text in code
        for name in _IDENTIFIER.findall(_STRING_LITERAL.sub("", text))
    }


def _overloads(
    operation: api.Operation, body: api.ObjectModel | None, stream_wire: str | None
) -> tuple[tuple[OverloadView, ...], ReturnKind]:
    """The typed signatures of a method, and what its implementation returns.

    A body the stream flag is part of gives three: keywords with `stream=True` (the stream), with
    `stream=False` (the JSON model), and a body model (either). An object body gives two: keywords,
    or the body model. Anything else is one plain signature.
    """
    if stream_wire:
        return (
            OverloadView(False, "Literal[True]", ReturnKind.STREAM.value),
            OverloadView(False, "Literal[False] = False", ReturnKind.JSON.value),
            OverloadView(True, None, ReturnKind.EITHER.value),
        ), ReturnKind.EITHER
    returns = (
        ReturnKind.STREAM
        if operation.stream and not operation.response
        else ReturnKind.JSON
    )
    if body is not None:
        return (
            OverloadView(False, None, returns.value),
            OverloadView(True, None, returns.value),
        ), returns
    return (), returns


def _method_docstring(
    operation: api.Operation,
    arguments: list[tuple[ArgumentView, str | None]],
    body: api.ObjectModel | None,
) -> str | None:
    """Summary, description and an `Args:` entry per described keyword argument."""
    parts = [p for p in (operation.summary, operation.description) if p]
    if operation.summary and operation.description == operation.summary:
        parts = [operation.summary]
    described = [
        f"    {view.python_name}: {' '.join(description.split())}"
        for view, description in arguments
        if description
    ]
    if body is not None:
        described.append(
            f"    body: the whole request body as a `{model_identifier(body.name)}` (or a dict), instead of its keyword arguments"
        )
    if operation.servers:
        described.append(
            f"    server_url: the server for this call, instead of the operation's own"
            f" ({operation.servers[0].url}; the client's base URL does not apply)"
        )
    if described:
        parts.append("Args:\n" + "\n".join(described))
    return docstring("\n\n".join(parts), "        ") if parts else None


def _runtime_modules(methods: list[MethodView]) -> list[str]:
    """The runtime modules whose functions the rendered methods call."""
    modules = {"_request"} if methods else set()
    if any(m.page for m in methods):
        modules.add("_pagination")
    kinds = {m.body_kind for m in methods if m.body_model or m.body_type}
    # Bodies that are not JSON are encoded by the runtime's _files module.
    encoded_by_files = {
        RequestBodyKind.MULTIPART,
        RequestBodyKind.FORM,
        RequestBodyKind.BINARY,
        RequestBodyKind.TEXT,
    }
    if kinds & {kind.value for kind in encoded_by_files}:
        modules.add("_files")
    return sorted(modules)


def _file_fields(
    operation: api.Operation, body: api.ObjectModel | None, kind: RequestBodyKind
) -> str:
    if body is None or kind != RequestBodyKind.MULTIPART:
        return "{}"
    entries = [
        f"{py_string(f.wire_name)}: {isinstance(api.strip_null(f.type), api.ArrayOf)}"
        for f in body.fields
        if _is_file(f, operation)
    ]
    return "{" + ", ".join(entries) + "}"


def _encoding_literal(operation: api.Operation, kind: RequestBodyKind) -> str:
    """`{wire name: (Content-Type or None, {header: value})}` of a multipart body's `encoding`."""
    if kind != RequestBodyKind.MULTIPART or not operation.request_encoding:
        return "None"
    entries = []
    for part in operation.request_encoding:
        content_type = (
            py_string(part.content_type) if part.content_type is not None else "None"
        )
        headers = ", ".join(
            f"{py_string(name)}: {py_string(value)}" for name, value in part.headers
        )
        entries.append(f"{py_string(part.name)}: ({content_type}, {{{headers}}})")
    return "{" + ", ".join(entries) + "}"


def _field_styles(operation: api.Operation, kind: RequestBodyKind) -> tuple[str, ...]:
    """`"wire name": (style, explode, allowReserved)` of the body fields whose encoding sets one."""
    if kind not in (RequestBodyKind.MULTIPART, RequestBodyKind.FORM):
        return ()
    return tuple(
        f"{py_string(part.name)}: ({py_string(part.style[0])}, {part.style[1]}, {part.style[2]})"
        for part in operation.request_encoding
        if part.style is not None
    )


def _typing_names(methods: list[MethodView]) -> set[str]:
    """`Optional` and `Mapping` for every client; `Literal` and `overload` when a method has overloads."""
    names = {"Optional", "Mapping"}
    if any(m.overloads for m in methods):
        names.add("overload")
    if any(m.stream_field for m in methods):
        names.add("Literal")
    return names


def _other_return(operation: api.Operation) -> str | None:
    """What a method without a JSON model returns: text or a binary body."""
    if operation.response is not None:
        return None
    kinds = {m.kind for m in operation.success_media}
    if "binary" in kinds:
        return "BinaryResponse"
    return "str" if "text" in kinds else None


def render_client(
    model_api: api.Api, package: str, env: Environment, env_prefix: str | None = None
) -> dict[str, str]:
    """client.py; `env_prefix` names the environment variables (default: from the title)."""
    prefix = env_prefix or default_env_prefix(model_api.title, package)
    return ClientRenderer(model_api, package, env, prefix).render()

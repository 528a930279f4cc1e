"""The HTTP client: a `Client` and an `AsyncClient` on httpx, one attribute per operation group.

Every operation becomes a method; an operation with a `text/event-stream` response returns a
typed stream (`Stream[Item]`, or `ChatStream[Item]` with `final()` for chat chunks), and when
`x-speakeasy-stream-request-field` names a request field the method is overloaded on it:
`stream=True` gives the stream, `stream=False` the JSON model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment

from .. import api
from ..api import ModelRef
from ..naming import class_name, module_name, python_field_name
from .models import BASE_NAMES, GROUP_DIRS, ModelsRenderer
from .pysyntax import docstring, import_statement, py_string


@dataclass(frozen=True)
class ParameterView:
    python_name: str
    wire_name: str
    annotation: str
    required: bool
    location: str
    style_arguments: (
        str  # `, style=..., explode=...` where they differ from RequestParts' defaults
    )


# The defaults of RequestParts.path/query/header/cookie in the runtime's _params.py.
_PARTS_DEFAULTS: dict[str, tuple[str, bool]] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}


def style_arguments(parameter: api.Parameter) -> str:
    """The keyword arguments telling RequestParts how to serialise one parameter."""
    style, explode = _PARTS_DEFAULTS[parameter.location]
    arguments = []
    if parameter.style != style:
        arguments.append(f"style={py_string(parameter.style)}")
    if parameter.explode != explode:
        arguments.append(f"explode={parameter.explode}")
    if parameter.allow_reserved and parameter.location == "query":
        arguments.append("allow_reserved=True")
    return "".join(", " + argument for argument in arguments)


@dataclass(frozen=True)
class StreamView:
    item: str  # annotation of one item
    stream_class: str  # Stream / ChatStream (the template adds the Async prefix)
    sentinel: str  # Python literal
    decoder: (
        str  # "model" (item.model_validate_json), "adapter" (TypeAdapter) or "text"
    )


@dataclass(frozen=True)
class MethodView:
    name: str
    http_method: str
    path: str  # Python literal of the path template
    docstring: str | None
    parameters: tuple[ParameterView, ...]
    body_model: str | None  # class validating keyword arguments into the request body
    body_passthrough: bool  # a body that is not an object model: passed as `body=`
    response: (
        str | None
    )  # annotation of the JSON response (also what validates it), None when there is none
    stream: StreamView | None
    stream_field: str | None  # python name of the request flag that selects streaming
    deprecated: (
        str | None
    )  # Python literal of the deprecation message, None when not deprecated
    # (status, annotation of the error model) for the runtime's APIStatusError.error
    errors: tuple[tuple[str, str], ...] = ()
    # The runtime's ResponseShape(...) arguments, one per 2xx media type.
    shapes: tuple[str, ...] = ()
    # The return annotation when there is no JSON response: "str" or "BinaryResponse".
    other_return: str | None = None


@dataclass(frozen=True)
class GroupView:
    attribute: str
    class_name: str
    methods: tuple[MethodView, ...]


class ClientRenderer:
    def __init__(self, model_api: api.Api, package: str, env: Environment):
        self.api = model_api
        self.package = package
        self.env = env
        self.models = ModelsRenderer(model_api, package, env)
        # What the rendered methods mention, collected while they are built, imported at the top.
        self.imported: set[str] = set()
        self.typing_names: set[str] = {"Any"}
        self.base_names: set[str] = set()

    def render(self) -> dict[str, str]:
        groups = self._groups()
        base_url = self.api.servers[0].url if self.api.servers else "/"
        text = self.env.get_template("python/client.py.jinja").render(
            package=self.package,
            module_docstring=docstring(
                f"HTTP client for {self.api.title}: `Client` (sync) and `AsyncClient`, on httpx."
            ),
            base_url=py_string(base_url),
            log_env_var=log_env_var(self.api.title),
            binary_returns=any(
                m.other_return == "BinaryResponse" for g in groups for m in g.methods
            ),
            groups=groups,
            imports=self._imports(),
            deprecations=any(m.deprecated for g in groups for m in g.methods),
            stream_classes=sorted(
                {m.stream.stream_class for g in groups for m in g.methods if m.stream}
            ),
            typing_names=sorted(self.typing_names | self._overload_names(groups)),
        )
        return {f"{self.package}/client.py": text}

    @staticmethod
    def _overload_names(groups: list[GroupView]) -> set[str]:
        """`Optional` for the client's own signatures; `Literal` and `overload` when a method streams on a flag."""
        overloaded = any(m.stream_field for g in groups for m in g.methods)
        return {"Optional", "Literal", "overload"} if overloaded else {"Optional"}

    def _groups(self) -> list[GroupView]:
        by_group: dict[str, list[MethodView]] = {}
        for operation in self.api.operations:
            methods = by_group.setdefault(operation.group, [])
            name = operation.method_name
            while name in {m.name for m in methods}:
                name += "_"
            methods.append(self._method(operation, name))
        return [
            GroupView(
                python_field_name(group),
                class_name(group) + "Operations",
                tuple(methods),
            )
            for group, methods in sorted(by_group.items())
        ]

    def _method(self, operation: api.Operation, name: str) -> MethodView:
        parameters = tuple(
            ParameterView(
                p.field.python_name,
                p.field.wire_name,
                self._annotation(p.field.type),
                p.field.required,
                p.location,
                style_arguments(p),
            )
            for p in operation.parameters
        )
        body_model = None
        body = (
            api.strip_null(operation.request_body) if operation.request_body else None
        )
        if isinstance(body, ModelRef) and isinstance(
            self.api.model(body.name), api.ObjectModel
        ):
            body_model = self._import(body.name)
        stream_field = None
        if operation.stream and operation.response and operation.stream_request_field:
            stream_field = python_field_name(operation.stream_request_field)
        return MethodView(
            name=name,
            http_method=operation.method.upper(),
            path=py_string(operation.path),
            docstring=docstring(operation.summary or operation.description, "        "),
            parameters=parameters,
            body_model=body_model,
            body_passthrough=body is not None and body_model is None,
            response=(
                self._annotation(operation.response) if operation.response else None
            ),
            stream=self._stream(operation.stream) if operation.stream else None,
            stream_field=stream_field,
            deprecated=self._deprecation(operation),
            errors=tuple(
                (status, self._annotation(body))
                for status, body in operation.error_responses
                if body is not None
            ),
            shapes=self._shapes(operation),
            other_return=_other_return(operation),
        )

    def _shapes(self, operation: api.Operation) -> tuple[str, ...]:
        """ResponseShape arguments: the JSON model for the status it belongs to.

        Only the first 2xx JSON body has a model (`operation.response`); JSON of
        other 2xx statuses is returned as parsed JSON.
        """
        media = [m for m in operation.success_media if m.kind != "event-stream"]
        if not media:
            if operation.response is None:
                return ()
            return (
                f'"2XX", "application/json", {self._annotation(operation.response)}',
            )
        json_status = next((m.status for m in media if m.kind == "json"), None)
        shapes = []
        for m in media:
            head = f"{py_string(m.status)}, {py_string(m.media_type)}"
            if m.kind == "json" and m.status == json_status and operation.response:
                shapes.append(f"{head}, {self._annotation(operation.response)}")
            elif m.kind == "binary" and (
                "json" in m.media_type or m.media_type == "*/*"
            ):
                shapes.append(f"{head}, format_binary=True")
            else:
                shapes.append(head)
        return tuple(shapes)

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
        )

    def _annotation(self, type_ref: api.TypeRef) -> str:
        names: set[str] = set()
        text = self.models.annotation(type_ref, names)
        for model_name in api.referenced_models(type_ref):
            self._import(model_name)
        self.typing_names |= names - BASE_NAMES
        self.base_names |= names & BASE_NAMES
        return text

    def _import(self, model_name: str) -> str:
        self.imported.add(model_name)
        return model_name

    def _imports(self) -> list[str]:
        lines = []
        if self.base_names:
            lines.append(f"from ._base import {', '.join(sorted(self.base_names))}")
        for name in sorted(self.imported):
            model = self.api.model(name)
            module = GROUP_DIRS[model.group].replace("/", ".")
            lines.append(import_statement(f".{module}.{module_name(name)}", name))
        return lines


def _other_return(operation: api.Operation) -> str | None:
    """What a method without a JSON model returns: text or a binary body."""
    if operation.response is not None:
        return None
    kinds = {m.kind for m in operation.success_media}
    if "binary" in kinds:
        return "BinaryResponse"
    return "str" if "text" in kinds else None


def log_env_var(title: str) -> str:
    """`<PREFIX>_LOG`, PREFIX the first word of the API's title (`OPENROUTER_LOG`)."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", title)
    return f"{words[0].upper() if words else 'SDK'}_LOG"


def render_client(model_api: api.Api, package: str, env: Environment) -> dict[str, str]:
    return ClientRenderer(model_api, package, env).render()

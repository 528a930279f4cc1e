"""Paths -> operations: parameters, request bodies, responses and the `{Op}...` models.

Schemas are typed by the shared `ModelBuilder`, so an operation's types and the component
models are one set of names.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from typing import Any, Literal, NamedTuple

from .. import api
from ..api import ModelRef, Primitive, TypeRef
from ..naming import camel, pascal, python_field_name, snake
from ..spec.load import SpecDocument, escape_token
from .groups import label_tags, operation_group
from .models import ModelBuilder
from .multipart import (
    file_fields,
    is_structured,
    part_encodings,
    positional_body,
    positional_body_type,
)
from .namer import Place
from .pagination import EXTENSION as PAGINATION
from .predicates import is_ref
from .security import requirements, security_schemes
from .streams import event_stream, item_stream, sequential_framing

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI 3.2 adds the `query` method (a safe request with a body) as a fixed field.
HTTP_METHODS_32 = (*HTTP_METHODS, "query")
SSE_MEDIA_TYPE = "text/event-stream"
PARAMETER_LOCATIONS: tuple[api.ParameterLocation, ...] = (
    "path",
    "query",
    "header",
    "cookie",
)
ErrorResponses = list[tuple[str, TypeRef | None]]


class QuerystringMedia(Enum):
    """How a 3.2 `in: querystring` value is serialised; the value is what the runtime is told."""

    FORM = "application/x-www-form-urlencoded"
    JSON = "application/json"
    TEXT = "text/plain"


def _querystring_media(media_type: str | None) -> QuerystringMedia | None:
    """The serialisation of a querystring's media type (parameters like `charset` ignored)."""
    media = (media_type or "").split(";", 1)[0].strip().lower()
    if media.endswith("+json"):
        return QuerystringMedia.JSON
    return next((kind for kind in QuerystringMedia if kind.value == media), None)


class OperationObject(NamedTuple):
    path: str
    method: str  # lower case
    item: dict  # the path item
    operation: dict
    pointer: str


def is_openapi_32(doc: SpecDocument) -> bool:
    """Whether the document is OpenAPI 3.2, whose new fields the builder reads (never in 3.0/3.1)."""
    return str(doc.data.get("openapi", "")).startswith("3.2.")


def operation_objects(doc: SpecDocument) -> list[OperationObject]:
    """Every operation object of `paths`, in document order (3.2: with `additionalOperations`)."""
    found = []
    methods = HTTP_METHODS_32 if is_openapi_32(doc) else HTTP_METHODS
    for path, item in (doc.data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        pointer = f"/paths/{escape_token(path)}"
        for method in methods:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append(
                    OperationObject(
                        path, method, item, operation, f"{pointer}/{method}"
                    )
                )
        if is_openapi_32(doc):
            found.extend(_additional_operations(doc, path, item, pointer))
    return found


def _additional_operations(
    doc: SpecDocument, path: str, item: dict, pointer: str
) -> list[OperationObject]:
    """3.2 `additionalOperations`: operations of other methods (`LINK`), keyed by method name."""
    found = []
    for method, operation in (item.get("additionalOperations") or {}).items():
        op_pointer = f"{pointer}/additionalOperations/{escape_token(method)}"
        if method.lower() in HTTP_METHODS_32:
            raise doc.error(
                f"`additionalOperations` repeats the method {method!r}, which has its own field",
                op_pointer,
                f"move the operation to the path item's `{method.lower()}` field",
            )
        found.append(OperationObject(path, method.lower(), item, operation, op_pointer))
    return found


def error_response_components(doc: SpecDocument) -> set[str]:
    """Component names used as a 4xx/5xx body: their models go to `models.errors`."""
    names: set[str] = set()
    for _path, _method, _item, operation, _pointer in operation_objects(doc):
        for status, raw in (operation.get("responses") or {}).items():
            if str(status)[0] not in "45" or not isinstance(raw, dict):
                continue
            for media in (raw.get("content") or {}).values():
                ref = ((media or {}).get("schema") or {}).get("$ref", "")
                if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                    names.add(
                        ref.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
                    )
    return names


class RequestBody(NamedTuple):
    """What `_request_body` found: the body's type and how it is sent."""

    type: TypeRef | None
    required: bool
    content_type: str | None
    file_fields: tuple[str, ...] = ()
    encoding: tuple[api.PartEncoding, ...] = ()
    parts: api.PositionalBody | None = None  # 3.2 positional multipart


FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def servers(doc: SpecDocument) -> list[api.Server]:
    """The document's servers: each URL with its variables' defaults, and the variables."""
    return server_list(doc.data.get("servers") or [{"url": "/"}])


def server_list(raw_servers: list) -> list[api.Server]:
    """Server objects (of the document, a path item or an operation) as `api.Server`s."""
    found = []
    for server in raw_servers:
        template = str(server.get("url", "/"))
        variables = tuple(
            _server_variable(str(name), raw)
            for name, raw in (server.get("variables") or {}).items()
        )
        url = template
        for variable in variables:
            url = url.replace("{" + variable.name + "}", variable.default)
        description = server.get("description")
        found.append(
            api.Server(
                url=url,
                template=template,
                variables=variables,
                description=str(description) if description is not None else None,
            )
        )
    return found


def _server_variable(name: str, raw: Any) -> api.ServerVariable:
    """A server variable. A default outside its `enum` (OpenAPI forbids it) is still the default:
    the client checks only the values a caller chooses."""
    raw = raw if isinstance(raw, dict) else {}
    description = raw.get("description")
    return api.ServerVariable(
        name,
        str(raw.get("default", "")),
        tuple(str(value) for value in raw.get("enum") or ()),
        str(description) if description is not None else None,
    )


class OperationBuilder:
    def __init__(self, models: ModelBuilder):
        self.models = models
        self.doc = models.doc
        self.schemes = security_schemes(self.doc)
        self.label_tags = label_tags(self.doc.data.get("tags"), is_openapi_32(self.doc))
        self.global_parameters = self._global_parameters()

    def build(self) -> list[api.Operation]:
        self._global_security_model()
        operations: list[api.Operation] = []
        seen_ids: dict[str, str] = {}
        objects = operation_objects(self.doc)
        spec_ids = {op.operation.get("operationId") for op in objects}
        for path, method, item, operation, pointer in objects:
            op_id = operation.get("operationId") or snake(f"{method} {path}")
            if op_id in seen_ids:
                raise self.doc.error(
                    f"duplicate operationId {op_id!r} (also at #{seen_ids[op_id]})",
                    pointer + "/operationId",
                    "give every operation a unique operationId",
                )
            seen_ids[op_id] = pointer
            operations.append(
                self._operation(path, method, item, operation, op_id, pointer)
            )
            for content_type, suffix in self._other_bodies(operation, pointer):
                if op_id + suffix in spec_ids:
                    continue  # the spec has an operation of that name: it keeps it
                operations.append(
                    self._operation(
                        path, method, item, operation, op_id, pointer,
                        body_media=(content_type, suffix),
                    )
                )  # fmt: skip
        return operations

    def _operation(
        self,
        path: str,
        method: str,
        item: dict,
        operation: dict,
        op_id: str,
        pointer: str,
        body_media: tuple[str, str] | None = None,
    ) -> api.Operation:
        """One operation; with `body_media` (a media type of its body besides the one the
        operation sends, and its suffix), the method that sends that one (`...Multipart`).
        """
        suffix = body_media[1] if body_media else ""
        op_id += suffix
        root = pascal(op_id)
        place = Place(root, None, "operations", in_operation=True)
        parameters = self._parameters(item, operation, pointer, place)
        body = self._request_body(
            operation,
            pointer,
            root,
            bool(parameters),
            body_media[0] if body_media else None,
        )
        if parameters:
            self._request_model(root, parameters, body.type, body.required, pointer)
        self._security_model(root, operation, pointer)
        if operation.get("x-speakeasy-ignore") is not True:
            # the reference generator writes no types for an operation it skips
            self._globals_model(root, parameters, pointer)
        response, response_description, stream, errors = self._responses(
            operation, pointer, root
        )
        other_responses = self._other_json_responses(operation, pointer, root, response)
        name_override = operation.get("x-speakeasy-name-override")
        method_name = f"{name_override}{suffix}" if name_override else op_id
        stream_field = operation.get("x-speakeasy-stream-request-field")
        return api.Operation(
            operation_id=op_id,
            method=method,
            path=path.split("#", 1)[0],
            pointer=pointer,
            group=operation_group(operation, path, self.label_tags),
            method_name=_method_name(str(method_name), method),
            summary=operation.get("summary"),
            description=operation.get("description"),
            parameters=tuple(parameters),
            request_body=body.type,
            request_body_required=body.required,
            request_content_type=body.content_type,
            response=response,
            other_responses=other_responses,
            empty_success=self._empty_success(operation, pointer),
            response_description=response_description,
            stream=stream,
            stream_request_field=(
                stream_field if isinstance(stream_field, str) else None
            ),
            error_responses=tuple(errors),
            deprecated=bool(operation.get("deprecated")),
            deprecation_message=_text_or_none(
                operation.get("x-speakeasy-deprecation-message")
            ),
            success_media=self._success_media(operation, pointer),
            security=(
                requirements(operation["security"], self.schemes)
                if "security" in operation
                else None
            ),
            file_fields=body.file_fields,
            request_encoding=body.encoding,
            request_parts=body.parts,
            servers=tuple(
                server_list(operation.get("servers") or item.get("servers") or [])
            ),
        )

    # ---- parameters ----------------------------------------------------------------------

    def _parameter_objects(
        self, item: dict, operation: dict, pointer: str
    ) -> dict[tuple[str, str], tuple[dict, str]]:
        """(name, in) -> (Parameter object, pointer): the operation's override the path item's."""
        merged: dict[tuple[str, str], tuple[dict, str]] = {}
        path_pointer = _path_item_pointer(pointer)
        for owner, owner_pointer in ((item, path_pointer), (operation, pointer)):
            for index, raw in enumerate(owner.get("parameters") or []):
                param_pointer = f"{owner_pointer}/parameters/{index}"
                if is_ref(raw):
                    param_pointer = self.models.ref_pointer(raw["$ref"], param_pointer)
                    raw = self.models.resolve(
                        param_pointer, f"{owner_pointer}/parameters/{index}"
                    )
                if not isinstance(raw, dict) or "name" not in raw or "in" not in raw:
                    raise self.doc.error(
                        "a parameter needs `name` and `in`",
                        param_pointer,
                        "add the missing keys",
                    )
                merged[(raw["name"], raw["in"])] = (raw, param_pointer)
        return merged

    def _parameters(
        self, item: dict, operation: dict, pointer: str, place: Place
    ) -> list[api.Parameter]:
        parameters = []
        used: set[str] = set()
        merged = self._parameter_objects(item, operation, pointer)
        for (name, location), (raw, param_pointer) in merged.items():
            if location == "querystring" and is_openapi_32(self.doc):
                parameters.extend(
                    self._querystring(raw, param_pointer, merged, place, used)
                )
                continue
            checked = self._location(location, param_pointer)
            schema = dict(raw.get("schema") or {})
            # A parameter is described by its Parameter Object only: the reference shows `N/A`
            # for a description written in the parameter's schema.
            schema.pop("description", None)
            for key in ("description", "x-speakeasy-name-override"):
                if (
                    raw.get(key) is not None
                ):  # the Parameter's own wins over its schema's
                    schema[key] = raw[key]
            required = bool(raw.get("required")) or checked == "path"
            field = self.models.field(
                name, schema, param_pointer + "/schema", required, place, used
            )
            if checked == "path" and not field.required:
                # A default makes a field optional (the server fills it in), but no server
                # can fill in a path segment: the caller always passes it.
                field = replace(field, required=True)
            parameters.append(
                api.Parameter(field, checked, *self._style(raw, checked, param_pointer))
            )
        return parameters

    def _querystring(
        self,
        raw: dict,
        pointer: str,
        merged: dict[tuple[str, str], tuple[dict, str]],
        place: Place,
        used: set[str],
    ) -> list[api.Parameter]:
        """3.2 `in: querystring`: the whole query string is one value, in its `content`'s media type.

        OpenAPI 3.2.0, Parameter Object, `in: querystring` (and its examples): form-urlencoded
        sends the object's properties as `name=value` pairs, which is what query parameters of
        style `form` (exploded) send, so each property becomes one of those; application/json
        and text/plain send the value's JSON (minimised) or text, percent-encoded, as one
        keyword of the method.
        """
        if any(location == "query" for _, location in merged):
            raise self.doc.error(
                "an operation with an `in: querystring` parameter cannot also have `in: query` ones",
                pointer,
                "describe every query parameter as a property of the querystring's schema",
            )
        media = next(iter(raw.get("content") or {}), None)
        kind = _querystring_media(media)
        if media is None or kind is None:
            raise self.doc.error(
                "sdkforge sends a querystring parameter as application/x-www-form-urlencoded, "
                f"application/json or text/plain, not {media or 'without `content`'}",
                pointer + "/content",
                "give the parameter `content` with one of application/x-www-form-urlencoded "
                "(an object schema), application/json or text/plain (a string schema)",
            )
        schema_pointer = f"{pointer}/content/{escape_token(media)}/schema"
        schema = raw["content"][media].get("schema")
        if kind is not QuerystringMedia.FORM:
            return [
                self._querystring_value(raw, media, kind, schema_pointer, place, used)
            ]
        return self._querystring_form(schema, schema_pointer, place, used)

    def _querystring_value(
        self,
        raw: dict,
        media: str,
        kind: QuerystringMedia,
        schema_pointer: str,
        place: Place,
        used: set[str],
    ) -> api.Parameter:
        """A JSON or text querystring: one keyword typed by the schema."""
        schema = raw["content"][media].get("schema") or {}
        followed, _ = self._follow(schema, schema_pointer)
        if kind is QuerystringMedia.TEXT and is_structured(followed):
            raise self.doc.error(
                "a text/plain querystring must be a string (or a number or boolean), "
                "not an object or array",
                schema_pointer,
                "give it a string schema, or send the value as application/json",
            )
        if raw.get("description") is not None:
            schema = {**schema, "description": raw["description"]}
        field = self.models.field(
            str(raw["name"]),
            schema,
            schema_pointer,
            bool(raw.get("required")),
            place,
            used,
        )
        return api.Parameter(field, "querystring", media_type=kind.value)

    def _querystring_form(
        self, schema: Any, schema_pointer: str, place: Place, used: set[str]
    ) -> list[api.Parameter]:
        """A form-urlencoded querystring: one `form` query keyword per property."""
        schema, schema_pointer = self._follow(schema, schema_pointer)
        properties = (
            (schema or {}).get("properties") if isinstance(schema, dict) else None
        )
        if not isinstance(properties, dict):
            raise self.doc.error(
                "the querystring's schema is not an object with `properties`",
                schema_pointer,
                "describe the query string as an object whose properties are its parameters",
            )
        required = set(schema.get("required") or [])
        return [
            api.Parameter(
                self.models.field(
                    name,
                    property_schema,
                    f"{schema_pointer}/properties/{escape_token(name)}",
                    name in required,
                    place,
                    used,
                ),
                "query",
                "form",
                True,
                False,
            )
            for name, property_schema in properties.items()
        ]

    def _follow(self, schema: Any, pointer: str) -> tuple[Any, str]:
        """A schema with its `$ref` followed (once; the target's own chain is the builder's)."""
        if not is_ref(schema):
            return schema, pointer
        target = self.models.ref_pointer(schema["$ref"], pointer)
        return self.models.resolve(target, pointer), target

    def _style(
        self, raw: dict, location: api.ParameterLocation, pointer: str
    ) -> tuple[api.ParameterStyle, bool, bool]:
        """OpenAPI `style` (checked against the location), `explode` and `allowReserved`, defaulted."""
        allowed = api.STYLES_BY_LOCATION[location]
        style = raw.get("style", allowed[0])
        if style not in allowed:
            raise self.doc.error(
                f"style {style!r} is not allowed for a {location} parameter",
                pointer + "/style",
                "use one of " + ", ".join(allowed),
            )
        explode = raw.get("explode", style == "form")
        allow_reserved = raw.get("allowReserved", False)
        for key, value in (("explode", explode), ("allowReserved", allow_reserved)):
            if not isinstance(value, bool):
                raise self.doc.error(
                    f"`{key}` must be true or false",
                    f"{pointer}/{key}",
                    "use a boolean",
                )
        return style, explode, allow_reserved

    def _location(self, location: Any, pointer: str) -> api.ParameterLocation:
        for known in PARAMETER_LOCATIONS:
            if known == location:
                return known
        raise self.doc.error(
            f"unknown parameter location {location!r}",
            pointer + "/in",
            "use path, query, header or cookie"
            + (" (or querystring)" if is_openapi_32(self.doc) else ""),
        )

    # ---- request -------------------------------------------------------------------------

    def _request_body(
        self,
        operation: dict,
        pointer: str,
        root: str,
        has_parameters: bool,
        media_type: str | None = None,
    ) -> RequestBody:
        """The body the operation sends: `media_type`, else JSON when it takes JSON, else its
        first media type."""
        body = operation.get("requestBody")
        if body is None:
            return RequestBody(None, False, None)
        body_pointer = pointer + "/requestBody"
        if is_ref(body):
            body_pointer = self.models.ref_pointer(body["$ref"], body_pointer)
            body = self.models.resolve(body_pointer, pointer + "/requestBody")
        content = body.get("content") or {}
        if not content:
            return RequestBody(None, False, None)
        content_type = media_type or _main_media_type(content)
        media_object = content[content_type] or {}
        media_pointer = f"{body_pointer}/content/{escape_token(content_type)}"
        parts = self._positional(content_type, media_object, media_pointer, root)
        if parts is not None:
            body_type = positional_body_type(parts)
            return RequestBody(
                body_type, bool(body.get("required")), content_type, parts=parts
            )
        schema = media_object.get("schema", {})
        name = root + ("RequestBody" if has_parameters else "Request")
        body_type = self.models.named_top_level(
            schema, media_pointer + "/schema", name, root
        )
        media = content_type.lower()
        if media.startswith(FORM_MEDIA_TYPE):  # `encoding` may set each field's style
            return RequestBody(
                body_type,
                bool(body.get("required")),
                content_type,
                encoding=part_encodings(self.models, media_object, media_pointer),
            )
        if not media.startswith("multipart/"):
            return RequestBody(body_type, bool(body.get("required")), content_type)
        return RequestBody(
            body_type,
            bool(body.get("required")),
            content_type,
            file_fields(self.models, schema, media_pointer + "/schema"),
            part_encodings(self.models, media_object, media_pointer),
        )

    def _other_bodies(self, operation: dict, pointer: str) -> list[tuple[str, str]]:
        """(media type, method suffix) for each other kind of body the operation takes, in
        the spec's order: one method each, for its first media type of that kind."""
        body: Any = operation.get("requestBody")
        if isinstance(body, dict) and is_ref(body):  # built already: it resolves
            body_pointer = self.models.ref_pointer(
                body["$ref"], pointer + "/requestBody"
            )
            body = self.models.resolve(body_pointer, pointer + "/requestBody")
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or len(content) < 2:
            return []
        kinds = {api.request_body_kind(_main_media_type(content))}
        found = []
        for media_type in content:
            kind = api.request_body_kind(media_type)
            if kind not in kinds:
                kinds.add(kind)
                found.append((media_type, _KIND_SUFFIXES[kind]))
        return found

    def _positional(
        self, content_type: str, media_object: dict, pointer: str, root: str
    ) -> api.PositionalBody | None:
        """A 3.2 multipart body of positional parts (`multipart/mixed`), else None."""
        if not (
            is_openapi_32(self.doc) and content_type.lower().startswith("multipart/")
        ):
            return None
        return positional_body(self.models, content_type, media_object, pointer, root)

    def _security_model(self, root: str, operation: dict, pointer: str) -> None:
        """`{Op}Security` when the operation declares its own requirement: one string per scheme."""
        fields = self._security_fields(operation.get("security"), pointer, True)
        if not fields:
            return
        name = self.models.namer.claim([root + "Security"], in_operation=True)
        self.models.models[name] = api.ObjectModel(
            name=name,
            fields=fields,
            pointer=f"{pointer}/security",
            group="operations",
        )

    def _global_security_model(self) -> None:
        """`Security`, as the reference generator documents the document's own requirement:
        one string per scheme, none required (the client also reads its key from the
        environment). Not written when a component is called so."""
        fields = self._security_fields(self.doc.data.get("security"), "", False)
        if not fields or "security" in self.models.namer.taken[False]:
            return
        name = self.models.namer.claim(["Security"])
        self.models.models[name] = api.ObjectModel(
            name=name, fields=fields, pointer="/security"
        )

    def _security_fields(
        self, requirements: Any, pointer: str, required: bool
    ) -> tuple[api.Field, ...]:
        """A string field per scheme the requirements name, in their order."""
        schemes = (self.doc.data.get("components") or {}).get("securitySchemes") or {}
        listed = requirements if isinstance(requirements, list) else []
        names = [n for r in listed if isinstance(r, dict) for n in r]
        fields, used = [], set()
        for scheme in dict.fromkeys(names):
            python_name = python_field_name(scheme)
            while python_name in used:
                python_name += "_"
            used.add(python_name)
            fields.append(
                api.Field(
                    scheme,
                    python_name,
                    camel(scheme),
                    Primitive("string"),
                    required,
                    f"{pointer}/security",
                    placeholder=_credential_placeholder(schemes.get(scheme) or {}),
                )
            )
        return tuple(fields)

    def _global_parameters(self) -> set[tuple[str, str]]:
        """(name, in) of the parameters the spec's `x-speakeasy-globals` lists: the ones the
        reference generator's SDKs take once, on the client. Header names compare lower-cased.
        """
        listed = (self.doc.data.get("x-speakeasy-globals") or {}).get("parameters")
        found: set[tuple[str, str]] = set()
        for index, raw in enumerate(listed if isinstance(listed, list) else []):
            if is_ref(raw):
                pointer = f"/x-speakeasy-globals/parameters/{index}"
                raw = self.models.resolve(
                    self.models.ref_pointer(raw["$ref"], pointer), pointer
                )
            if isinstance(raw, dict) and isinstance(raw.get("name"), str):
                found.add(_parameter_key(raw["name"], str(raw.get("in"))))
        return found

    def _globals_model(
        self, root: str, parameters: list[api.Parameter], pointer: str
    ) -> None:
        """`{Op}Globals`: the operation's parameters `x-speakeasy-globals` lists, as the
        reference generator documents them (issue 13). They stay in `{Op}Request` too.
        """
        fields = [
            p.field
            for p in parameters
            if _parameter_key(p.field.wire_name, p.location) in self.global_parameters
        ]
        if not fields:
            return
        name = self.models.namer.claim([root + "Globals"], in_operation=True)
        self.models.models[name] = api.ObjectModel(
            name=name,
            fields=tuple(fields),
            pointer=f"{pointer}/x-speakeasy-globals",
            group="operations",
        )

    def _request_model(
        self,
        root: str,
        parameters: list[api.Parameter],
        body: TypeRef | None,
        body_required: bool,
        pointer: str,
    ) -> None:
        fields = [p.field for p in parameters]
        if body is not None:
            shown = self._body_field_name(body)
            python_name = python_field_name(shown)
            while python_name in {f.python_name for f in fields}:
                python_name += "_"
            fields.append(
                api.Field(
                    shown,
                    python_name,
                    camel(shown),
                    body,
                    body_required,
                    pointer + "/requestBody",
                )
            )
        name = self.models.namer.claim([root + "Request"], in_operation=True)
        self.models.models[name] = api.ObjectModel(
            name=name, fields=tuple(fields), pointer=pointer, group="operations"
        )

    def _body_field_name(self, body: TypeRef) -> str:
        """The body's field in `{Op}Request`: a component's name (`chatRequest`, as the reference
        names it), else `RequestBody`."""
        target = api.strip_null(body)
        if isinstance(target, ModelRef):
            model = self.models.models.get(target.name)
            if model is not None and model.pointer.startswith("/components/"):
                return target.name
        return "RequestBody"

    # ---- responses -----------------------------------------------------------------------

    def _responses(
        self, operation: dict, pointer: str, root: str
    ) -> tuple[TypeRef | None, str | None, api.EventStream | None, ErrorResponses]:
        response_type: TypeRef | None = None
        stream: api.EventStream | None = None
        description: str | None = None
        errors: ErrorResponses = []
        for status_key, raw_response in (operation.get("responses") or {}).items():
            status = str(status_key)
            response_pointer, raw = self._response_object(
                raw_response, f"{pointer}/responses/{escape_token(status)}"
            )
            content = (raw or {}).get("content") or {}
            if status.startswith("2") and response_type is None and stream is None:
                description = raw.get("description")
                response_type, stream = self._success_content(
                    content, response_pointer, root, PAGINATION in operation
                )
            elif status[0] in "45" or status == "default":
                errors.append(
                    (status, self._error_type(content, response_pointer, root, status))
                )
        if response_type is not None and stream is not None:
            self._response_union(root, response_type, stream, pointer)
        return response_type, description, stream, errors

    def _other_json_responses(
        self, operation: dict, pointer: str, root: str, response: TypeRef | None
    ) -> tuple[tuple[str, TypeRef], ...]:
        """The JSON bodies of the 2xx statuses after the one `response` comes from, where
        their type differs from it.

        The method returns the union, decoded by status; an inline schema is named
        `{Op}{Status}ResponseBody` (`CreateItem202ResponseBody`).
        """
        if response is None:
            return ()
        found: list[tuple[str, TypeRef]] = []
        first = True
        for status_key, raw_response in (operation.get("responses") or {}).items():
            status = str(status_key)
            response_pointer, raw = self._response_object(
                raw_response, f"{pointer}/responses/{escape_token(status)}"
            )
            media = self._json_media((raw or {}).get("content") or {})
            if not status.startswith("2") or media is None:
                continue
            if first:  # the status `response` was built from
                first = False
                continue
            type_ref = self.models.named_top_level(
                (media[1] or {}).get("schema", {}),
                f"{response_pointer}/content/{escape_token(media[0])}/schema",
                f"{root}{status.upper()}ResponseBody",
                root,
            )
            if type_ref != response and type_ref not in (t for _, t in found):
                found.append((status, type_ref))
        return tuple(found)

    def _empty_success(self, operation: dict, pointer: str) -> bool:
        """Some 2xx status declares no body (a 204, a 202 without content)."""
        for status_key, raw_response in (operation.get("responses") or {}).items():
            _, raw = self._response_object(
                raw_response, f"{pointer}/responses/{escape_token(str(status_key))}"
            )
            if str(status_key).startswith("2") and not (raw or {}).get("content"):
                return True
        return False

    def _json_media(self, content: dict) -> tuple[str, Any] | None:
        """The media type (and its object) a success response's JSON model comes from: the
        first JSON-like one that is not a stream, as in `_success_content`."""
        for media, media_object in content.items():
            if self._is_item_stream(media, media_object) or media == SSE_MEDIA_TYPE:
                continue
            if "json" in media or media == "*/*":
                return media, media_object
        return None

    def _success_media(
        self, operation: dict, pointer: str
    ) -> tuple[api.ResponseMedia, ...]:
        """Every media type of every 2xx response, with how its body is decoded."""
        media: list[api.ResponseMedia] = []
        for status_key, raw_response in (operation.get("responses") or {}).items():
            status = str(status_key)
            if not status.startswith("2"):
                continue
            _, raw = self._response_object(
                raw_response, f"{pointer}/responses/{escape_token(status)}"
            )
            for media_type, media_object in ((raw or {}).get("content") or {}).items():
                schema = (media_object or {}).get("schema") or {}
                kind = (
                    "event-stream"
                    if self._is_item_stream(media_type, media_object)
                    else _media_kind(media_type, schema)
                )
                media.append(api.ResponseMedia(status, media_type, kind))
        return tuple(media)

    def _is_item_stream(self, media_type: str, media_object: Any) -> bool:
        """A 3.2 sequential media type described by `itemSchema` (SSE, JSON Lines, JSON-seq)."""
        return (
            is_openapi_32(self.doc)
            and sequential_framing(media_type, media_object) is not None
        )

    def _response_object(self, raw: Any, pointer: str) -> tuple[str, Any]:
        """A Response object and its pointer, a $ref followed."""
        if not is_ref(raw):
            return pointer, raw
        target = self.models.ref_pointer(raw["$ref"], pointer)
        return target, self.models.resolve(target, pointer)

    def _error_type(
        self, content: dict, pointer: str, root: str, status: str
    ) -> TypeRef | None:
        """The body of an error response: its JSON media type, else its first one. An inline
        one is `{Op}{Status}Error` (`ListProviders500Error`, `CreateItem4XXError`,
        `GetItemDefaultError`)."""
        json_media = content.get("application/json") or next(
            iter(content.values()), None
        )
        schema = (json_media or {}).get("schema")
        if schema is None:
            return None
        media = (
            "application/json"
            if "application/json" in content
            else next(iter(content), "")
        )
        return self.models.named_top_level(
            schema,
            f"{pointer}/content/{escape_token(media)}/schema",
            f"{root}{status.upper() if status[0].isdigit() else pascal(status)}Error",
            root,
            "errors",
        )

    def _success_content(
        self, content: dict, pointer: str, root: str, paged: bool
    ) -> tuple[TypeRef | None, api.EventStream | None]:
        response_type: TypeRef | None = None
        stream: api.EventStream | None = None
        for media, media_object in content.items():
            schema = (media_object or {}).get("schema", {})
            schema_pointer = f"{pointer}/content/{escape_token(media)}/schema"
            if self._is_item_stream(media, media_object):
                stream = item_stream(
                    self.models,
                    media,
                    media_object,
                    f"{pointer}/content/{escape_token(media)}",
                    root,
                )
            elif media == SSE_MEDIA_TYPE:
                stream = event_stream(
                    self.models, schema, schema_pointer, media_object or {}, root
                )
            elif response_type is None and ("json" in media or media == "*/*"):
                response_type = self.models.named_top_level(
                    schema,
                    schema_pointer,
                    response_body_name(root, content, paged),
                    root,
                    fallback=root + "ResponseBody",
                )
        return response_type, stream

    def _response_union(
        self, root: str, response_type: TypeRef, stream: api.EventStream, pointer: str
    ) -> None:
        """A response with a JSON and an event-stream shape is the union `{Op}Response`."""
        stream_item = api.strip_null(stream.item)
        members = [api.strip_null(response_type)]
        stream_names: tuple[str, ...] = ()
        if isinstance(stream_item, ModelRef):
            members.append(stream_item)
            stream_names = (stream_item.name,)
        elif stream_item not in members:
            members.append(
                stream_item
            )  # events of plain text: the reference lists `string`
        name = self.models.namer.claim([root + "Response"], in_operation=True)
        self.models.models[name] = api.UnionModel(
            name=name,
            members=tuple(members),
            pointer=pointer + "/responses",
            group="operations",
            event_stream_members=stream_names,
            event_stream_envelope=stream.envelope if stream_names else None,
        )


def response_body_name(root: str, content: dict, paged: bool) -> str:
    """A response's only body is `{Op}Response`; beside another media type (an event stream, a
    text feed) it is `{Op}ResponseBody`, and `{Op}Response` the union of them. A paged
    operation's (`x-speakeasy-pagination`) is `{Op}ResponseBody` too: the reference's SDK
    returns it wrapped, `{Op}Response` being `{result: {Op}ResponseBody}`."""
    alone = len(content) == 1 and not paged
    return root + ("Response" if alone else "ResponseBody")


def _path_item_pointer(operation_pointer: str) -> str:
    """`/paths/~1a` of `/paths/~1a/get` or of `/paths/~1a/additionalOperations/LINK`."""
    head, _, _ = operation_pointer.partition("/additionalOperations/")
    return head if head != operation_pointer else head.rsplit("/", 1)[0]


def _media_kind(
    media_type: str, schema: Any
) -> Literal["json", "text", "binary", "event-stream"]:
    """How the runtime decodes a body of this media type (`format: binary` is bytes)."""
    media = media_type.split(";", 1)[0].strip().lower()
    if media == SSE_MEDIA_TYPE:
        return "event-stream"
    if isinstance(schema, dict) and schema.get("format") == "binary":
        return "binary"
    if "json" in media or media == "*/*":
        return "json"
    return "text" if media.startswith("text/") else "binary"


def _text_or_none(value: Any) -> str | None:
    return str(value) if value is not None else None


def _parameter_key(name: str, location: str) -> tuple[str, str]:
    """A parameter's identity: a header's name is case-insensitive (RFC 9110, 5.1)."""
    return (name.lower() if location == "header" else name, location)


def _credential_placeholder(scheme: dict) -> str:
    bearer = (
        scheme.get("type") in ("http", "oauth2", "openIdConnect")
        and scheme.get("scheme", "bearer") != "basic"
    )
    return "<YOUR_BEARER_TOKEN_HERE>" if bearer else "<YOUR_API_KEY_HERE>"


def build_webhook_payloads(models: ModelBuilder) -> list[TypeRef]:
    """The payload models of `webhooks` (3.1+): requests the API sends, so no client method.

    Each operation's request body is typed like an operation's: a `$ref` keeps its component's
    name, an inline object is `{Name}Webhook` (Name: its operationId, else the webhook's key).
    """
    doc = models.doc
    methods = HTTP_METHODS_32 if is_openapi_32(doc) else HTTP_METHODS
    payloads = []
    for key, item in (doc.data.get("webhooks") or {}).items():
        pointer = f"/webhooks/{escape_token(key)}"
        if is_ref(item):
            pointer = models.ref_pointer(item["$ref"], pointer)
            item = models.resolve(pointer, f"/webhooks/{escape_token(key)}")
        for method in methods:
            operation = (item or {}).get(method)
            if isinstance(operation, dict) and "requestBody" in operation:
                root = pascal(str(operation.get("operationId") or key)) + "Webhook"
                payload = _webhook_payload(
                    models, operation, f"{pointer}/{method}", root
                )
                if payload is not None:
                    payloads.append(payload)
    return payloads


def _webhook_payload(
    models: ModelBuilder, operation: dict, pointer: str, root: str
) -> TypeRef | None:
    body, body_pointer = operation["requestBody"], pointer + "/requestBody"
    if is_ref(body):
        body_pointer = models.ref_pointer(body["$ref"], body_pointer)
        body = models.resolve(body_pointer, pointer + "/requestBody")
    content = (body or {}).get("content") or {}
    media = (
        "application/json"
        if "application/json" in content
        else next(iter(content), None)
    )
    if media is None or "schema" not in (content[media] or {}):
        return None
    schema = content[media]["schema"]
    schema_pointer = f"{body_pointer}/content/{escape_token(media)}/schema"
    if models.is_model(schema):
        models.namer.name_pointer(schema_pointer, [root])
    # Payloads are models of the API (`models/`), not of a client method (`models/operations/`).
    return models.type_of(schema, schema_pointer, Place(root, None, "models"))


# The method of a body's other media types is named after its kind: `createAudioTranscriptions`
# (JSON) and `createAudioTranscriptionsMultipart`, as the reference generator names them.
_KIND_SUFFIXES = {
    api.RequestBodyKind.JSON: "Json",
    api.RequestBodyKind.MULTIPART: "Multipart",
    api.RequestBodyKind.FORM: "Form",
    api.RequestBodyKind.BINARY: "Raw",
    api.RequestBodyKind.TEXT: "Text",
}


def _main_media_type(content: dict) -> str:
    return "application/json" if "application/json" in content else next(iter(content))


def _method_name(name: str, http_method: str) -> str:
    """The operation's method: `snake(name)`, with the HTTP method in front of a name that would
    start with a digit (APIs.guru's wmata.com has operationIds like `5476364f031f5909e4fe3314`):
    `get_5476364_f_031_f_5909_e_4_fe_3314`."""
    snaked = snake(name)
    return f"{http_method.lower()}_{snaked}" if snaked[0].isdigit() else snaked

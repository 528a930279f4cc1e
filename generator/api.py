"""The model of the API: the one interpretation of a spec that every renderer sees.

Plain frozen dataclasses, built by `sdkforge.build` from the raw document. Renderers
(models, docs, streams, client) and the change report read only these objects, never the
raw spec, so class names, field names and types are the same in every artifact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Final, Literal, TypeAlias

from typing_extensions import assert_never  # typing's own from Python 3.11 on

# A JSON value as the spec's loader returns it (defaults, examples, enum and const values).
JsonValue: TypeAlias = (
    bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None
)


class Missing(Enum):
    """The type of `MISSING`: an Enum member, so it stays one object through pickling."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


# Marks "no value" where None is itself a meaningful value (a `null` default or example).
MISSING: Final = Missing.MISSING

PrimitiveName = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar: string, integer, number (int or float on the wire) or boolean."""

    name: PrimitiveName
    format: str | None = None


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value: an empty schema or a shape the generator cannot name."""


@dataclass(frozen=True)
class ConstValue:
    """A single allowed value (`const`, or an enum of one value outside an enum model)."""

    value: JsonValue
    base: PrimitiveName


def class_name_of(key: str) -> str:
    """The class name a model key stands for: `operations.Modality` -> `Modality`.

    A model's `name` is its key, unique in the whole API: its class name, qualified with its
    folder (`operations.`) only when a model of another folder took that class name first.
    Each folder (`models/`, `models/operations/`) is a namespace of its own, as in the
    reference SDK: an operation's `Modality` is not the component `Modality`.
    """
    return key.rpartition(".")[2]


@dataclass(frozen=True)
class ModelRef:
    """A named model (object, enum or union) by its key (see `class_name_of`)."""

    name: str

    @property
    def class_name(self) -> str:
        return class_name_of(self.name)


@dataclass(frozen=True)
class ArrayOf:
    item: TypeRef


@dataclass(frozen=True)
class MapOf:
    """A JSON object used as a dictionary: string keys, values of one type."""

    value: TypeRef


@dataclass(frozen=True)
class Nullable:
    """The inner type or JSON null. Kept apart from `Field.required`: absent is not null."""

    inner: TypeRef


TypeRef: TypeAlias = (
    Primitive | AnyValue | ConstValue | ModelRef | ArrayOf | MapOf | Nullable
)


def strip_null(type_ref: TypeRef) -> TypeRef:
    return type_ref.inner if isinstance(type_ref, Nullable) else type_ref


def is_nullable(type_ref: TypeRef) -> bool:
    return isinstance(type_ref, Nullable)


def referenced_models(type_ref: TypeRef) -> list[str]:
    """Class names a type mentions, in order of appearance."""
    match type_ref:
        case ModelRef(name=name):
            return [name]
        case ArrayOf(item=item):
            return referenced_models(item)
        case MapOf(value=value):
            return referenced_models(value)
        case Nullable(inner=inner):
            return referenced_models(inner)
        case Primitive() | AnyValue() | ConstValue():
            return []
        case _:
            assert_never(type_ref)


ModelGroup = Literal["models", "operations", "errors"]


@dataclass(frozen=True)
class Field:
    """One property of an object model."""

    wire_name: str  # the JSON key
    python_name: str  # snake_case attribute name, safe as a Python identifier
    camel_name: str  # the TypeScript-flavour docs name
    type: TypeRef
    required: bool
    pointer: str  # JSON pointer of the property schema in the spec
    description: str | None = None
    default: JsonValue | Missing = MISSING
    example: JsonValue | Missing = MISSING
    deprecated: bool = False
    # What docs show for it when the spec has no example (a credential: `<YOUR_BEARER_TOKEN_HERE>`).
    placeholder: str | None = None


@dataclass(frozen=True)
class ObjectModel:
    name: str
    fields: tuple[Field, ...]
    pointer: str
    group: ModelGroup = "models"
    description: str | None = None
    example: JsonValue | Missing = MISSING
    deprecated: bool = False
    # Values of keys not declared in `fields` (`additionalProperties`); unknown keys are
    # always kept on the model, this records their declared type for docs and typing.
    extra_values: TypeRef | None = None

    @property
    def class_name(self) -> str:
        return class_name_of(self.name)


@dataclass(frozen=True)
class EnumValue:
    value: str | int | float | bool
    member_name: str  # UPPER_SNAKE Python enum member name


@dataclass(frozen=True)
class EnumModel:
    name: str
    values: tuple[EnumValue, ...]
    open: (
        bool  # x-speakeasy-unknown-values: allow — unknown values are accepted and kept
    )
    base: PrimitiveName
    pointer: str
    group: ModelGroup = "models"
    description: str | None = None
    example: JsonValue | Missing = MISSING
    deprecated: bool = False

    @property
    def class_name(self) -> str:
        return class_name_of(self.name)


@dataclass(frozen=True)
class Discriminator:
    property: str  # wire name of the tag property
    mapping: tuple[tuple[str, str], ...]  # (tag value, member class name), spec order


@dataclass(frozen=True)
class UnionModel:
    name: str
    members: tuple[
        TypeRef, ...
    ]  # never Nullable: a null branch makes the use site Nullable
    pointer: str
    group: ModelGroup = "models"
    discriminator: Discriminator | None = None
    description: str | None = None
    example: JsonValue | Missing = MISSING
    deprecated: bool = False
    # Members that are `text/event-stream` (only in operation response unions): their class names.
    event_stream_members: tuple[str, ...] = ()
    # The SSE envelope model of that stream (`{data: <member>}`), when the spec names one.
    event_stream_envelope: str | None = None

    @property
    def class_name(self) -> str:
        return class_name_of(self.name)


Model: TypeAlias = ObjectModel | EnumModel | UnionModel


def model_children(model: Model) -> Iterator[str]:
    """Class names a model's fields, free values or members mention, in order (repeats kept)."""
    if isinstance(model, ObjectModel):
        for f in model.fields:
            yield from referenced_models(f.type)
        if model.extra_values is not None:
            yield from referenced_models(model.extra_values)
    elif isinstance(model, UnionModel):
        for member in model.members:
            yield from referenced_models(member)


class RequestBodyKind(Enum):
    """How a request body is encoded, from the media type the operation accepts."""

    JSON = "json"
    MULTIPART = "multipart"  # multipart/form-data: files and fields as parts
    FORM = "form"  # application/x-www-form-urlencoded
    BINARY = "binary"  # application/octet-stream and any other non-text type: bytes or a file
    TEXT = "text"  # text/*: a str
    PARTS = (
        "parts"  # OpenAPI 3.2 positional multipart (multipart/mixed): a list of parts
    )


def request_body_kind(content_type: str | None) -> RequestBodyKind:
    media = (content_type or "application/json").split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return RequestBodyKind.JSON
    if media.startswith("multipart/"):
        return RequestBodyKind.MULTIPART
    if media == "application/x-www-form-urlencoded":
        return RequestBodyKind.FORM
    if media.startswith("text/"):
        return RequestBodyKind.TEXT
    return RequestBodyKind.BINARY


# "querystring" (OpenAPI 3.2): the whole query string is the parameter's value, in `media_type`.
ParameterLocation = Literal["path", "query", "header", "cookie", "querystring"]
ParameterStyle = Literal[
    "simple", "label", "matrix", "form", "spaceDelimited", "pipeDelimited", "deepObject"
]
# The styles OpenAPI allows in each location; the first is the default.
STYLES_BY_LOCATION: dict[str, tuple[ParameterStyle, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}


@dataclass(frozen=True)
class Parameter:
    field: (
        Field  # its name, type, required-ness, description (from the Parameter object)
    )
    location: ParameterLocation
    # How the value goes on the wire (OpenAPI `style`, `explode`, `allowReserved`, with their defaults).
    style: ParameterStyle = "simple"
    explode: bool = False
    allow_reserved: bool = False
    # querystring: the media type of its `content` (application/json or text/plain).
    media_type: str | None = None


# How the items of a sequential body are delimited: Server-Sent Events, JSON Lines / NDJSON
# (one JSON text per line) or RFC 7464 JSON text sequences (each JSON text after an RS byte).
StreamFraming = Literal["sse", "jsonl", "json-seq"]


@dataclass(frozen=True)
class EventStream:
    """A streamed response: each event's `data` (or each JSON line / record) parses into `item`."""

    item: TypeRef  # the model of one event's data (the envelope's `data`, unwrapped)
    sentinel: str | None  # x-speakeasy-sse-sentinel: data that ends the stream
    envelope: (
        str | None
    )  # class name of the SSE envelope model, when the spec names one
    has_event_name: (
        bool  # the envelope declares `event`, so the event name is meaningful
    )
    accumulates_chat: (
        bool  # items are chat chunks (choices[].delta): the stream offers final()
    )
    framing: StreamFraming = "sse"
    media_type: str = "text/event-stream"  # what the client asks for (Accept)
    # OpenAPI 3.2 SSE item schemas that tie an `event` name to a payload: (event name, its type),
    # in spec order; the runtime validates each event's data into the type its name selects.
    event_items: tuple[tuple[str, TypeRef], ...] = ()


@dataclass(frozen=True)
class ResponseMedia:
    """One media type of a success (2xx) response, as the runtime decodes it."""

    status: str  # "200", "2XX", "default"
    media_type: str
    # "event-stream": any streamed body (SSE, or a 3.2 JSON Lines / JSON-seq `itemSchema`)
    kind: Literal["json", "text", "binary", "event-stream"]


class PaginationKind(Enum):
    """How a list operation asks for its next page."""

    OFFSET_LIMIT = (
        "offsetLimit"  # the offset query parameter grows by the items received
    )
    CURSOR = (
        "cursor"  # a query parameter takes the page's cursor (or the last item's id)
    )
    NEXT_LINK = "nextLink"  # the page carries the URL of the next one


@dataclass(frozen=True)
class Pagination:
    """A list operation whose answer is a page of items (see build/pagination.py for the rules)."""

    kind: PaginationKind
    items: str  # wire name of the page model's array of items
    item: TypeRef  # one item
    parameter: str | None  # wire name of the query parameter the next request sets
    limit: str | None = None  # offset pages: wire name of the limit query parameter
    # wire name of the page field with the next cursor, last id or next link; None: last item's id
    cursor: str | None = None
    has_more: str | None = (
        None  # wire name of a boolean field saying whether more follow
    )
    rule: str = "x-speakeasy-pagination"  # which detection rule matched

    @property
    def declared(self) -> bool:
        """Paged by the spec's own `x-speakeasy-pagination`, not by a list shape we know."""
        return self.rule == "x-speakeasy-pagination"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # lower-case HTTP method
    path: str  # the URL path (a `#fragment` used by some specs to tell twins apart is dropped)
    pointer: str
    group: str  # client attribute: x-speakeasy-group, else the first tag, snake_case
    method_name: str  # x-speakeasy-name-override, else the operationId, snake_case
    summary: str | None
    description: str | None
    parameters: tuple[Parameter, ...]
    request_body: TypeRef | None
    request_body_required: bool
    request_content_type: str | None
    response: TypeRef | None  # the JSON success response
    response_description: str | None
    stream: EventStream | None
    stream_request_field: str | None  # x-speakeasy-stream-request-field (wire name)
    error_responses: tuple[tuple[str, TypeRef | None], ...]  # (status code, body type)
    deprecated: bool = False
    deprecation_message: str | None = None  # x-speakeasy-deprecation-message
    # Every media type of every 2xx response (the runtime picks one by Content-Type).
    success_media: tuple[ResponseMedia, ...] = ()
    security: SecurityRequirements | None = (
        None  # its own `security`; None: the document's
    )
    # A multipart body's file properties (wire names): `format: binary` or `contentMediaType`.
    file_fields: tuple[str, ...] = ()
    request_encoding: tuple[PartEncoding, ...] = ()  # a multipart body's `encoding`
    pagination: Pagination | None = None  # a list operation answering with pages
    # OpenAPI 3.2 positional multipart (`multipart/mixed` with an array schema): its parts.
    request_parts: PositionalBody | None = None
    # JSON bodies of the other 2xx statuses, whose type differs from `response`: (status, type).
    # The method returns the union, decoded by the response's status.
    other_responses: tuple[tuple[str, TypeRef], ...] = ()
    # Some 2xx status has no body: the method may return None.
    empty_success: bool = False
    # Its own `servers` (the operation's, else its path item's): sent there, not to the client's.
    servers: tuple[Server, ...] = ()


@dataclass(frozen=True)
class ServerVariable:
    """A `{name}` of a server URL: its default and, when the spec lists them, the allowed values."""

    name: str
    default: str
    allowed: tuple[str, ...] = ()  # the variable's `enum`; empty: any value
    description: str | None = None


@dataclass(frozen=True)
class Server:
    url: str  # with server variables filled with their defaults
    template: str = ""  # the URL as written, `{name}` for each variable
    variables: tuple[ServerVariable, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class PartEncoding:
    """A multipart or form body property's `encoding` entry: the part's Content-Type, fixed
    headers and, when the entry sets any of them, its `style` / `explode` / `allowReserved`.
    """

    name: str  # the property's wire name
    # one media type; None: the default (a list or wildcard is guessed)
    content_type: str | None
    # headers whose schema fixes a value (default/const)
    headers: tuple[tuple[str, str], ...] = ()
    # (style, explode, allowReserved) when the entry sets one of them; the part is then serialised
    # like a query parameter of that style (and `contentType` is ignored, as OpenAPI says)
    style: tuple[str, bool, bool] | None = None


@dataclass(frozen=True)
class PositionalPart:
    """One position of a 3.2 positional multipart body, from its schema and Encoding object."""

    type: TypeRef  # the item's type (a file: a binary string)
    # The part's Content-Type: its Encoding's `contentType`, else the default for its schema.
    content_type: str
    # Sent as bytes: `format: binary`, `contentMediaType`, or a contentType that is not text.
    is_file: bool
    headers: tuple[tuple[str, str], ...] = ()  # headers whose schema fixes a value


@dataclass(frozen=True)
class PositionalBody:
    """A multipart body whose parts are an array's items, in order (3.2 "Encoding By Position")."""

    # `prefixItems` with `prefixEncoding`, by position.
    prefix: tuple[PositionalPart, ...]
    # `items` with `itemEncoding`: every later part; None: no more parts (`items: false`).
    items: PositionalPart | None


class SecurityKind(Enum):
    """How a security scheme puts its credential on a request."""

    BEARER = (
        "bearer"  # http bearer, openIdConnect, oauth2 flows the user gets a token for
    )
    BASIC = "basic"
    API_KEY = "apiKey"
    OAUTH2_CLIENT_CREDENTIALS = (
        "oauth2ClientCredentials"  # the client fetches the token
    )


@dataclass(frozen=True)
class SecurityScheme:
    name: str  # the key under components.securitySchemes
    kind: SecurityKind
    location: ParameterLocation = "header"  # apiKey: where the key goes
    parameter: str = "Authorization"  # apiKey: the header, query or cookie name
    token_url: str | None = None  # oauth2 clientCredentials
    description: str | None = None


# Alternatives of a `security` list, each the scheme names that must all be present; () = no auth.
SecurityRequirements = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ModelAlias:
    """A component schema that only wraps a model (`allOf: [$ref X]`): X under its own name."""

    name: str
    target: str  # key of the model it wraps
    pointer: str

    @property
    def class_name(self) -> str:
        return class_name_of(self.name)


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str | None
    servers: tuple[Server, ...]
    models: tuple[Model, ...]  # every named model, in a stable order
    operations: tuple[Operation, ...]
    # Names of the document's top-level `x-` extensions: they tell which generator (and which
    # generation of its rules) the spec was prepared for, for the docs' compatibility choices.
    extensions: tuple[str, ...] = ()
    # Other names of models (see ModelAlias), exported beside them from `<package>.models`.
    aliases: tuple[ModelAlias, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: SecurityRequirements = ()  # the document's `security`
    source_pointer_lines: dict[str, int] = field(
        default_factory=dict, compare=False, hash=False
    )

    def model(self, name: str) -> Model:
        return self.models_by_name[name]

    def has_object_member(self, union: UnionModel) -> bool:
        """A member is an object (or a union of some): a dict may stand for the value."""
        return any(
            isinstance(member, ModelRef)
            and isinstance(self.model(member.name), (ObjectModel, UnionModel))
            for member in union.members
        )

    @property
    def models_by_name(self) -> dict[str, Model]:
        cached = self.__dict__.get("_models_by_name")
        if cached is None:
            cached = {model.name: model for model in self.models}
            object.__setattr__(self, "_models_by_name", cached)
        return cached

"""Names: class names for schemas, Python and TypeScript names for fields, enum member names.

The class-name rules are those of `docs/design/naming.md`, so a docs
link, a model class and a stream's item type always agree. Python identifier rules
(keywords, invalid characters, leading digits) come from datamodel-code-generator's
FieldNameResolver; what it does not know (pydantic's own attribute names, the names our
generated modules import) is added here.
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata

from datamodel_code_generator.reference import FieldNameResolver

# The names are pure functions of their text, asked for again and again within a pass of the
# build and by every pass (`build_api` builds two or three times): remembered, one pass over
# Stripe takes 0.35 s rather than 0.55 s.
_MEMO_SIZE = 1 << 16
_memo = functools.lru_cache(maxsize=_MEMO_SIZE)

_FIELD_NAMES = FieldNameResolver(snake_case_field=True)

# Names a generated model module uses itself: a field with one of these names would shadow it
# inside the class body, and pydantic refuses fields that shadow BaseModel attributes.
_MODULE_NAMES = {
    "str", "int", "float", "bool", "bytes", "list", "dict", "Any", "Dict", "List", "Literal",
    "Optional", "Union", "Annotated", "Field", "Number", "BaseModel", "Enum", "Tag", "Discriminator",
}  # fmt: skip
_BASEMODEL_ATTRIBUTES = {
    "construct", "copy", "dict", "json", "schema", "schema_json", "validate", "fields",
    "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs",
}  # fmt: skip

# Class names that would clash with the language or the SDK's own names get a `T` suffix
# (`error` -> `ErrorT`), as in the reference generator.
RESERVED_CLASS_NAMES = {
    "Error", "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "Date", "Map",
    "Set", "Promise", "Record", "Any", "List", "Dict", "Optional", "Union", "Literal",
    "Annotated", "Field", "BaseModel", "Enum", "Tag", "Discriminator", "Client", "AsyncClient",
    "Stream", "AsyncStream", "SDKError", "APIError", "None", "True", "False",
    # names of the generated package itself: its helpers and its models/ subpackages
    "OpenEnum", "DeprecatedModel", "TypeAliasType", "Errors", "Operations", "ChatStream",
    "AsyncChatStream", "ServerSentEvent", "TypeAdapter", "OpenIntEnum", "Lazy",
    # what the resource modules and types.py import beside the models they name (a model
    # `Responses` would shadow the runtime's in a method's answer table)
    "Responses", "ResponseShape", "StreamShape", "RequestParts", "APIRequest", "BinaryResponse",
    "AsyncBinaryResponse", "FileInput", "Omit", "Mapping", "TypeAlias", "TypedDict", "Required",
    "NotRequired",
    # the fetch API's types, global in TypeScript: the reference generator reserves them
    # (2025-10-07: `RequestT`; 2026-08-22: `ResponseT`, `FileT`)
    "Request", "Response", "File",
}  # fmt: skip

# File stems Windows cannot check out (`con.py`, `nul.md`): device names, with any extension.
WINDOWS_RESERVED_STEMS = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)
# Names the lazy `models/__init__.py` looks up at run time. Importing a submodule binds its
# name in the package, so a model module with one of these stems would rebind them.
INIT_RUNTIME_NAMES = frozenset(
    {
        "importlib",
        "keyword",
        "typing",
        "annotations",
        "getattr",
        "globals",
        "sorted",
        "frozenset",
        "attributeerror",
    }
)

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_DIGIT_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split on separators and on humps: `HTTP-Referer` -> HTTP, Referer; `topLogprobs` -> top, Logprobs."""
    return _WORD.findall(_ascii(text))


# Words a class name spells in capitals when it is made from a value (a tag, an enum's only
# value): the common initialisms, as the reference generator writes them (`json_object` ->
# `JSONObject`, `image_url` -> `ImageURL`, `pdf-text` -> `PDFText`). Names made from property
# names and component keys keep their own spelling (`ImageUrl`, `ChatFormatJsonObjectConfig`).
INITIALISMS = frozenset(
    [
        "ACL",
        "API",
        "ASCII",
        "CPU",
        "CSS",
        "DNS",
        "EOF",
        "GUID",
        "HTML",
        "HTTP",
        "HTTPS",
        "ID",
        "IP",
        "JSON",
        "PDF",
        "QPS",
        "RAM",
        "RPC",
        "SLA",
        "SMTP",
        "SQL",
        "SSH",
        "TCP",
        "TLS",
        "TTL",
        "UDP",
        "UI",
        "UID",
        "UUID",
        "URI",
        "URL",
        "UTF8",
        "VM",
        "XML",
        "XMPP",
        "XSRF",
        "XSS",
    ]
)


def value_word(value: str) -> str:
    """A value as a class-name word: PascalCase, initialisms in capitals (`JSONObject`)."""
    return pascal(
        re.sub(
            r"[A-Za-z0-9]+",
            lambda m: (
                m.group().upper() if m.group().upper() in INITIALISMS else m.group()
            ),
            value,
        )
    )


@_memo
def pascal(text: str) -> str:
    """`finish_reason` -> `FinishReason`; existing humps are kept (`ChatCompletion` stays)."""
    parts = re.split(r"[^0-9A-Za-z]+", _ascii(text))
    name = "".join(part[:1].upper() + part[1:] for part in parts if part)
    return _spell_leading_digits(name, capitalize=True)


@_memo
def camel(text: str) -> str:
    """The TypeScript property name: `system_fingerprint` -> `systemFingerprint`, `HTTP-Referer` ->
    `httpReferer`, `timestamp_granularities[]` -> `timestampGranularities` (an identifier).
    """
    parts = [part for part in re.split(r"[^0-9A-Za-z$]+", _ascii(text)) if part]
    if not parts:
        return text
    first = _lower_leading_acronym(parts[0])
    name = first + "".join(part[:1].upper() + part[1:] for part in parts[1:])
    return _spell_leading_digits(name, capitalize=False)


def _lower_leading_acronym(word: str) -> str:
    match = re.match(r"[A-Z]+(?=[A-Z][a-z]|$|[0-9])", word)
    if match:
        return match.group(0).lower() + word[match.end() :]
    return word[:1].lower() + word[1:]


def _spell_leading_digits(name: str, *, capitalize: bool) -> str:
    match = re.match(r"\d+", name)
    if not match:
        return name
    number = (
        match.group(0).lstrip("0") or "0"
    )  # `01ai` -> `oneai`: the number, not its zero padding
    spelled = "".join(_DIGIT_WORDS[int(d)] for d in number)
    rest = name[match.end() :]
    if capitalize:
        return spelled.capitalize() + rest[:1].upper() + rest[1:]
    return spelled + rest


@_memo
def python_field_name(wire_name: str) -> str:
    """snake_case attribute name that is a valid, non-shadowing identifier."""
    name = _FIELD_NAMES.get_valid_name(_ascii(wire_name) or wire_name)
    if not name.isidentifier() or not name.isascii():
        name = "field_" + re.sub(r"\W", "_", _ascii(name)).strip("_")
    if name.startswith("_"):
        name = "field" + name
    if (
        name in _MODULE_NAMES
        or name in _BASEMODEL_ATTRIBUTES
        or name.startswith("model_")
        or keyword.iskeyword(name)
    ):
        name += "_"
    return name


def class_name(text: str) -> str:
    """A component key or derived name as a Python class name (`T` suffix for reserved words)."""
    name = pascal(text) or "Model"
    return name + "T" if name in RESERVED_CLASS_NAMES else name


def enum_member_name(value: object) -> str:
    """`chat.completion.chunk` -> `CHAT_COMPLETION_CHUNK`; values that spell nothing get `VALUE_<n>` later."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float)):
        # `1e+16` -> `VALUE_1E16`, `-0.5` -> `VALUE_MINUS_0_5`: only identifier characters.
        text = str(value).replace("-", "MINUS_").replace("+", "").upper()
        return "VALUE_" + re.sub(r"\W", "_", text)
    return _text_member_name(str(value))


@_memo
def _text_member_name(text: str) -> str:
    upper = "_".join(w.upper() for w in words(text))
    if not upper:
        return ""
    if upper[0].isdigit():
        upper = "VALUE_" + upper
    return upper + "_" if keyword.iskeyword(upper) else upper


def singular(word: str) -> str:
    """Array items are singular: `top_logprobs` -> `top_logprob`, `choices` -> `choice`."""
    lower = word.lower()
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if (
        lower.endswith(("ss", "us", "is"))
        or not lower.endswith("s")
        or lower.endswith("data")
    ):
        return word
    return word[:-1]


def page_name(class_name_: str) -> str:
    """File stem of a model's docs page: the class name in lower case (`_` after a name Windows
    reserves: `con.md` cannot be checked out there)."""
    stem = class_name_.lower()
    return stem + "_" if stem in WINDOWS_RESERVED_STEMS else stem


def module_name(class_name_: str) -> str:
    """File stem of a model's Python module: the class name in lower case, with `_` after a
    keyword, a name Windows reserves (`con`, `nul`, `com1`...) or a name the lazy package
    `__init__` uses at run time (`importlib`, `keyword`...)."""
    stem = class_name_.lower()
    if (
        keyword.iskeyword(stem)
        or stem in WINDOWS_RESERVED_STEMS
        or stem in INIT_RUNTIME_NAMES
    ):
        return stem + "_"
    return stem


def snake(text: str) -> str:
    """Method and group names: `sendChatCompletionRequest` -> `send_chat_completion_request`."""
    return "_".join(w.lower() for w in words(text)) or "operation"

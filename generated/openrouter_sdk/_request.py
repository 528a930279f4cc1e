"""Turning a method's typed arguments into a request: validation, the JSON body, per-call options.

Every check runs before any I/O: a value of the wrong type raises `RequestValidationError` (an `SDKError`
and a `ValueError`) naming the argument; an unknown keyword is a `TypeError` from Python itself, since
every method spells out its parameters.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
import pydantic

from ._files import file_part, is_file_input, multipart_body
from ._linking import adapter
from ._omit import OMIT
from ._params import plain, text
from .errors import RequestValidationError

Timeout = float | httpx.Timeout | None


def user_agent(distribution: str, version: str) -> str:
    """`<dist-name>/<sdk version> python/<x.y> httpx/<x.y>`, the client's default User-Agent."""
    python = ".".join(platform.python_version_tuple()[:2])
    httpx_version = ".".join(httpx.__version__.split(".")[:2])
    return f"{distribution}/{version} python/{python} httpx/{httpx_version}"


def _problem(error: pydantic.ValidationError, argument: str | None = None) -> str:
    """`name: reason` for the first error, with the path into nested values."""
    first = error.errors()[0]
    where = [argument] if argument else []
    where += [str(part) for part in first["loc"]]
    return f"{'.'.join(where) or 'body'}: {first['msg']}"


def check(name: str, value: Any, type_: Any) -> Any:
    """`value` validated as `type_` (the argument's annotation); OMIT and None pass as they are."""
    if value is OMIT or value is None:
        return value
    try:
        return adapter(type_).validate_python(value)
    except pydantic.ValidationError as error:
        raise RequestValidationError(_problem(error, name), field=name) from None


def given(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments the caller passed (OMIT marks the others), by wire name."""
    return {name: value for name, value in arguments.items() if value is not OMIT}


def body_model(
    model: type[pydantic.BaseModel], body: Any, fields: Mapping[str, Any]
) -> Any:
    """The request body as a model: `body=` (an instance or a dict) or the keyword arguments."""
    values = given(fields)
    if body is not OMIT and values:
        names = ", ".join(sorted(values))
        raise TypeError(
            f"pass either a body or keyword arguments for its fields, not both ({names})"
        )
    if isinstance(body, model):
        return body
    try:
        return model.model_validate(values if body is OMIT else body)
    except pydantic.ValidationError as error:
        first = error.errors()[0]["loc"]
        raise RequestValidationError(
            _problem(error), field=str(first[0]) if first else None
        ) from None


def json_body(
    model: type[pydantic.BaseModel],
    body: Any,
    fields: Mapping[str, Any],
    extra_body: Mapping[str, Any] | None = None,
) -> Any:
    """The JSON value of the body: only the fields that were set, by wire name, plus `extra_body`."""
    instance = body_model(model, body, fields)
    data = instance.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if extra_body:
        data.update(extra_body)
    return data


def form_fields(
    model: type[pydantic.BaseModel],
    body: Any,
    fields: Mapping[str, Any],
    file_fields: Mapping[str, bool],
) -> dict[str, Any]:
    """A form or multipart body's values by wire name, in the spec's order, validated by the model.

    `file_fields` maps each file property to whether it is an array of files: files are kept as
    given (the model types them as text, a placeholder stands in for them while it validates).
    """
    values = given(fields) if body is OMIT else dict(_as_mapping(body))
    if body is not OMIT and given(fields):
        body_model(model, body, fields)  # raises the "not both" TypeError
    files = {name: values[name] for name in file_fields if name in values}
    for name, value in files.items():
        _check_files(name, value, file_fields[name])
    placeholders = {name: [] if many else "" for name, many in file_fields.items()}
    checked = {**values, **{name: placeholders[name] for name in files}}
    dumped = json_body(model, OMIT, checked)
    order = list(fields) if body is OMIT else list(values)
    merged = {**dumped, **files}
    return {name: merged[name] for name in order if name in merged} | {
        name: value for name, value in merged.items() if name not in order
    }


def _check_files(name: str, value: Any, many: bool) -> None:
    """A file property holds files (a list of them for an array): not text, not numbers."""
    if value is None:
        return
    items = value if many and isinstance(value, list) else [value]
    if many and not isinstance(value, list):
        problem = "expected a list of files"
    elif not all(is_file_input(item) for item in items):
        problem = (
            "expected a file: bytes, a binary file object, a path, or a "
            "(filename, content, content_type) tuple"
        )
    else:
        return
    raise RequestValidationError(f"{name}: {problem}", field=name)


def _as_mapping(body: Any) -> Mapping[str, Any]:
    if isinstance(body, pydantic.BaseModel):
        return body.model_dump(by_alias=True, exclude_unset=True)
    return body


def plain_body(
    body: Any, type_: Any, extra_body: Mapping[str, Any] | None = None
) -> Any:
    """A JSON body that is not an object model (an array, a union, a primitive), validated and dumped."""
    try:
        value = adapter(type_).validate_python(body)
    except pydantic.ValidationError as error:
        raise RequestValidationError(_problem(error, "body"), field="body") from None
    data = adapter(type_).dump_python(
        value, mode="json", by_alias=True, exclude_unset=True
    )
    if extra_body and isinstance(data, dict):
        data.update(extra_body)
    return data


# A positional part's encoding (3.2 `prefixEncoding` / `itemEncoding`): its Content-Type, fixed
# headers, and the type its value is validated as (None: a file, sent as its bytes).
PositionalEncoding = tuple[str, Mapping[str, str], Any]


def positional_parts(
    items: Sequence[Any] | None,
    media_type: str,
    prefix: Sequence[PositionalEncoding],
    rest: PositionalEncoding | None,
) -> tuple[bytes | None, str | None]:
    """A positional multipart body (OpenAPI 3.2 "Encoding By Position", e.g. multipart/mixed)
    and its Content-Type: one part per item in order, the first ones encoded by `prefix`, every
    later one by `rest` (None: no more parts). Each value is validated as its position's type
    before anything is sent; files go as their bytes, objects and arrays as JSON, the rest as text.
    """
    if items is None:
        return None, None
    if not isinstance(items, (list, tuple)) or not items:
        raise RequestValidationError(
            "body: expected a non-empty list of parts", field="body"
        )
    if rest is None and len(items) > len(prefix):
        raise RequestValidationError(
            f"body: at most {len(prefix)} parts are allowed, got {len(items)}",
            field="body",
        )
    parts = []
    for index, item in enumerate(items):
        encoding = prefix[index] if index < len(prefix) else rest
        assert encoding is not None
        content, content_type = _positional_content(item, encoding, f"body.{index}")
        parts.append((content, content_type, encoding[1]))
    return multipart_body(parts, media_type)


def _positional_content(
    item: Any, encoding: PositionalEncoding, where: str
) -> tuple[bytes, str]:
    """One part's bytes and Content-Type (a file tuple's own type wins over the spec's)."""
    content_type, _, type_ = encoding
    if type_ is None:
        if not is_file_input(item):
            raise RequestValidationError(
                f"{where}: expected a file: bytes, a binary file object, a path, or a "
                "(filename, content, content_type) tuple",
                field="body",
            )
        _, content, own_type = file_part(item)
        data = content if isinstance(content, bytes) else bytes(content.read())
        return data, own_type or content_type
    value = plain(check(where, item, type_))
    if "json" in content_type:
        serialised = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    else:
        serialised = text(value)
    return serialised.encode("utf-8"), content_type


def options(
    timeout: Timeout | Any = OMIT,
    max_retries: int | Any = OMIT,
    extra_headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Per-call options for the client's `_send`, with only what the caller gave."""
    chosen: dict[str, Any] = {}
    if timeout is not OMIT:
        chosen["timeout"] = timeout
    if max_retries is not OMIT:
        chosen["max_retries"] = max_retries
    if extra_headers:
        chosen["extra_headers"] = dict(extra_headers)
    return chosen

"""Multipart file fields on TypeScript pages, as the reference SDK types them.

A file property of a multipart body is `File | Blob | {Op}{Property}` there: a browser file, a
blob, or an object of a file name and a byte stream, which gets a page of its own
(`UploadFileFile`: `fileName`, `content`). The model classes do not change: the Python SDK
takes a `FileInput`.
"""

from __future__ import annotations

from dataclasses import replace

from ... import api
from ...api import ModelRef, Primitive
from ...naming import pascal

FILE_TYPES = (
    "[File](https://developer.mozilla.org/en-US/docs/Web/API/File) \\| "
    "[Blob](https://developer.mozilla.org/en-US/docs/Web/API/Blob)"
)
# The byte stream of a file part (`ReadableStream<Uint8Array>` in the TypeScript flavour)
BYTES = Primitive("string", "binary")


def with_file_parts(model_api: api.Api) -> tuple[api.Api, frozenset[str]]:
    """`model_api` with each multipart body's file property typed as its file-part model, and
    those models' names."""
    bodies = _multipart_bodies(model_api)
    taken = {model.name.lower() for model in model_api.models}
    models: list[api.Model] = []
    parts: list[api.ObjectModel] = []
    for model in model_api.models:
        if isinstance(model, api.ObjectModel) and model.name in bodies:
            root, files = bodies[model.name]
            fields = []
            for field in model.fields:
                name = root + pascal(field.wire_name)
                if field.wire_name in files and name.lower() not in taken:
                    taken.add(name.lower())
                    parts.append(_file_part(name, field.pointer))
                    field = replace(field, type=ModelRef(name))
                fields.append(field)
            model = replace(model, fields=tuple(fields))
        models.append(model)
    if not parts:
        return model_api, frozenset()
    api_with_parts = replace(model_api, models=(*models, *parts))
    return api_with_parts, frozenset(part.name for part in parts)


def _multipart_bodies(model_api: api.Api) -> dict[str, tuple[str, set[str]]]:
    """{body model: (its operation's class-name root, the wire names of its single files)}."""
    found: dict[str, tuple[str, set[str]]] = {}
    for op in model_api.operations:
        kind = api.request_body_kind(op.request_content_type)
        if op.request_body is None or kind is not api.RequestBodyKind.MULTIPART:
            continue
        body = api.strip_null(op.request_body)
        model = model_api.models_by_name.get(getattr(body, "name", ""))
        if not isinstance(model, api.ObjectModel):
            continue
        files = {
            field.wire_name
            for field in model.fields
            if field.wire_name in op.file_fields
            and isinstance(api.strip_null(field.type), Primitive)
        }
        if files:
            found.setdefault(model.name, (pascal(op.operation_id), files))
    return found


def _file_part(name: str, pointer: str) -> api.ObjectModel:
    fields = (
        api.Field(
            "fileName", "file_name", "fileName", Primitive("string"), True, pointer
        ),
        api.Field("content", "content", "content", BYTES, True, pointer),
    )
    return api.ObjectModel(name, fields, pointer, group="operations")

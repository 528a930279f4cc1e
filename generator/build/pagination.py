"""Which operations are paginated, and how: `x-speakeasy-pagination`, else a known list shape.

The generated method of a paginated operation returns a page (the page model with every field,
iterable across pages); every other operation is left alone. The rules, in order (the README's
"Pagination" and docs/design/pagination.md say the same):

1. `x-speakeasy-pagination` on the operation: `type: offsetLimit` (inputs `offset`, optionally
   `limit`), `type: cursor` (input `cursor`, output `nextCursor`) or `type: url` (output
   `nextUrl`), inputs `in: parameters` naming query parameters, outputs `results` (and
   `nextCursor` / `nextUrl`) as `$.field` paths into the JSON page. Anything else in the extension
   (page numbers, request-body inputs, nested paths) is a spec error naming the place, never a guess.
   An operation whose JSON answer is not one object model (a union of page shapes) stays unpaginated.
2. Without it, a GET whose JSON answer is an object model (the page) with an items array (the
   field `data`, else the page's only array field), and exactly one of these shapes:
   - `has_more` (boolean) and one query parameter `starting_after` or `after`: the cursor is the
     page's `last_id` when it has that field, else the last item's `id` (items must have one);
   - `next_cursor` (a string field) and a query parameter `cursor` or `next_cursor`;
   - `next` (a string field: the URL of the next page), and neither of the above.
   An operation matching none, or more than one, of them is not paginated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import api
from ..api import ModelRef, Pagination, PaginationKind
from ..spec.load import SpecDocument

EXTENSION = "x-speakeasy-pagination"
_KINDS = {
    "offsetLimit": PaginationKind.OFFSET_LIMIT,
    "cursor": PaginationKind.CURSOR,
    "url": PaginationKind.NEXT_LINK,
}
_AFTER_PARAMETERS = ("starting_after", "after")
_CURSOR_PARAMETERS = ("cursor", "next_cursor")


def paginate(
    doc: SpecDocument, models: dict[str, api.Model], operation: api.Operation
) -> api.Operation:
    """The operation with its `pagination`, when it is a paginated list operation."""
    raw = doc.resolve(operation.pointer)
    page = _page_model(models, operation)
    if isinstance(raw, dict) and EXTENSION in raw:
        pointer = f"{operation.pointer}/{EXTENSION}"
        if page is None:
            # A union of page shapes (OpenRouter's listFiles answers in one of three) has
            # no one place for the items and the cursor: the operation stays a plain call.
            return operation
        found: Pagination | None = _Extension(doc, pointer, operation, page).read(
            raw[EXTENSION]
        )
    else:
        found = _from_shape(models, operation, page) if page is not None else None
    if found is None:
        return operation
    return replace(operation, pagination=found)


def _page_model(
    models: dict[str, api.Model], operation: api.Operation
) -> api.ObjectModel | None:
    response = operation.response
    if response is None or not isinstance(response, ModelRef):
        return None
    model = models.get(response.name)
    return model if isinstance(model, api.ObjectModel) else None


def _field(page: api.ObjectModel, wire_name: str) -> api.Field | None:
    return next((f for f in page.fields if f.wire_name == wire_name), None)


def _query_names(operation: api.Operation) -> set[str]:
    return {p.field.wire_name for p in operation.parameters if p.location == "query"}


def _is(type_ref: api.TypeRef, name: str) -> bool:
    inner = api.strip_null(type_ref)
    return isinstance(inner, api.Primitive) and inner.name == name


def _items_field(page: api.ObjectModel) -> api.Field | None:
    """`data` when it is an array, else the only array field; None when there is no such one."""
    arrays = [f for f in page.fields if isinstance(api.strip_null(f.type), api.ArrayOf)]
    data = next((f for f in arrays if f.wire_name == "data"), None)
    if data is not None:
        return data
    return arrays[0] if len(arrays) == 1 else None


def _item_type(items: api.Field) -> api.TypeRef:
    array = api.strip_null(items.type)
    assert isinstance(array, api.ArrayOf)
    return array.item


def _has_id(models: dict[str, api.Model], item: api.TypeRef) -> bool:
    inner = api.strip_null(item)
    if not isinstance(inner, ModelRef):
        return False
    model = models.get(inner.name)
    return isinstance(model, api.ObjectModel) and _field(model, "id") is not None


def _from_shape(
    models: dict[str, api.Model], operation: api.Operation, page: api.ObjectModel
) -> Pagination | None:
    """Rule 2: the common list shapes, only when exactly one of them matches."""
    items = _items_field(page)
    if operation.method != "get" or items is None:
        return None
    item = _item_type(items)
    query = _query_names(operation)
    candidates = [
        found
        for found in (
            _after_shape(models, page, query, items.wire_name, item),
            _next_cursor_shape(page, query, items.wire_name, item),
        )
        if found is not None
    ]
    if not candidates:
        link = _field(page, "next")
        if link is not None and _is(link.type, "string"):
            has_more = _field(page, "has_more")
            return Pagination(
                PaginationKind.NEXT_LINK,
                items.wire_name,
                item,
                None,
                cursor="next",
                has_more=has_more.wire_name if has_more else None,
                rule="next link",
            )
    return candidates[0] if len(candidates) == 1 else None


def _after_shape(
    models: dict[str, api.Model],
    page: api.ObjectModel,
    query: set[str],
    items: str,
    item: api.TypeRef,
) -> Pagination | None:
    has_more = _field(page, "has_more")
    parameters = [name for name in _AFTER_PARAMETERS if name in query]
    if has_more is None or not _is(has_more.type, "boolean") or len(parameters) != 1:
        return None
    last_id = _field(page, "last_id")
    if last_id is not None and _is(last_id.type, "string"):
        cursor: str | None = last_id.wire_name
    elif _has_id(models, item):
        cursor = None  # the last item's id
    else:
        return None
    return Pagination(
        PaginationKind.CURSOR,
        items,
        item,
        parameters[0],
        cursor=cursor,
        has_more=has_more.wire_name,
        rule=f"has_more + {parameters[0]}",
    )


def _next_cursor_shape(
    page: api.ObjectModel, query: set[str], items: str, item: api.TypeRef
) -> Pagination | None:
    next_cursor = _field(page, "next_cursor")
    parameters = [name for name in _CURSOR_PARAMETERS if name in query]
    if next_cursor is None or not _is(next_cursor.type, "string"):
        return None
    if len(parameters) != 1:
        return None
    has_more = _field(page, "has_more")
    return Pagination(
        PaginationKind.CURSOR,
        items,
        item,
        parameters[0],
        cursor=next_cursor.wire_name,
        has_more=(
            has_more.wire_name if has_more and _is(has_more.type, "boolean") else None
        ),
        rule=f"next_cursor + {parameters[0]}",
    )


class _Extension:
    """Rule 1: reads `x-speakeasy-pagination`; anything it cannot follow is a spec error."""

    def __init__(
        self,
        doc: SpecDocument,
        pointer: str,
        operation: api.Operation,
        page: api.ObjectModel,
    ) -> None:
        self.doc, self.pointer, self.operation, self.page = (
            doc,
            pointer,
            operation,
            page,
        )

    def fail(self, problem: str, where: str = "", hint: str = "") -> Exception:
        return self.doc.error(
            f"{EXTENSION}: {problem}",
            self.pointer + where,
            hint
            or "supported: type offsetLimit (offset, limit), cursor (cursor + nextCursor) "
            "or url (nextUrl); inputs in: parameters (query); outputs as $.field",
        )

    def read(self, extension: Any) -> Pagination:
        if not isinstance(extension, dict):
            raise self.fail("must be a mapping")
        kind = _KINDS.get(str(extension.get("type")))
        if kind is None:
            raise self.fail(f"type {extension.get('type')!r} is not supported", "/type")
        outputs = extension.get("outputs")
        if not isinstance(outputs, dict) or "results" not in outputs:
            raise self.fail("outputs.results (e.g. $.data) is required", "/outputs")
        items = self._page_field(outputs["results"], "/outputs/results")
        if not isinstance(api.strip_null(items.type), api.ArrayOf):
            raise self.fail(
                f"outputs.results {items.wire_name!r} is not an array",
                "/outputs/results",
            )
        inputs = self._inputs(extension.get("inputs", []))
        has_more = _field(self.page, "has_more")
        return Pagination(
            kind,
            items.wire_name,
            _item_type(items),
            inputs.get("offset") or inputs.get("cursor"),
            limit=inputs.get("limit"),
            cursor=self._cursor(kind, outputs, inputs),
            has_more=(
                has_more.wire_name
                if has_more is not None and _is(has_more.type, "boolean")
                else None
            ),
        )

    def _cursor(
        self, kind: PaginationKind, outputs: dict, inputs: dict[str, str]
    ) -> str | None:
        needed = {
            PaginationKind.OFFSET_LIMIT: ("offset", None),
            PaginationKind.CURSOR: ("cursor", "nextCursor"),
            PaginationKind.NEXT_LINK: (None, "nextUrl"),
        }[kind]
        parameter, output = needed
        if parameter is not None and parameter not in inputs:
            raise self.fail(f"an input of type {parameter} is required", "/inputs")
        if output is None:
            return None
        if output not in outputs:
            raise self.fail(f"outputs.{output} is required", "/outputs")
        return self._page_field(outputs[output], f"/outputs/{output}").wire_name

    def _inputs(self, inputs: Any) -> dict[str, str]:
        """{input type: query parameter wire name}."""
        if not isinstance(inputs, list):
            raise self.fail("inputs must be a list", "/inputs")
        query = _query_names(self.operation)
        found: dict[str, str] = {}
        for index, entry in enumerate(inputs):
            where = f"/inputs/{index}"
            if not isinstance(entry, dict):
                raise self.fail("an input must be a mapping", where)
            kind, name = entry.get("type"), entry.get("name")
            if kind not in ("offset", "limit", "cursor"):
                raise self.fail(f"input type {kind!r} is not supported", where)
            if entry.get("in") != "parameters" or name not in query:
                raise self.fail(
                    f"input {name!r} must be a query parameter of the operation "
                    "(in: parameters)",
                    where,
                )
            found[str(kind)] = str(name)
        return found

    def _page_field(self, path: Any, where: str) -> api.Field:
        text = str(path)
        name = text[2:] if text.startswith("$.") else ""
        found = _field(self.page, name) if name and "." not in name else None
        if found is None:
            raise self.fail(
                f"{text!r} is not a top-level field of the page model {self.page.name}",
                where,
            )
        return found

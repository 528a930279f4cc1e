"""Pages of a list operation: every item across pages, fetched lazily.

A paginated operation's JSON answer (the page model, every field kept) is
decoded into a subclass of that model mixing in :class:`Page` (sync) or
:class:`AsyncPage`.  Iterating it (``for item in page`` / ``async for``)
yields the items of this page, then of the next ones, each fetched only when
the previous one is used up; ``iter_pages()``, ``has_next_page()`` and
``get_next_page()`` work page by page.

How the next request differs from the previous one is described by a
:class:`PageShape` the generated client passes along (from the spec's
``x-speakeasy-pagination`` or one of the list shapes sdkforge recognises, see
the README's "Pagination"):

* ``OFFSET_LIMIT``: the ``offset`` query parameter grows by the number of
  items received;
* ``CURSOR``: a query parameter (``cursor``, ``after``, ``starting_after``)
  takes the page's cursor field (``next_cursor``, ``last_id``) or, without
  one, the last item's ``id``;
* ``NEXT_LINK``: the page's ``next`` field is the URL of the next page.

There is no next page when a page has no items, when its ``has_more`` field
is false, when its cursor or link is empty, or (offset) when it holds fewer
items than the ``limit`` asked for.  Only the query of the first request is
changed: its headers, credentials and per-call options are sent again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, quote, unquote_plus

from pydantic import PrivateAttr

from .errors import ResponseValidationError, SDKError

__all__ = [
    "AsyncPage",
    "NoNextPageError",
    "Page",
    "PageKind",
    "PageShape",
    "next_path",
    "page_class",
]

ItemT = TypeVar("ItemT")
_P = TypeVar("_P")


class PageKind(Enum):
    """How the next page is asked for."""

    OFFSET_LIMIT = "offsetLimit"
    CURSOR = "cursor"
    NEXT_LINK = "nextLink"


@dataclass(frozen=True)
class PageShape:
    """Where a page keeps its items and what the next request changes.

    Attribute names are the page model's Python names; parameter names are
    the query's wire names.

    ``items``: the list of items. ``parameter``: the offset or cursor query
    parameter. ``limit``: the limit query parameter (offset pages).
    ``cursor``: the field holding the next cursor, the last id or the next
    link; ``None`` for a cursor taken from the last item's ``id``.
    ``has_more``: a boolean field that says whether more pages follow.
    """

    model: Any
    kind: PageKind
    items: str
    parameter: str | None = None
    limit: str | None = None
    cursor: str | None = None
    has_more: str | None = None


class NoNextPageError(SDKError, LookupError):
    """``get_next_page()`` on the last page (check ``has_next_page()`` first)."""


@dataclass(frozen=True)
class _Paging:
    """What a page needs to ask for the next one."""

    shape: PageShape
    path: str  # the request's path and query, relative to the base URL
    base_url: str
    fetch: Callable[[str], Any]  # next path -> the next page (or an awaitable of it)


def _query(path: str) -> dict[str, str]:
    return dict(parse_qsl(path.partition("?")[2], keep_blank_values=True))


def _with_query(path: str, changes: Mapping[str, str]) -> str:
    """``path`` with the named query parameters replaced (the others kept as sent)."""
    base, _, query = path.partition("?")
    kept = [
        pair
        for pair in query.split("&")
        if pair and unquote_plus(pair.partition("=")[0]) not in changes
    ]
    kept += [f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in changes.items()]
    return base + "?" + "&".join(kept)


def _items(page: Any, shape: PageShape) -> list[Any]:
    return list(getattr(page, shape.items, None) or [])


def _item_id(item: Any) -> Any:
    if isinstance(item, Mapping):
        return item.get("id")
    return getattr(item, "id", None)


def _text(value: Any) -> str | None:
    """A cursor as it goes into the query: ``None`` when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))


def _offset_path(page: Any, paging: _Paging, count: int) -> str | None:
    shape = paging.shape
    assert shape.parameter is not None
    query = _query(paging.path)
    limit = query.get(shape.limit or "")
    has_more = getattr(page, shape.has_more, None) if shape.has_more else None
    if has_more is None and limit and limit.isdigit() and count < int(limit):
        return None  # a short page is the last one
    offset = query.get(shape.parameter, "0")
    start = int(offset) if offset.isdigit() else 0
    return _with_query(paging.path, {shape.parameter: str(start + count)})


def _cursor_path(page: Any, paging: _Paging, items: list[Any]) -> str | None:
    shape = paging.shape
    assert shape.parameter is not None
    if shape.cursor is not None:
        cursor = _text(getattr(page, shape.cursor, None))
    else:
        cursor = _text(_item_id(items[-1]))
    if cursor is None or _query(paging.path).get(shape.parameter) == cursor:
        return None  # no cursor, or the same page again: stop rather than loop
    return _with_query(paging.path, {shape.parameter: cursor})


def _link_path(page: Any, paging: _Paging) -> str | None:
    assert paging.shape.cursor is not None
    link = _text(getattr(page, paging.shape.cursor, None))
    if link is None:
        return None
    import httpx  # only here: the module otherwise needs nothing from httpx

    # Relative to the page's own URL, as a browser would; it must stay under the base URL.
    target = str(httpx.URL(paging.base_url + paging.path).join(link))
    if not target.startswith(paging.base_url + "/"):
        # Never send the client's credentials to a place the page names.
        raise ResponseValidationError(
            f"the next-page link {link!r} leads outside the API's base URL "
            f"{paging.base_url}; not followed"
        )
    return target[len(paging.base_url) :]


def next_path(page: Any, paging: _Paging) -> str | None:
    """The path of the next page's request, or ``None`` on the last page."""
    shape = paging.shape
    items = _items(page, shape)
    if not items:
        return None
    if shape.has_more and getattr(page, shape.has_more, None) is False:
        return None
    if shape.kind is PageKind.OFFSET_LIMIT:
        return _offset_path(page, paging, len(items))
    if shape.kind is PageKind.CURSOR:
        return _cursor_path(page, paging, items)
    return _link_path(page, paging)


class _PageBase(Generic[ItemT]):
    """What both page kinds share: the items and the next request."""

    _paging: _Paging | None

    def _page_items(self) -> list[ItemT]:
        # Not a property named `items`: the page model may have a field of that name.
        paging = self._paging
        return _items(self, paging.shape) if paging is not None else []

    def has_next_page(self) -> bool:
        """Whether another page follows (decided from this page, without a request)."""
        return self._next_path() is not None

    def _next_path(self) -> str | None:
        paging = self._paging
        return next_path(self, paging) if paging is not None else None

    def _next_or_raise(self) -> tuple[_Paging, str]:
        path = self._next_path()
        if path is None or self._paging is None:
            raise NoNextPageError(
                "this is the last page; check has_next_page() before get_next_page()"
            )
        return self._paging, path


class Page(_PageBase[ItemT]):
    """A page of a list operation (mixed into the page model)."""

    def __iter__(self) -> Iterator[ItemT]:
        """Every item, of this page and of the pages after it (fetched when needed)."""
        for page in self.iter_pages():
            yield from page._page_items()

    def iter_pages(self: _P) -> Iterator[_P]:
        """This page and each following one."""
        page: Any = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def get_next_page(self: _P) -> _P:
        """The next page (one request); :class:`NoNextPageError` on the last one."""
        paging, path = self._next_or_raise()  # type: ignore[attr-defined]
        result: _P = paging.fetch(path)
        return result


class AsyncPage(_PageBase[ItemT]):
    """A page of a list operation on the async client: ``async for item in page``."""

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        """Every item, of this page and of the pages after it (fetched when needed)."""
        async for page in self.iter_pages():
            for item in page._page_items():
                yield item

    def __iter__(self) -> Iterator[Any]:
        raise TypeError(
            "an AsyncPage is iterated with `async for` (its items field holds this page's)"
        )

    async def iter_pages(self: _P) -> AsyncIterator[_P]:
        """This page and each following one."""
        page: Any = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def get_next_page(self: _P) -> _P:
        """The next page (one request); :class:`NoNextPageError` on the last one."""
        paging, path = self._next_or_raise()  # type: ignore[attr-defined]
        pending: Awaitable[_P] = paging.fetch(path)
        return await pending


@cache
def page_class(model: type, mixin: type) -> type:
    """The page model with :class:`Page` or :class:`AsyncPage` mixed in (made once)."""
    # The model first (pydantic wants BaseModel before Generic), so the one method both
    # define, __iter__ (field pairs on a model), is taken from the page explicitly.
    prefix = "Async" if issubclass(mixin, AsyncPage) else ""
    return type(
        f"{prefix}{model.__name__}Page",
        (model, mixin),
        {
            "__module__": model.__module__,
            "__doc__": model.__doc__,
            "__iter__": mixin.__dict__["__iter__"],
            "_paging": PrivateAttr(default=None),
        },
    )


def attach(
    page: Any, shape: PageShape, path: str, base_url: str, fetch: Callable[[str], Any]
) -> Any:
    """Give a decoded page what it needs to fetch the next one."""
    if isinstance(page, _PageBase):
        page._paging = _Paging(shape, path, base_url, fetch)
    return page

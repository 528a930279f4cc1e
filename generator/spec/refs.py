"""Bundle a spec split across files into one document, and make sure no `$ref` is left dangling.

External `$ref`s (`./schemas/pet.yaml`, `common.json#/components/schemas/Owner`) are resolved with
`referencing` (URI joining, retrieval, JSON pointer lookup) and their targets copied into the root
document, under `components/<kind>/<name>` by the position of the reference (a parameter position
imports a parameter, a response position a response, ...), and the `$ref` rewritten to point there;
path items are copied in place, because the builder reads operations from `paths` only. So the
builder sees one document and names an imported schema by the same rule as a local one: its
component name (the last token of the fragment), else the file name.

Confinement: a reference may only reach files inside the root spec's folder tree. A URL, an
absolute path, or a `..` that leaves the tree is refused; nothing is ever fetched from a network.
Every `$ref` of the root document (and of each imported part) is checked: resolved, or exit 2
naming the referring file, line and pointer.

OpenAPI 3.2 `$self` (OpenAPI Object; spec section "Relative References in API Description URIs"):
the root document's own URI, the base its relative `$ref`s are resolved against. sdkforge reads
the document from a file, so `$self` names that file: a reference resolved against it (a relative
one, `$self` itself with a fragment, or an absolute URI under `$self`'s folder, from any file) is
the matching file of the spec's folder tree, and anything outside that folder is refused like a
URL. A referenced file's own `$self` is not read: its relative `$ref`s are relative to the file.
"""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import referencing
import referencing.exceptions
from jsonpointer import JsonPointer
from jsonpointer import escape as escape_token

from .errors import SpecError
from .load import SpecDocument, read_document


class RefKind(enum.Enum):
    """What a `$ref` at some position refers to; the value is its `components` section."""

    SCHEMA = "schemas"
    PARAMETER = "parameters"
    REQUEST_BODY = "requestBodies"
    RESPONSE = "responses"
    HEADER = "headers"
    EXAMPLE = "examples"
    LINK = "links"
    CALLBACK = "callbacks"
    PATH_ITEM = "pathItems"


_COMPONENT_KINDS = {kind.value: kind for kind in RefKind}
# Maps whose values are schemas, whatever their keys are called.
_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# Keywords whose values are data, not spec: a `$ref` key inside them is an example payload.
_LITERALS = frozenset({"example", "default", "const", "enum", "value"})
_REF_LIKE_SUFFIXES = (".yaml", ".yml", ".json")


def kind_at(tokens: list[str]) -> RefKind:
    """The kind of object at a position, from the last (up to three) tokens of its pointer."""
    if not tokens:
        return RefKind.SCHEMA
    last = tokens[-1]
    parent = tokens[-2] if len(tokens) > 1 else ""
    grand = tokens[-3] if len(tokens) > 2 else ""
    if parent in _SCHEMA_MAPS or grand in _SCHEMA_MAPS:
        return RefKind.SCHEMA  # a property's schema, or a keyword of it (`items`, ...)
    if grand == "components" and parent in _COMPONENT_KINDS:
        return _COMPONENT_KINDS[parent]
    if (parent in ("paths", "webhooks") and len(tokens) == 2) or grand == "callbacks":
        return RefKind.PATH_ITEM
    if parent == "responses":
        return RefKind.RESPONSE
    by_parent = {
        "headers": RefKind.HEADER,
        "links": RefKind.LINK,
        "callbacks": RefKind.CALLBACK,
        "examples": RefKind.EXAMPLE,  # a map of Example objects (a schema's `examples` is a list)
    }
    if parent in by_parent and not last.isdigit():
        return by_parent[parent]
    if parent == "parameters" and last.isdigit():
        return RefKind.PARAMETER
    if last == "requestBody":
        return RefKind.REQUEST_BODY
    return RefKind.SCHEMA


def _tokens(path: tuple) -> list[str]:
    tokens: list[str] = []
    while path:
        path, token = path
        tokens.append(token)
    return tokens[::-1]


def _path(tokens: list[str]) -> tuple:
    path: tuple = ()
    for token in tokens:
        path = (path, token)
    return path


def _last_tokens(path: tuple, count: int) -> list[str]:
    tokens: list[str] = []
    while path and len(tokens) < count:
        path, token = path
        tokens.append(token)
    return tokens[::-1]


MAX_PATH_ITEM_HOPS = 50
"""Path item `$ref`s followed in a row before the chain is called circular."""


@dataclass
class _Visit:
    """A value to walk: the document its `$ref`s are relative to and its place there."""

    value: Any
    doc: SpecDocument
    path: tuple  # linked pointer of `value` in `doc`
    kind: RefKind | None = (
        None  # known for the root of an imported part, else by position
    )
    hops: int = 0  # path item $refs followed to get here

    def kind_here(self) -> RefKind:
        return self.kind or kind_at(_last_tokens(self.path, 3))


class Bundler:
    def __init__(self, root: SpecDocument) -> None:
        self.root = root
        self.folder = root.path.resolve().parent
        self.root_uri = _uri_of(root)
        # 3.2 `$self`: the root's own URI, its base for `$ref`s (None: the file's URI is).
        self.self_uri = _self_uri(root, self.root_uri)
        self.documents: dict[str, SpecDocument] = {self.root_uri: root}
        registry: referencing.Registry = referencing.Registry(
            retrieve=self._retrieve  # type: ignore[call-arg]
        ).with_resource(self.root_uri, referencing.Resource.opaque(root.data))
        self.resolver = registry.resolver(base_uri=self.root_uri)
        self.imported: dict[tuple[str, str], str] = (
            {}
        )  # (file URI, fragment) -> pointer
        self.stack: list[_Visit] = []

    def bundle(self) -> None:
        self.stack.append(_Visit(self.root.data, self.root, ()))
        while self.stack:
            visit = self.stack.pop()
            if isinstance(visit.value, dict):
                self._visit_mapping(visit)
            elif isinstance(visit.value, list):
                for index, item in enumerate(visit.value):
                    self._push(item, visit, str(index))

    def _push(self, value: Any, parent: _Visit, token: str) -> None:
        if isinstance(value, (dict, list)):
            # A callback's values are path items, even when the callback is a part's root.
            kind = RefKind.PATH_ITEM if parent.kind is RefKind.CALLBACK else None
            self.stack.append(
                _Visit(value, parent.doc, (parent.path, token), kind, parent.hops)
            )

    def _visit_mapping(self, visit: _Visit) -> None:
        mapping = visit.value
        if isinstance(mapping.get("$ref"), str):
            if visit.kind_here() is RefKind.PATH_ITEM:
                self._inline_path_item(visit)
                return  # walked again, as what it now holds
            mapping["$ref"] = "#" + self._target(
                mapping["$ref"], visit.doc, (visit.path, "$ref"), visit
            )
        discriminator = mapping.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(
            discriminator.get("mapping"), dict
        ):
            self._rewrite_mapping(discriminator["mapping"], visit)
        last = _last_tokens(visit.path, 1)
        in_schema_map = bool(last) and last[0] in _SCHEMA_MAPS
        for key, child in mapping.items():
            if key == "$ref" or (key in _LITERALS and not in_schema_map):
                continue
            self._push(child, visit, str(key))

    # ---- one reference ---------------------------------------------------------------------

    def _target(
        self, ref: str, doc: SpecDocument, ref_path: tuple, visit: _Visit
    ) -> str:
        """The pointer in the root document that `ref` (written in `doc`) stands for."""
        if ref.startswith("#") and doc is self.root:
            return self._local(ref[1:], ref_path, doc)
        uri = self._confined(ref, doc, ref_path)
        file_uri, fragment = urldefrag(uri)
        fragment = unquote(fragment)
        if file_uri == self.root_uri:
            return self._local(fragment, ref_path, doc)
        key = (file_uri, fragment)
        if key not in self.imported:
            contents = self._lookup(uri, ref, doc, ref_path)
            self.imported[key] = self._import(
                contents, file_uri, fragment, visit.kind_here()
            )
        return self.imported[key]

    def _inline_path_item(self, visit: _Visit) -> None:
        """Replace a path item `$ref` by the path item (the builder reads `paths` only)."""
        mapping, ref_path = visit.value, (visit.path, "$ref")
        ref = mapping["$ref"]
        if visit.hops >= MAX_PATH_ITEM_HOPS:
            raise visit.doc.error(
                f"circular path item $ref {ref!r} (followed {MAX_PATH_ITEM_HOPS} in a row)",
                _pointer(ref_path),
                "point the path item at one that does not refer back to it",
            )
        doc, fragment, contents = self._resolve(ref, visit.doc, ref_path)
        if not isinstance(contents, dict):
            raise visit.doc.error(
                f"$ref {ref!r} points at a {type(contents).__name__}, not a path item",
                _pointer(ref_path),
                "point it at a mapping of HTTP methods to operations",
            )
        siblings = {key: value for key, value in mapping.items() if key != "$ref"}
        mapping.clear()
        mapping.update(copy.deepcopy(contents))
        mapping.update(siblings)
        if doc is not self.root and visit.doc is self.root:
            self.root.origins[_pointer(visit.path)] = (doc, fragment)
        self.stack.append(
            _Visit(
                mapping, doc, _path(_split(fragment)), RefKind.PATH_ITEM, visit.hops + 1
            )
        )

    def _resolve(
        self, ref: str, doc: SpecDocument, ref_path: tuple
    ) -> tuple[SpecDocument, str, Any]:
        """The document, fragment and contents `ref` (written in `doc`) points at."""
        if ref.startswith("#") and doc is self.root:
            fragment = self._local(ref[1:], ref_path, doc)
            return self.root, fragment, self.root.resolve(fragment)
        uri = self._confined(ref, doc, ref_path)
        file_uri, fragment = urldefrag(uri)
        fragment = unquote(fragment)
        if file_uri == self.root_uri:
            self._local(fragment, ref_path, doc)
            return self.root, fragment, self.root.resolve(fragment)
        contents = self._lookup(uri, ref, doc, ref_path)
        return self.documents[file_uri], fragment, contents

    def _local(self, pointer: str, ref_path: tuple, doc: SpecDocument) -> str:
        """The pointer of a `#...` reference into the root document, checked.

        A `$ref` is a URI, so its fragment may be percent-encoded (`~1%7Bid%7D` for `/{id}`,
        as APIs.guru's specs write path keys); the pointer as written is tried first, for a key
        that holds a `%` itself.
        """
        for candidate in dict.fromkeys((pointer, unquote(pointer))):
            try:
                self.root.resolve(candidate)
            except KeyError:
                continue
            return candidate
        raise doc.error(
            f"$ref target #{pointer} does not exist",
            _pointer(ref_path),
            "point the $ref at an existing schema, or add the missing component",
        )

    def _confined(self, ref: str, doc: SpecDocument, ref_path: tuple) -> str:
        """The absolute file URI of `ref`, refused unless it stays inside the spec's folder."""
        parts = urlsplit(ref)
        reason = ""
        base = self._base_of(doc)
        # An absolute URI under `$self` names a local file whichever file it is written in.
        if base == self.self_uri or (self.self_uri is not None and parts.scheme):
            local = self._self_to_file(urljoin(base, ref))
            if local is not None:
                return self._inside(local, ref, doc, ref_path)
            reason = (
                f"it leaves the folder of the document's $self ({self.self_uri})"
                if not parts.scheme
                else f"it is a URL outside the document's $self ({self.self_uri}); "
                "sdkforge never fetches anything from a network"
            )
        elif parts.scheme or parts.netloc:
            reason = "it is a URL; sdkforge never fetches anything from a network"
        elif parts.path.startswith("/") or Path(url2pathname(parts.path)).is_absolute():
            reason = "it is an absolute path"
        else:
            return self._inside(urljoin(base, ref), ref, doc, ref_path)
        raise self._refused(ref, reason, doc, ref_path)

    def _inside(self, uri: str, ref: str, doc: SpecDocument, ref_path: tuple) -> str:
        """`uri` (a file URI) when its file is inside the spec's folder tree."""
        if _file_of(uri).resolve().is_relative_to(self.folder):
            return uri
        reason = f"it leaves the spec's folder ({self.folder})"
        raise self._refused(ref, reason, doc, ref_path)

    @staticmethod
    def _refused(
        ref: str, reason: str, doc: SpecDocument, ref_path: tuple
    ) -> SpecError:
        return doc.error(
            f"cannot follow $ref {ref!r}: {reason}",
            _pointer(ref_path),
            "reference a file in the spec's folder or below it, with a relative path "
            "(copy the file there if it lives elsewhere)",
        )

    def _base_of(self, doc: SpecDocument) -> str:
        """The URI `doc`'s relative `$ref`s are resolved against: the root's `$self`, else the file."""
        if doc is self.root and self.self_uri is not None:
            return self.self_uri
        return _uri_of(doc)

    def _self_to_file(self, uri: str) -> str | None:
        """The file URI a URI under `$self`'s folder stands for (None: outside it)."""
        assert self.self_uri is not None
        document, fragment = urldefrag(uri)
        if (
            document == self.self_uri
        ):  # `$self` itself names the root, whatever its file name
            return self.root_uri + (f"#{fragment}" if fragment else "")
        folder = urljoin(self.self_uri, ".")
        if not uri.startswith(folder):
            return None
        return urljoin(urljoin(self.root_uri, "."), uri[len(folder) :])

    def _lookup(self, uri: str, ref: str, doc: SpecDocument, ref_path: tuple) -> Any:
        try:
            return self.resolver.lookup(uri).contents
        except (
            referencing.exceptions.PointerToNowhere,
            referencing.exceptions.NoSuchAnchor,
        ):
            raise doc.error(
                f"cannot follow $ref {ref!r}: #{unquote(urldefrag(uri)[1])} does not exist in "
                f"{_relative(uri, self.folder)}",
                _pointer(ref_path),
                "point the $ref at an existing part of that file",
            ) from None
        except referencing.exceptions.Unresolvable as exc:
            retrieval = (
                exc.__cause__
            )  # referencing's Unretrievable, caused by our loader
            cause = retrieval.__cause__ if retrieval is not None else None
            if isinstance(cause, SpecError) and cause.message != "spec file not found":
                raise cause from None  # the referenced file is broken: its own place
            raise doc.error(
                f"cannot follow $ref {ref!r}: the file {_relative(uri, self.folder)} does not exist",
                _pointer(ref_path),
                "fix the path (relative to the file the $ref is written in) or add the file",
            ) from None

    def _retrieve(self, uri: str) -> referencing.Resource:
        """Called by `referencing` for a file it has not read yet: the bounded loader reads it."""
        if uri not in self.documents:
            self.documents[uri] = read_document(_file_of(uri))
        return referencing.Resource.opaque(self.documents[uri].data)

    # ---- importing a part of another file ------------------------------------------------

    def _import(
        self, contents: Any, file_uri: str, fragment: str, kind: RefKind
    ) -> str:
        """Copy `contents` into the root's components; the pointer it gets there."""
        doc = self.documents[file_uri]
        tokens = _split(fragment)
        name = tokens[-1] if tokens else doc.path.stem
        components = self.root.data.setdefault("components", {})
        section = components.setdefault(kind.value, {})
        unique, number = name, 1
        while unique in section:  # the documented last resort, as for class names
            number += 1
            unique = f"{name}{number}"
        section[unique] = copy.deepcopy(contents)
        pointer = f"/components/{kind.value}/{escape_token(unique)}"
        self.root.origins[pointer] = (doc, fragment)
        if doc not in self.root.sources:
            self.root.sources.append(doc)
        self.stack.append(_Visit(section[unique], doc, _path(tokens), kind))
        return pointer

    def _rewrite_mapping(self, mapping: dict, visit: _Visit) -> None:
        """Discriminator mapping values that are references point into the root document."""
        schema_visit = _Visit(None, visit.doc, visit.path, RefKind.SCHEMA)
        for tag, value in mapping.items():
            if isinstance(value, str) and _is_reference(value):
                ref_path = (((visit.path, "discriminator"), "mapping"), str(tag))
                mapping[tag] = "#" + self._target(
                    value, visit.doc, ref_path, schema_visit
                )


def bundle(document: SpecDocument) -> SpecDocument:
    """Resolve every `$ref` of the document; the external parts are copied into it."""
    Bundler(document).bundle()
    return document


def _is_reference(value: str) -> bool:
    """A discriminator mapping value that is a reference, not a bare schema name."""
    return "#" in value or "/" in value or value.endswith(_REF_LIKE_SUFFIXES)


def _split(pointer: str) -> list[str]:
    return list(JsonPointer(pointer).parts) if pointer else []


def _pointer(path: tuple) -> str:
    return "".join(f"/{escape_token(token)}" for token in _tokens(path))


def _self_uri(root: SpecDocument, root_uri: str) -> str | None:
    """The root's 3.2 `$self`, made absolute (a relative one is relative to the file), or None."""
    if not str(root.data.get("openapi", "")).startswith("3.2."):
        return None  # `$self` is new in 3.2: a 3.0/3.1 document is read as before
    value = root.data.get("$self")
    if value is None:
        return None
    if not isinstance(value, str) or not value or "#" in value:
        raise root.error(
            "`$self` must be a URI without a fragment (the document's own URI)",
            "/$self",
            "write the URI the document is published at, e.g. "
            "`$self: https://example.com/api/openapi.yaml`, or remove `$self`",
        )
    return urljoin(root_uri, value)


def _uri_of(doc: SpecDocument) -> str:
    return doc.path.resolve().as_uri()


def _file_of(uri: str) -> Path:
    return Path(url2pathname(urlsplit(uri).path))


def _relative(uri: str, folder: Path) -> str:
    path = _file_of(uri)
    try:
        return str(path.resolve().relative_to(folder))
    except ValueError:
        return str(path)

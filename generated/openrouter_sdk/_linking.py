"""How model modules get one another's classes, and how a cycle of models is validated lazily.

Model modules never import one another at the top: such imports would nest as deep as the
spec's longest chain of references. Each module ends with `link_models(__name__, {...})`,
which imports the modules it names in a flat loop and sets their classes on the module, so
that pydantic finds them when it builds the model on first use.

Where models reference one another in a cycle (Stripe's expandable fields link most of its
resources to each other), linking everything up front would import, and validating one object
would build, the whole cycle: hundreds of models for one customer. So a field that leads back
into its own cycle is `Lazy[...]`: its validator is built the first time such a field gets a
value, and the classes it names are linked "later": imported when a validator that holds
its model is built rather than when the module is imported (see `link_later_models`).
"""

from __future__ import annotations

import sys
import threading
from functools import cache
from importlib import import_module
from typing import Annotated, Any, ForwardRef, Literal, TypeVar, get_args, get_origin

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
from pydantic_core import CoreSchema, core_schema
from typing_extensions import TypeAliasType

T = TypeVar("T")

_linking = threading.local()
# {module name: {class name: relative module}}: what each module's `Lazy` fields name, and
# which of those links are still to make. Plain dict operations: a module registers itself at
# import, with its import lock held, without taking a lock of ours.
_lazy_names: dict[str, frozenset[str]] = {}
_later: dict[str, dict[str, str]] = {}
_later_lock = threading.Lock()


def link_models(
    module_name: str, names: dict[str, str], later: dict[str, str] | None = None
) -> None:
    """Give a model module the model classes it names, taken from their modules.

    ``names`` are linked now; ``later`` (the classes only its `Lazy` fields name) when a
    validator over this module's model is built. The first call on a thread imports the named
    modules one after another in a loop and links each; a call made by a module that loop
    imports only joins the queue, so imports never nest more than two deep.
    """
    if later:
        _lazy_names[module_name] = frozenset(later)
        _later[module_name] = later
    _link_all([(module_name, names)])


def link_later_models(*types: Any) -> None:
    """Make the deferred links a validator over ``types`` needs: called before it is built.

    pydantic reads the annotations of every model such a validator holds: the models of
    ``types`` and, through their modules' names, the models they nest, except behind `Lazy`
    fields. Those classes were imported with their modules; only the `Lazy` fields of these
    name classes not imported yet, and pydantic needs the classes (not their validators). So
    each build imports one ring of a cycle, the one around the models it holds.
    """
    with _later_lock:
        if not _later:
            return
        roots = _modules_of(types)
        modules = _held_modules(roots) if roots is not None else list(_later)
        _link_all([(m, _later.pop(m)) for m in modules if m in _later])


def _modules_of(types: tuple[Any, ...]) -> set[str] | None:
    """The modules defining the classes and aliases in ``types``; None: some cannot be seen."""
    modules: set[str] = set()
    pending = list(types)
    while pending:
        item = pending.pop()
        if get_origin(item) is Literal:
            continue
        if isinstance(item, (str, ForwardRef)):
            return None
        if isinstance(item, type):
            modules.update(base.__module__ for base in item.__mro__)
        elif isinstance(item, TypeAliasType) and item.__module__:
            modules.add(item.__module__)
        pending.extend(get_args(item))
    return modules


def _held_modules(roots: set[str]) -> list[str]:
    """``roots`` and the modules whose classes their modules name, transitively, not
    following names only `Lazy` fields use: what pydantic reads to build over ``roots``.
    """
    seen: set[str] = set()
    pending = sorted(roots)
    package = {name.split(".", 1)[0] for name in roots}
    while pending:
        name = pending.pop()
        module = sys.modules.get(name)
        if name in seen or module is None:
            continue
        seen.add(name)
        lazy = _lazy_names.get(name, frozenset())
        for attribute, value in vars(module).items():
            source = getattr(value, "__module__", None)
            if (
                isinstance(source, str)
                and source.split(".", 1)[0] in package
                and attribute not in lazy
                and isinstance(value, (type, TypeAliasType))
            ):
                pending.append(source)
    return sorted(seen)


def _link_all(links: list[tuple[str, dict[str, str]]]) -> None:
    queue: list[tuple[str, dict[str, str]]] | None = getattr(_linking, "queue", None)
    if queue is not None:  # already linking on this thread: join that loop
        queue.extend(links)
        return
    _linking.queue = queue = links
    try:
        while queue:
            name, wanted = queue.pop()
            module = sys.modules[name]
            for attribute, relative in wanted.items():
                source = import_module(relative, module.__package__)
                setattr(module, attribute, getattr(source, attribute))
    finally:
        _linking.queue = None


@cache
def adapter(type_: Any) -> TypeAdapter[Any]:
    """pydantic's validator and serializer for a type, built once, after the deferred links."""
    link_later_models(type_)
    return TypeAdapter(type_)


class _LazyValidation:
    """Validates and serializes a field through `adapter(<field type>)`, built on first use."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        def validate(value: Any) -> Any:
            return adapter(source).validate_python(value)

        def serialize(value: Any, info: core_schema.SerializationInfo) -> Any:
            return adapter(source).dump_python(
                value,
                mode="json" if info.mode == "json" else "python",
                by_alias=info.by_alias,
                exclude_unset=info.exclude_unset,
                exclude_defaults=info.exclude_defaults,
                exclude_none=info.exclude_none,
                round_trip=info.round_trip,
                warnings=False,
            )

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                serialize, info_arg=True
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        # Each lazy field has its own validator, so their JSON schemas would share no
        # definitions and expand the cycle without end: the field is shown as any value.
        return {}


# A field whose type leads back to its own model: `Lazy[Optional[Customer]]` is
# `Optional[Customer]` to a type checker, validated on first use at run time.
Lazy = TypeAliasType("Lazy", Annotated[T, _LazyValidation()], type_params=(T,))

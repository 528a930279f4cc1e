"""How model modules get one another's classes, and how a cycle of models is validated lazily.

Model modules never import one another at the top: such imports would nest as deep as the
spec's longest chain of references. Each module ends with `link_models(__name__, {...})`,
which imports the modules it names in a flat loop and sets their classes on the module, so
that pydantic finds them when it builds the model on first use.

Where models reference one another in a cycle (Stripe's expandable fields link most of its
resources to each other), linking everything up front would import, and validating one object
would build, the whole cycle: hundreds of models for one customer. So a field that leads back
into its own cycle is `Lazy[...]`: its validator is built the first time such a field gets a
value, and the modules it names are linked "later": imported when a model is next built
rather than when the module is imported (see `link_later_models`).
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from functools import cache
from importlib import import_module
from typing import Annotated, Any, TypeVar

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, TypeAdapter
from pydantic_core import CoreSchema, core_schema
from typing_extensions import TypeAliasType

T = TypeVar("T")

_linking = threading.local()
# (module name, {class name: relative module}) of the links still to make, in import order.
# A deque: appending (at import, with the module's import lock held) takes no lock of ours.
_later: deque[tuple[str, dict[str, str]]] = deque()
_later_lock = threading.Lock()


def link_models(
    module_name: str, names: dict[str, str], later: dict[str, str] | None = None
) -> None:
    """Give a model module the model classes it names, taken from their modules.

    ``names`` are linked now; ``later`` (the classes only its `Lazy` fields name) when a model
    is next built. The first call on a thread imports the named modules one after another in
    a loop and links each; a call made by a module that loop imports only joins the queue, so
    imports never nest more than two deep.
    """
    if later:
        _later.append((module_name, later))
    _link_all([(module_name, names)])


def link_later_models() -> None:
    """Make the links deferred so far: called before pydantic builds a validator.

    The models a validator is built over were all imported (and linked) with the module that
    asks for it; only their `Lazy` fields name classes not imported yet, and pydantic needs
    those classes (not their validators) to read the annotations. Modules imported here defer
    their own lazy links again, so each build imports one ring of the cycle, not all of it.
    """
    # Held while importing, so that a second thread building at the same time waits for
    # the links instead of finding the queue empty and building without them.
    with _later_lock:
        batch = []
        while _later:
            batch.append(_later.popleft())
        _link_all(batch)


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
    link_later_models()
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

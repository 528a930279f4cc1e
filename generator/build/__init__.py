"""Raw OpenAPI document -> the model of the API (`sdkforge.api`).

This is the one place that interprets schemas; everything downstream reads the result.
- `predicates`: pure questions about one schema (is it null, a reference, a model?)
- `namer`: class names, claimed first come first served, and where an inline schema sits
- `models`: schemas -> types and named models (object, enum, union)
- `operations`: paths -> operations, their parameters, bodies, responses and `{Op}` models
- `streams`: `text/event-stream` responses
- `security`: security schemes and requirements
- `pagination`: which list operations return pages, and how they ask for the next one
"""

from __future__ import annotations

from dataclasses import replace

from .. import api
from ..spec.load import SpecDocument
from .models import ModelBuilder
from .namer import Namer
from .operations import (
    OperationBuilder,
    build_webhook_payloads,
    error_response_components,
    servers,
)
from .pagination import paginate
from .security import requirements, security_schemes

__all__ = ["build_api"]


# Real specs agree after one extra pass; the bound keeps a pathological one from looping.
MAX_EXTRA_PASSES = 2


def build_api(doc: SpecDocument) -> api.Api:
    """Interpret a loaded, structurally valid document. Raises SpecError with a pointer.

    Built two to four times: the first pass finds the short names more than one inline schema
    wants and which of them operations use (`Namer.short_name_owners`, `numbered_short_names`),
    the names made of a word more than one schema wants (`contested_names`) and the prefixed
    names more than one wants (`numbered_names`); the next gives every schema its final name,
    unless its names gave schemas new roots (a union that lost its short name lends its
    members its prefix) and so new names that more than one wants: then another pass counts
    those too, until a pass finds what the one before it did.
    """
    first = Namer()
    used = _used_models(doc, _build(doc, first))
    found = first.findings(used, doc.position_of)
    namer = Namer(found)
    model_api = _build(doc, namer)
    for _ in range(MAX_EXTRA_PASSES):
        again = replace(
            found,
            numbered=namer.numbered_names(doc.position_of),
            contested=found.contested | namer.contested_names(),
        )
        if again == found:
            break
        found = again
        namer = Namer(found)
        model_api = _build(doc, namer)
    return model_api


def _used_models(doc: SpecDocument, model_api: api.Api) -> set[str]:
    """The models some operation sends or receives, followed through fields and members; an
    operation marked `x-speakeasy-ignore` does not count (the reference generator skips it).
    """
    # the diff's index of which operation uses which model (imported here: it imports build/)
    from ..changes.usage import Reach, Version

    kept = tuple(
        op
        for op in model_api.operations
        if (doc.resolve(op.pointer) or {}).get("x-speakeasy-ignore") is not True
    )
    reach = Reach(Version.of(replace(model_api, operations=kept)))
    return set(reach.sides_by_model())


def _build(doc: SpecDocument, namer: Namer) -> api.Api:
    models = ModelBuilder(doc, namer)
    models.build_components(error_response_components(doc))
    operations = OperationBuilder(models).build()
    # models only: the API calls webhooks, the client does not
    build_webhook_payloads(models)
    models.drain()
    models.resolve_discriminators()
    operations = [paginate(doc, models.models, op) for op in operations]
    aliases = models.component_aliases()
    info = doc.data.get("info") or {}
    schemes = security_schemes(doc)
    return api.Api(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=info.get("description"),
        servers=tuple(servers(doc)),
        models=tuple(models.models.values()),
        operations=tuple(operations),
        aliases=tuple(aliases),
        extensions=tuple(
            k for k in doc.data if isinstance(k, str) and k.startswith("x-")
        ),
        security_schemes=schemes,
        security=requirements(doc.data.get("security"), schemes),
    )

"""Security schemes and requirements: `components.securitySchemes` and the `security` lists."""

from __future__ import annotations

from typing import Any

from .. import api
from ..spec.load import SpecDocument

_LOCATIONS: tuple[api.ParameterLocation, ...] = ("header", "query", "cookie")


def security_schemes(doc: SpecDocument) -> tuple[api.SecurityScheme, ...]:
    declared = (doc.data.get("components") or {}).get("securitySchemes") or {}
    if not isinstance(declared, dict):
        return ()
    return tuple(
        _scheme(str(name), raw, f"/components/securitySchemes/{name}", doc)
        for name, raw in declared.items()
        if isinstance(raw, dict)
    )


def _scheme(
    name: str, raw: dict, pointer: str, doc: SpecDocument
) -> api.SecurityScheme:
    kind = raw.get("type")
    description = raw.get("description")
    description = str(description) if description is not None else None
    if kind == "apiKey":
        location = raw.get("in")
        if location not in _LOCATIONS or not isinstance(raw.get("name"), str):
            raise doc.error(
                "an apiKey scheme needs `in` (header, query or cookie) and `name`",
                pointer,
                "add the missing keys",
            )
        return api.SecurityScheme(
            name, api.SecurityKind.API_KEY, location, raw["name"], None, description
        )
    if kind == "http" and str(raw.get("scheme", "")).lower() == "basic":
        return api.SecurityScheme(name, api.SecurityKind.BASIC, description=description)
    token_url = _client_credentials_url(raw) if kind == "oauth2" else None
    if token_url is not None:
        return api.SecurityScheme(
            name,
            api.SecurityKind.OAUTH2_CLIENT_CREDENTIALS,
            token_url=token_url,
            description=description,
        )
    # http bearer (and any other http scheme), openIdConnect, oauth2 without client credentials:
    # the caller brings a token.
    return api.SecurityScheme(name, api.SecurityKind.BEARER, description=description)


def _client_credentials_url(raw: dict) -> str | None:
    flow = (raw.get("flows") or {}).get("clientCredentials")
    url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    return str(url) if url else None


def requirements(
    raw: Any, schemes: tuple[api.SecurityScheme, ...]
) -> api.SecurityRequirements:
    """A `security` list as alternatives of scheme names.

    A name no scheme declares stands for the primary credential (the first bearer or apiKey
    scheme), as OpenRouter's spec writes `apiKey` for its `bearer` scheme.
    """
    declared = {scheme.name for scheme in schemes}
    primary = next(
        (
            s.name
            for s in schemes
            if s.kind in (api.SecurityKind.BEARER, api.SecurityKind.API_KEY)
        ),
        None,
    )
    alternatives = []
    for requirement in raw if isinstance(raw, list) else []:
        if not isinstance(requirement, dict):
            continue
        names = [n if n in declared else primary for n in map(str, requirement)]
        alternatives.append(tuple(dict.fromkeys(n for n in names if n is not None)))
    return tuple(alternatives)

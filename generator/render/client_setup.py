"""What the `Client` constructor takes: one credential keyword per security scheme, the servers,
and the prefix of the environment variables it reads."""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import api
from ..naming import python_field_name
from .pysyntax import py_string


@dataclass(frozen=True)
class SchemeView:
    name: str  # Python literal of the scheme's name in the spec
    keyword: str  # the Client keyword carrying its credential
    annotation: str
    declaration: str  # the runtime `Scheme(...)` expression
    from_env: bool  # the keyword defaults to <PREFIX>_API_KEY
    description: str | None


# Client keywords besides the credentials; a scheme named like one gets a trailing `_`.
CLIENT_KEYWORDS = frozenset(
    {"self", "api_key", "base_url", "http_client", "timeout", "max_retries"}
    | {"server_url", "server", "server_variables", "default_headers"}
)
_CREDENTIAL_TYPES = {
    api.SecurityKind.BEARER: "Optional[str]",
    api.SecurityKind.API_KEY: "Optional[str]",
    api.SecurityKind.BASIC: "Optional[tuple[str, str]]",
    api.SecurityKind.OAUTH2_CLIENT_CREDENTIALS: "Optional[tuple[str, str] | str]",
}
# A spec that declares no scheme keeps the client's historical `api_key` sent as a bearer token.
_DEFAULT_SCHEME = api.SecurityScheme("bearer", api.SecurityKind.BEARER)


def security_views(
    model_api: api.Api,
) -> tuple[list[SchemeView], api.SecurityRequirements]:
    """One Client keyword per scheme (the first bearer/apiKey one is `api_key`), and the global requirements."""
    schemes = list(model_api.security_schemes) or [_DEFAULT_SCHEME]
    security = model_api.security if model_api.security_schemes else (("bearer",),)
    primary = next(
        (
            s
            for s in schemes
            if s.kind in (api.SecurityKind.BEARER, api.SecurityKind.API_KEY)
        ),
        None,
    )
    taken = set(CLIENT_KEYWORDS)
    views = []
    for scheme in schemes:
        keyword_name = (
            "api_key" if scheme is primary else python_field_name(scheme.name)
        )
        while scheme is not primary and (
            keyword_name in taken or keyword.iskeyword(keyword_name)
        ):
            keyword_name += "_"
        taken.add(keyword_name)
        views.append(
            SchemeView(
                name=py_string(scheme.name),
                keyword=keyword_name,
                annotation=_CREDENTIAL_TYPES[scheme.kind],
                declaration=_declaration(scheme),
                from_env=scheme is primary,
                description=" ".join((scheme.description or "").split()) or None,
            )
        )
    return views, security


def _declaration(scheme: api.SecurityScheme) -> str:
    arguments = [f"SchemeKind.{scheme.kind.name}"]
    if scheme.kind == api.SecurityKind.API_KEY:
        arguments += [py_string(scheme.location), py_string(scheme.parameter)]
    if scheme.token_url is not None:
        arguments.append(f"token_url={py_string(scheme.token_url)}")
    return f"Scheme({', '.join(arguments)})"


def requirements_literal(requirements: api.SecurityRequirements) -> str:
    alternatives = "".join(
        "(" + "".join(py_string(name) + ", " for name in alternative) + "), "
        for alternative in requirements
    )
    return f"({alternatives})".replace(", )", ",)")


def server_declarations(servers: tuple[api.Server, ...]) -> list[str]:
    """One runtime `Server(...)` expression per spec server, its variables with their enums."""
    declarations = []
    for server in servers or (api.Server(url="/", template="/"),):
        variables = [
            f"ServerVariable({py_string(v.name)}, {py_string(v.default)}"
            + (f", {_tuple_literal(v.allowed)})" if v.allowed else ")")
            for v in server.variables
        ]
        url = py_string(server.template or server.url)
        declarations.append(
            f"Server({url}, {_tuple_literal(variables, quote=False)})"
            if variables
            else f"Server({url})"
        )
    return declarations


def _tuple_literal(items: Sequence[str], quote: bool = True) -> str:
    """A tuple as black writes it on one line: `(a,)` for one item, `(a, b)` for more."""
    texts = [py_string(item) if quote else item for item in items]
    return f"({texts[0]},)" if len(texts) == 1 else f"({', '.join(texts)})"


def default_env_prefix(title: str, package: str) -> str:
    """The first word of `info.title`, upper-cased (`OpenRouter API` -> `OPENROUTER`)."""
    word = re.match(r"[^A-Za-z0-9]*([A-Za-z0-9]+)", title)
    prefix = (word.group(1) if word else package).upper()
    return "_" + prefix if prefix[0].isdigit() else prefix

"""The client's base URL: an explicit URL, one of the spec's servers with its variables, or the environment.

Precedence, first match wins:
1. `base_url=` (or its synonym `server_url=`; giving both is an error);
2. `server=<index>` and/or `server_variables={...}`: that server of the spec (index 0 when only variables
   are given), each `{variable}` from `server_variables` or else the spec's default; a variable with an
   `enum` accepts only those values;
3. the environment variable `<PREFIX>_BASE_URL`;
4. the spec's first server with its defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ServerVariable:
    name: str
    default: str
    allowed: tuple[str, ...] = ()  # the spec's `enum`; empty: any value


@dataclass(frozen=True)
class Server:
    url: str  # as the spec writes it, `{name}` for each variable
    variables: tuple[ServerVariable, ...] = ()


def fill_server(
    servers: Sequence[Server], index: int, values: Mapping[str, str] | None = None
) -> str:
    """The URL of `servers[index]`, its variables filled from `values`, else their defaults."""
    if not 0 <= index < len(servers):
        raise ValueError(
            f"server={index} does not exist: the API lists {len(servers)} server(s), "
            f"use an index from 0 to {len(servers) - 1}"
        )
    server = servers[index]
    given = dict(values or {})
    known = {variable.name for variable in server.variables}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(
            f"server {index} ({server.url}) has no variable {unknown[0]!r}; "
            f"its variables: {', '.join(sorted(known)) or 'none'}"
        )
    url = server.url
    for variable in server.variables:
        value = str(given.get(variable.name, variable.default))
        if (
            variable.name in given
            and variable.allowed
            and value not in variable.allowed
        ):
            raise ValueError(
                f"server variable {variable.name!r} cannot be {value!r}; "
                f"allowed values: {', '.join(variable.allowed)}"
            )
        url = url.replace("{" + variable.name + "}", value)
    return url


def choose_base_url(
    servers: Sequence[Server],
    env_var: str,
    *,
    base_url: str | None = None,
    server_url: str | None = None,
    server: int | None = None,
    server_variables: Mapping[str, str] | None = None,
) -> str:
    """The client's base URL by the precedence in this module's docstring."""
    explicit = [value for value in (base_url, server_url) if value is not None]
    if len(explicit) == 2:
        raise ValueError(
            "base_url and server_url name the same setting; pass only one of them"
        )
    if explicit and (server is not None or server_variables):
        raise ValueError(
            "pass either a URL (base_url/server_url) or server/server_variables, not both"
        )
    if explicit:
        return explicit[0]
    if server is not None or server_variables:
        return fill_server(servers, server or 0, server_variables)
    from_env = os.environ.get(env_var)
    if from_env:
        return from_env
    return fill_server(servers, 0) if servers else "/"

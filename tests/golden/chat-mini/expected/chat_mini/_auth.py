"""Security schemes: bearer, basic, API keys (header, query, cookie), OAuth2 client credentials.

The generated client declares its schemes (`Scheme`) and each operation its requirements (alternatives,
each a tuple of scheme names, `()` meaning none needed); `Credentials.choose` takes the first alternative
the client has every credential for, and `apply` puts them on the request. OAuth2 client-credentials
tokens are fetched from the scheme's token URL, cached until shortly before they expire, and dropped
after a 401 so that the request is retried once with a fresh one.
"""

from __future__ import annotations

import base64
import enum
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from ._params import RequestParts

# A token is renewed this many seconds before the server says it expires.
EXPIRY_MARGIN = 30.0


class SchemeKind(enum.Enum):
    BEARER = "bearer"  # http bearer, openIdConnect, oauth2 without client credentials
    BASIC = "basic"
    API_KEY = "apiKey"
    OAUTH2_CLIENT_CREDENTIALS = "oauth2ClientCredentials"


@dataclass(frozen=True)
class Scheme:
    kind: SchemeKind
    location: str = "header"  # apiKey: header, query or cookie
    parameter: str = "Authorization"  # apiKey: the header, query or cookie name
    token_url: str | None = None  # oauth2 client credentials
    scopes: tuple[str, ...] = ()


Requirements = Sequence[Sequence[str]]


def check_credential(name: str, value: str) -> str:
    """Reject line breaks (a key read from a file with its newline) without echoing the secret."""
    if "\r" in value or "\n" in value:
        raise ValueError(
            f"the credential {name!r} contains a line break; strip it (e.g. .strip())"
        )
    return value


class Credentials:
    """What the client was given for each scheme, and the OAuth2 token cache."""

    def __init__(
        self, schemes: Mapping[str, Scheme], values: Mapping[str, Any]
    ) -> None:
        self.schemes = dict(schemes)
        self.values = {name: v for name, v in values.items() if v is not None}
        for name, value in self.values.items():
            parts = value if isinstance(value, tuple) else (value,)
            for part in parts:
                check_credential(name, str(part))
        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def choose(self, requirements: Requirements) -> tuple[str, ...]:
        """The first alternative every credential of which was given (none: send without auth)."""
        for alternative in requirements:
            if all(name in self.values for name in alternative):
                return tuple(alternative)
        return ()

    def uses_token(self, chosen: Sequence[str]) -> bool:
        return any(self._needs_token(name) for name in chosen)

    def _needs_token(self, name: str) -> bool:
        scheme = self.schemes[name]
        return scheme.kind == SchemeKind.OAUTH2_CLIENT_CREDENTIALS and isinstance(
            self.values[name], tuple
        )

    def apply(
        self,
        chosen: Sequence[str],
        parts: RequestParts,
        http: httpx.Client,
        base_url: str,
    ) -> None:
        for name in chosen:
            token = (
                self._token(name, http, base_url) if self._needs_token(name) else None
            )
            self._put(name, parts, token)

    async def aapply(
        self,
        chosen: Sequence[str],
        parts: RequestParts,
        http: httpx.AsyncClient,
        base_url: str,
    ) -> None:
        for name in chosen:
            token = (
                await self._atoken(name, http, base_url)
                if self._needs_token(name)
                else None
            )
            self._put(name, parts, token)

    def forget_tokens(self, chosen: Sequence[str]) -> None:
        """After a 401: the next request fetches new tokens."""
        with self._lock:
            for name in chosen:
                self._tokens.pop(name, None)

    def _put(self, name: str, parts: RequestParts, token: str | None) -> None:
        scheme, value = self.schemes[name], self.values[name]
        if scheme.kind == SchemeKind.BASIC:
            user, password = value
            pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            parts.header("Authorization", f"Basic {pair}")
        elif scheme.kind == SchemeKind.API_KEY:
            getattr(parts, scheme.location)(scheme.parameter, str(value))
        else:
            parts.header(
                "Authorization", f"Bearer {token if token is not None else value}"
            )

    def _cached(self, name: str) -> str | None:
        with self._lock:
            cached = self._tokens.get(name)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        return None

    def _token_request(self, name: str, base_url: str) -> tuple[str, dict[str, str]]:
        """The token URL (a relative one is relative to the server) and the form to post."""
        scheme = self.schemes[name]
        client_id, client_secret = self.values[name]
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        if scheme.scopes:
            form["scope"] = " ".join(scheme.scopes)
        url = scheme.token_url or ""
        return (url if "://" in url else base_url + "/" + url.lstrip("/")), form

    def _store(self, name: str, response: httpx.Response) -> str:
        if response.status_code >= 400:
            raise httpx.HTTPStatusError(
                f"the token endpoint answered {response.status_code}",
                request=response.request,
                response=response,
            )
        payload = response.json()
        token = str(payload["access_token"])
        lifetime = float(payload.get("expires_in") or 3600)
        with self._lock:
            self._tokens[name] = (token, time.monotonic() + lifetime - EXPIRY_MARGIN)
        return token

    def _token(self, name: str, http: httpx.Client, base_url: str) -> str:
        cached = self._cached(name)
        if cached is not None:
            return cached
        url, form = self._token_request(name, base_url)
        return self._store(name, http.post(url, data=form))

    async def _atoken(self, name: str, http: httpx.AsyncClient, base_url: str) -> str:
        cached = self._cached(name)
        if cached is not None:
            return cached
        url, form = self._token_request(name, base_url)
        return self._store(name, await http.post(url, data=form))

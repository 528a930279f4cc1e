"""Security schemes on the wire: bearer, basic, API keys in header/query/cookie, OAuth2 client credentials,
global and per-operation requirements, alternatives, and the environment variables.

Generated from tests/client/features/spec.yaml (title "Features API": FEATURES_API_KEY, FEATURES_BASE_URL).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.config import ConfigError, load_settings
from starlette.responses import JSONResponse, Response

from . import wire
from .wire import BOTH, FEATURES_SPEC, Recorded, generate_sdk

feature_sdk = wire.feature_sdk  # the fixtures `sdk` and `recorder`
feature_recorder = wire.feature_recorder


def client_call(
    sdk: ModuleType, recorder: Any, asynchronous: bool, method: str, **credentials: Any
) -> Any:
    """`client.auth.<method>()` on a client built with `credentials`."""
    base_url = recorder.url + "/v1"
    if not asynchronous:
        with sdk.Client(base_url=base_url, **credentials) as client:
            return getattr(client.auth, method)()

    async def run() -> Any:
        async with sdk.AsyncClient(base_url=base_url, **credentials) as client:
            return await getattr(client.auth, method)()

    return asyncio.run(run())


@BOTH
def test_global_security_sends_the_bearer_token(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    client_call(sdk, recorder, asynchronous, "auth_default", api_key="k-1")
    assert recorder.last.header("authorization") == "Bearer k-1"
    assert recorder.last.header("x-api-key") is None


@BOTH
def test_the_first_alternative_with_credentials_is_used(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    client_call(sdk, recorder, asynchronous, "auth_default", api_key_header="h-1")
    assert recorder.last.header("x-api-key") == "h-1"
    assert recorder.last.header("authorization") is None


@BOTH
def test_an_empty_requirement_sends_no_credentials(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    client_call(sdk, recorder, asynchronous, "auth_none", api_key="k-1")
    assert recorder.last.header("authorization") is None


@BOTH
def test_basic_auth(sdk: ModuleType, recorder: Any, asynchronous: bool) -> None:
    client_call(
        sdk, recorder, asynchronous, "auth_basic", basic_auth=("user", "pass:word")
    )
    assert recorder.last.header("authorization") == "Basic dXNlcjpwYXNzOndvcmQ="


@BOTH
def test_api_keys_in_query_and_cookie_are_both_sent(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    client_call(
        sdk,
        recorder,
        asynchronous,
        "auth_keys",
        api_key_query="q 1",
        api_key_cookie="c-1",
    )
    assert recorder.last.target == "/v1/auth/keys?key=q%201"
    assert recorder.last.header("cookie") == "session=c-1"


def test_api_key_and_base_url_come_from_the_environment(
    sdk: ModuleType, recorder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEATURES_API_KEY", "env-key")
    monkeypatch.setenv("FEATURES_BASE_URL", recorder.url + "/v1")
    with sdk.Client() as client:
        client.auth.auth_default()
    assert recorder.last.header("authorization") == "Bearer env-key"
    with sdk.Client(api_key="given") as client:
        client.auth.auth_default()
    assert recorder.last.header("authorization") == "Bearer given"


def test_a_credential_with_a_line_break_is_refused_without_showing_it(
    sdk: ModuleType,
) -> None:
    with pytest.raises(ValueError) as caught:
        sdk.Client(api_key="secret-123\n", base_url="http://127.0.0.1:1")
    assert "secret-123" not in str(caught.value)
    assert "line break" in str(caught.value)


class TokenServer:
    """/token issues t1, t2, ...; /auth/oauth answers 401 once when told to."""

    def __init__(self) -> None:
        self.issued = 0
        self.forms: list[str] = []
        self.reject_next = False

    def token(self, recorded: Recorded) -> Response:
        self.issued += 1
        self.forms.append(recorded.body.decode())
        return JSONResponse({"access_token": f"t{self.issued}", "expires_in": 3600})

    def api(self, recorded: Recorded) -> Response:
        if self.reject_next:
            self.reject_next = False
            return JSONResponse({"error": {"message": "expired"}}, status_code=401)
        return JSONResponse({"authorization": recorded.header("authorization")})


@BOTH
def test_oauth2_client_credentials_fetch_cache_and_refresh_on_401(
    sdk: ModuleType, recorder: Any, asynchronous: bool
) -> None:
    tokens = TokenServer()
    recorder.answers.update({"/v1/token": tokens.token, "/v1/auth/oauth": tokens.api})
    try:
        base_url = recorder.url + "/v1"

        def three_calls(client: Any) -> list[Any]:
            first = client.auth.auth_oauth()
            second = client.auth.auth_oauth()
            tokens.reject_next = True
            return [first, second, client.auth.auth_oauth()]

        async def athree_calls(client: Any) -> list[Any]:
            first = await client.auth.auth_oauth()
            second = await client.auth.auth_oauth()
            tokens.reject_next = True
            return [first, second, await client.auth.auth_oauth()]

        if asynchronous:

            async def run() -> list[Any]:
                async with sdk.AsyncClient(
                    base_url=base_url, oauth=("id-1", "s 1")
                ) as client:
                    return await athree_calls(client)

            asyncio.run(run())
        else:
            with sdk.Client(base_url=base_url, oauth=("id-1", "s 1")) as client:
                three_calls(client)
        assert tokens.issued == 2  # one for the first two calls, one after the 401
        assert (
            tokens.forms[0]
            == "grant_type=client_credentials&client_id=id-1&client_secret=s+1"
        )
        assert recorder.requests[-1].header("authorization") == "Bearer t2"
        assert (
            recorder.requests[-3].header("authorization") == "Bearer t1"
        )  # the rejected try
    finally:
        recorder.answers.clear()


def test_the_env_prefix_setting_names_the_variables(
    tmp_path: Path, recorder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = generate_sdk(FEATURES_SPEC, tmp_path / "out", "acme_sdk", env_prefix="ACME")
    monkeypatch.setenv("ACME_API_KEY", "acme-key")
    monkeypatch.setenv("ACME_BASE_URL", recorder.url + "/v1")
    monkeypatch.setenv("FEATURES_API_KEY", "not-this-one")
    with acme.Client() as client:
        client.auth.auth_default()
    assert recorder.last.header("authorization") == "Bearer acme-key"


def test_a_bad_env_prefix_is_refused() -> None:
    with pytest.raises(ConfigError, match="env-prefix"):
        load_settings({"env_prefix": "acme-1"})

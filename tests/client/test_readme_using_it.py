"""The README's "Using it" snippets run against the features SDK (tests/client/features/spec.yaml) and a
loopback server that records the wire: calling an operation with per-call options, uploads, credentials
and environment variables. ("Servers, headers and uploads" runs in test_servers.py.)
"""

from __future__ import annotations

import base64
import json
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.responses import JSONResponse, Response

from .wire import Recorded, feature_recorder, feature_sdk  # noqa: F401 (fixtures)

README = Path(__file__).resolve().parents[2] / "README.md"


def snippets(heading: str) -> list[str]:
    """The python blocks of a `### heading` section, dedented (some sit in list items)."""
    section = README.read_text("utf-8").split(f"\n### {heading}\n", 1)[1]
    section = section.split("\n### ", 1)[0].split("\n## ", 1)[0]
    blocks = section.split("```python\n")[1:]
    return [textwrap.dedent(block.split("```", 1)[0]) for block in blocks]


def test_calling_an_operation_and_uploads(
    sdk: ModuleType, recorder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls, uploads = snippets("Calling an operation")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    first = len(recorder.requests)
    with sdk.Client(base_url=recorder.url + "/v1") as client:
        exec(calls, {"client": client})
        exec(uploads, {"client": client})
    made = recorder.requests[first:]
    assert [(r.method, r.target) for r in made] == [
        ("POST", "/v1/items/a%2F1"),
        ("POST", "/v1/items/1?debug=true"),
        ("POST", "/v1/upload"),
        ("POST", "/v1/upload"),
    ]
    assert json.loads(made[0].body) == {
        "name": "lamp",
        "size": "big",
        "owner": {"name": "Ann"},
        "note": None,
    }
    assert json.loads(made[1].body) == {
        "name": "lamp",
        "size": "big",
        "beta": {"on": True},
    }
    assert made[1].header("x-feature") == "beta"
    assert b'filename="report.pdf"' in made[2].body and b"%PDF-1.7" in made[2].body
    assert (
        b'filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nhello' in made[3].body
    )


def test_credentials_and_environment_variables(
    sdk: ModuleType, recorder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (snippet,) = snippets("Credentials and environment variables")
    monkeypatch.setenv("FEATURES_API_KEY", "unused")  # the snippet sets both itself
    monkeypatch.setenv("FEATURES_BASE_URL", "unused")

    def token(recorded: Recorded) -> Response:
        return JSONResponse({"access_token": "tok-1", "expires_in": 3600})

    recorder.answers["/v1/token"] = token
    first = len(recorder.requests)
    try:
        exec(snippet, {"BASE_URL": recorder.url + "/v1"})
    finally:
        recorder.answers.pop("/v1/token")
    made = recorder.requests[first:]
    assert [r.target for r in made] == [
        "/v1/auth/default",
        "/v1/auth/basic",
        "/v1/auth/keys?page=2&key=qk",
        "/v1/token",
        "/v1/auth/oauth",
    ]
    assert made[0].header("authorization") == "Bearer sk-env"
    basic = base64.b64encode(b"ann:s3cret").decode()
    assert made[1].header("authorization") == f"Basic {basic}"
    assert made[2].header("cookie") == "session=ck"
    assert b"client_id=my-id" in made[3].body
    assert made[4].header("authorization") == "Bearer tok-1"

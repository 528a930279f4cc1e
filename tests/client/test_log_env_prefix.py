"""The logging variable follows `env-prefix`: `<PREFIX>_LOG`, like `<PREFIX>_API_KEY`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from starlette.responses import JSONResponse
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

from client.wire import generate_sdk

SPEC = Path(__file__).resolve().parent / "content_types" / "spec.yaml"


async def _report(request: object) -> JSONResponse:
    return JSONResponse({"title": "Q3"}, headers={"x-request-id": "req-9"})


def test_the_log_variable_takes_the_configured_prefix(tmp_path, monkeypatch, caplog):
    sdk = generate_sdk(SPEC, tmp_path / "out", "acme_logs", env_prefix="ACME")
    # The title's first word would give FILES_LOG: that one no longer turns logging on.
    monkeypatch.setenv("FILES_LOG", "info")
    logger = logging.getLogger("acme_logs")
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    with LoopbackServer(lifetime=60, routes=[Route("/{rest:path}", _report)]) as server:
        sdk.Client(base_url=server.url).files.get_report()
        assert logger.level == logging.NOTSET  # records reach caplog only when enabled
        monkeypatch.setenv("ACME_LOG", "info")
        sdk.Client(base_url=server.url).files.get_report()
        assert logger.level == logging.INFO
    infos = [r.getMessage() for r in caplog.records if r.name == "acme_logs"]
    assert len(infos) == 1 and "GET" in infos[0] and "req-9" in infos[0]


@pytest.mark.parametrize("prefix", [None, "ACME"])
def test_the_client_names_its_variable(tmp_path, prefix):
    settings = {"env_prefix": prefix} if prefix else {}
    package = f"logs_{(prefix or 'default').lower()}"
    sdk = generate_sdk(SPEC, tmp_path / "out", package, **settings)
    expected = f"{prefix or 'FILES'}_LOG"
    assert sdk.Client._log_env_var == sdk.AsyncClient._log_env_var == expected

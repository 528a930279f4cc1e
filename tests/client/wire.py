"""A loopback server that records each request's exact bytes, and a generator of SDKs for the client tests.

Every request is answered with an `Echo`: the method, the raw request target (path and query string as
sent), the headers in order and the body as latin-1 text (so every byte survives JSON).
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sdkforge.config import load_settings
from sdkforge.output import write_tree
from sdkforge.pipeline import generate_files
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from streaming.sse_server import LoopbackServer

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@dataclass
class Recorded:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = [v for k, v in self.headers if k == name.lower()]
        return values[-1] if values else None


@dataclass
class Recorder:
    requests: list[Recorded] = field(default_factory=list)
    # path -> a function answering instead of the echo (for downloads, errors, token endpoints).
    answers: dict[str, Any] = field(default_factory=dict)
    url: str = ""  # where it serves, once `serving()`

    @contextmanager
    def serving(self) -> Iterator[Recorder]:
        """Serve on a loopback port (at `self.url`) until the block ends."""
        with self.server() as server:
            self.url = server.url
            yield self

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    async def endpoint(self, request: Request) -> Response:
        scope = request.scope
        query = scope["query_string"].decode("latin-1")
        target = scope["raw_path"].decode("latin-1") + ("?" + query if query else "")
        recorded = Recorded(
            request.method,
            target,
            [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]],
            await request.body(),
        )
        self.requests.append(recorded)
        answer = self.answers.get(scope["path"])
        if answer is not None:
            return answer(recorded)
        return JSONResponse(
            {
                "method": recorded.method,
                "target": recorded.target,
                "headers": dict(recorded.headers),
                "body": recorded.body.decode("latin-1"),
            }
        )

    def server(self) -> LoopbackServer:
        return LoopbackServer(
            lifetime=120, routes=[Route("/{rest:path}", self.endpoint, methods=METHODS)]
        )


def generate_sdk(spec: Path, out: Path, package: str, **settings: Any) -> ModuleType:
    """Generate `spec` into `out` with sdkforge's own pipeline and import the package."""
    write_tree(
        out,
        generate_files(
            load_settings({"spec": spec, "out": out, "package": package, **settings})
        ).files,
    )
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return importlib.import_module(package)


FEATURES_SPEC = Path(__file__).parent / "features" / "spec.yaml"


@pytest.fixture(scope="session", name="sdk")
def feature_sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The SDK of tests/client/features/spec.yaml (every request-side feature)."""
    out = tmp_path_factory.mktemp("features") / "out"
    return generate_sdk(FEATURES_SPEC, out, "features_sdk")


@pytest.fixture(scope="session", name="recorder")
def feature_recorder() -> Iterator[Recorder]:
    with Recorder().serving() as recorder:
        yield recorder


def call(
    sdk: ModuleType,
    recorder: Any,
    asynchronous: bool,
    group: str,
    method: str,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """Call one operation through Client or AsyncClient against the recorder."""
    if not asynchronous:
        with sdk.Client(base_url=recorder.url + "/v1") as client:
            return getattr(getattr(client, group), method)(*args, **kwargs)

    async def run() -> Any:
        async with sdk.AsyncClient(base_url=recorder.url + "/v1") as client:
            return await getattr(getattr(client, group), method)(*args, **kwargs)

    return asyncio.run(run())


BOTH = pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])

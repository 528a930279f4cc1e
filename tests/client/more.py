"""The SDK of tests/client/more_features/spec.yaml and a loopback recorder for it (shared fixtures).

The spec covers what tests/client/features/spec.yaml does not: servers with variables, multipart
`encoding` and `contentMediaType` files, nested objects as TypedDicts, and streams without a declared
sentinel (a union of event types, an event-stream-only operation, a binary download).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .wire import Recorder, generate_sdk

MORE_SPEC = Path(__file__).parent / "more_features" / "spec.yaml"
PACKAGE = "more_sdk"


@pytest.fixture(scope="session", name="more")
def more_sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("more_features") / "out"
    return generate_sdk(MORE_SPEC, out, PACKAGE)


@pytest.fixture(name="recorder")
def more_recorder() -> Iterator[Recorder]:
    """A fresh recorder per test (tests set their own answers)."""
    with Recorder().serving() as recorder:
        yield recorder


def run(
    sdk: ModuleType,
    asynchronous: bool,
    action: Callable[[Any], Any],
    collect: Callable[[Any], Any] = lambda result: result,
    **client_options: Any,
) -> Any:
    """`action(client)` on a Client or an AsyncClient built with `client_options`; `collect` turns
    the result into plain values (it may iterate a stream: an async one is drained first).
    """
    if not asynchronous:
        with sdk.Client(**client_options) as client:
            return collect(action(client))

    async def go() -> Any:
        async with sdk.AsyncClient(**client_options) as client:
            result = await action(client)
            if hasattr(result, "__aiter__"):
                result = [item async for item in result]
            return collect(result)

    return asyncio.run(go())

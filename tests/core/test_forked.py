"""`ForkedCall`: the docs render in a forked child; its answer, its failures and its end."""

from __future__ import annotations

import os
import sys
import time

import pytest
from sdkforge.forked import ForkedCall
from sdkforge.spec import SpecError

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="children are forked on Linux only"
)


def test_the_call_runs_in_a_child_and_its_result_comes_back() -> None:
    parent = os.getpid()
    with ForkedCall(
        lambda: (os.getpid(), {"docs/a.md": "# A\n" * 10_000}), True
    ) as call:
        child, pages = call.result()
    assert child != parent
    assert pages == {"docs/a.md": "# A\n" * 10_000}


def test_not_in_a_child_the_call_runs_here_when_asked() -> None:
    calls: list[int] = []
    call = ForkedCall(lambda: calls.append(os.getpid()) or "done", False)
    assert calls == []
    assert call.result() == "done"
    assert calls == [os.getpid()]


def test_a_failure_in_the_child_is_raised_here_as_it_is() -> None:
    """Pickling would lose the place a SpecError names: the call is made again here."""
    calls: list[int] = []

    def fail() -> None:
        calls.append(os.getpid())
        raise SpecError("unknown type 'strnig'", file="spec.yaml", line=12)

    with pytest.raises(SpecError) as raised, ForkedCall(fail, True) as call:
        call.result()
    assert raised.value.line == 12 and raised.value.file == "spec.yaml"
    assert calls == [os.getpid()]  # the child's call appended to the child's copy


def test_leaving_early_ends_the_child() -> None:
    """The Python modules fail to render while the docs render: the child must not live on."""
    with pytest.raises(RuntimeError), ForkedCall(lambda: time.sleep(60), True) as call:
        process = call._process
        assert process is not None and process.is_alive()
        raise RuntimeError("the client failed to render")
    assert process.exitcode is not None  # ended (and reaped), not left sleeping

"""End-to-end golden records: what `sdkforge generate` wrote and committed is what it writes now.

The records are written only by the generator's own command (see each test's fix hint)
and reviewed in the diff like code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

GOLDEN = REPO / "tests" / "golden"


def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sdkforge.cli", "check", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_committed_generated_tree_matches_the_default_spec():
    result = _check()
    assert result.returncode == 0, (
        "generated/ is stale; run `sdkforge generate` and review the diff\n"
        + result.stdout[-3000:]
        + result.stderr
    )
    assert "up to date" in result.stdout


def test_small_spec_golden_record():
    spec = GOLDEN / "chat-mini" / "spec.yaml"
    expected = GOLDEN / "chat-mini" / "expected"
    result = _check(
        "--spec", str(spec), "--out", str(expected), "--package", "chat_mini"
    )
    assert result.returncode == 0, (
        "tests/golden/chat-mini/expected is stale; regenerate it with\n"
        "  sdkforge generate --spec tests/golden/chat-mini/spec.yaml --out tests/golden/chat-mini/expected "
        "--package chat_mini\n" + result.stdout[-3000:] + result.stderr
    )

"""Shared test helpers: where the repo, the real specs and the golden records are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_SPECS = REPO.parent / "shared" / "specs" / "openrouter"
REAL_SPECS = sorted(SHARED_SPECS.glob("*.yaml"))


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO

"""Compiled templates are kept like the generator's .pyc: under PYTHONPYCACHEPREFIX (or beside the
templates), reused by the next run, and never written under `python -B`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sdkforge.render import templates


def _render_all_under(
    prefix: Path, monkeypatch: pytest.MonkeyPatch, dont_write_bytecode: bool
) -> None:
    """Load every template, as Python would run with PYTHONPYCACHEPREFIX=prefix (and -B)."""
    monkeypatch.setattr(sys, "pycache_prefix", str(prefix))
    monkeypatch.setattr(sys, "dont_write_bytecode", dont_write_bytecode)
    env = templates.template_environment()
    for path in sorted(templates.TEMPLATES_DIR.rglob("*.jinja")):
        env.get_template(path.relative_to(templates.TEMPLATES_DIR).as_posix())


def test_compiled_templates_go_under_the_pycache_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _render_all_under(tmp_path, monkeypatch, dont_write_bytecode=False)
    entries = list(tmp_path.rglob("*.cache"))
    count = len(list(templates.TEMPLATES_DIR.rglob("*.jinja")))
    assert len(entries) == count
    # as Python lays out .pyc under the prefix: the source folder's absolute path, below it
    assert {e.parent.parent for e in entries} == {
        Path(tmp_path, *templates.TEMPLATES_DIR.parts[1:])
    }

    # The next environment loads them instead of compiling: Jinja's compiler is not called.
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(templates.Environment, "compile", refuse)
    _render_all_under(tmp_path, monkeypatch, dont_write_bytecode=False)


def test_nothing_is_written_under_dont_write_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _render_all_under(tmp_path, monkeypatch, dont_write_bytecode=True)
    assert list(tmp_path.rglob("*")) == []

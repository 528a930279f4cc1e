"""`sdkforge watch`: regenerate whenever the spec or a template changes (watchfiles).

The spec's folder is watched rather than the file, because editors save by writing a new
file and renaming it over the old one, which a watch on the file itself would lose.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
import watchfiles

from .config import Settings
from .output import OutputError, OutputNameError
from .render.templates import TEMPLATES_DIR
from .spec import SpecError


def watched_paths(settings: Settings) -> tuple[list[Path], Callable[[Path], bool]]:
    """The folders to watch and the test of whether a changed path matters."""
    spec = Path(settings.spec).resolve()
    template_dirs = [TEMPLATES_DIR.resolve()]
    if settings.templates is not None:
        template_dirs.insert(0, Path(settings.templates).resolve())
    out = Path(settings.out).resolve()

    def relevant(path: Path) -> bool:
        path = path.resolve()
        if path == out or out in path.parents:
            return False
        return path == spec or any(d in path.parents for d in template_dirs)

    folders = [spec.parent] + [d for d in template_dirs if d.is_dir()]
    unique: list[Path] = []
    for folder in folders:
        if not any(folder == u or u in folder.parents for u in unique):
            unique = [u for u in unique if folder not in u.parents] + [folder]
    return unique, relevant


def watch_and_generate(
    settings: Settings,
    generate: Callable[[], str],
    debounce: int = 300,
    max_runs: int | None = None,
) -> None:
    """Generate once, then again after every relevant change, until Ctrl-C (or `max_runs`
    regenerations). A bad spec or an unwritable output is reported and the watch goes on.
    """
    folders, relevant = watched_paths(settings)
    _run(generate)
    click.echo(
        f"sdkforge: watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)",
        err=True,
    )
    for runs, changes in enumerate(
        watchfiles.watch(
            *folders,
            debounce=debounce,
            raise_interrupt=False,
            watch_filter=lambda _change, path: relevant(Path(path)),
        ),
        start=1,
    ):
        names = sorted({Path(path).name for _change, path in changes})
        click.echo(f"sdkforge: changed: {', '.join(names)}", err=True)
        _run(generate)
        if max_runs is not None and runs >= max_runs:
            return


def _run(generate: Callable[[], str]) -> None:
    try:
        click.echo(generate())
    except (SpecError, OutputError, OutputNameError) as exc:
        click.echo(f"error: {exc}", err=True)
    sys.stdout.flush()

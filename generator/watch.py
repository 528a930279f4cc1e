"""`sdkforge watch`: regenerate whenever the spec, a file its `$ref`s reach, an overlay or a
template changes (watchfiles).

Folders are watched rather than files, because editors save by writing a new file and renaming
it over the old one, which a watch on the file itself would lose. The spec's folder is watched
recursively (the files its `$ref`s may reach are confined to it); which of its files matter is
read again after each change, since an edit can add or drop a `$ref`.
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
from .spec import SpecError, load_spec


def referenced_files(spec: Path) -> set[Path]:
    """The other files the spec's `$ref`s reach now (none when it cannot be read)."""
    try:
        return {source.path.resolve() for source in load_spec(spec).sources}
    except SpecError:
        return set()  # `generate` reports the error; the spec's own edits still count


class _Inputs:
    """The files a generation reads: the spec, its referenced files, the overlays and templates."""

    def __init__(self, settings: Settings) -> None:
        self.spec = Path(settings.spec).resolve()
        self.overlays = {Path(overlay).resolve() for overlay in settings.overlays}
        self.template_dirs = [TEMPLATES_DIR.resolve()]
        if settings.templates is not None:
            self.template_dirs.insert(0, Path(settings.templates).resolve())
        self.out = Path(settings.out).resolve()
        self.referenced = referenced_files(self.spec)

    def relevant(self, path: Path) -> bool:
        path = path.resolve()
        if path == self.out or self.out in path.parents:
            return False
        if "__pycache__" in path.parts:  # compiled templates, written by a generation
            return False
        return (
            path == self.spec
            or path in self.overlays
            or path in self.referenced
            or any(d in path.parents for d in self.template_dirs)
        )

    def changed(self, paths: set[Path]) -> None:
        """After a change: the spec or a referenced file may add or drop a `$ref`."""
        if any(
            p.resolve() == self.spec or p.resolve() in self.referenced for p in paths
        ):
            self.referenced = referenced_files(self.spec)


def watched_paths(settings: Settings) -> tuple[list[Path], Callable[[Path], bool]]:
    """The folders to watch and the test of whether a changed path matters."""
    inputs = _Inputs(settings)
    return _folders(inputs), inputs.relevant


def _folders(inputs: _Inputs) -> list[Path]:
    """The fewest folders covering the spec's, the overlays' and the templates'."""
    folders = [inputs.spec.parent, *sorted({o.parent for o in inputs.overlays})]
    folders += [d for d in inputs.template_dirs if d.is_dir()]
    unique: list[Path] = []
    for folder in folders:
        if not any(folder == u or u in folder.parents for u in unique):
            unique = [u for u in unique if folder not in u.parents] + [folder]
    return unique


def watch_and_generate(
    settings: Settings,
    generate: Callable[[], str],
    debounce: int = 300,
    max_runs: int | None = None,
) -> None:
    """Generate once, then again after every relevant change, until Ctrl-C (or `max_runs`
    regenerations). A bad spec or an unwritable output is reported and the watch goes on.
    """
    inputs = _Inputs(settings)
    folders = _folders(inputs)
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
            watch_filter=lambda _change, path: inputs.relevant(Path(path)),
        ),
        start=1,
    ):
        paths = {Path(path) for _change, path in changes}
        inputs.changed(paths)
        names = sorted({path.name for path in paths})
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

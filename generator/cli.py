"""The `sdkforge` command: parse options, run the pipeline, turn errors into messages and exit codes.

Exit codes (the same for every command):
  0  success (`check`: generated/ is up to date)
  1  `check`: generated/ is stale; `diff --fail-on`: a change of that kind was found
  2  bad spec, bad settings or bad usage (the message names file, line, JSON pointer and the fix)
  3  the output directory cannot be written (not ours, locked by another run, I/O error)
  4  internal error: a bug in sdkforge (a one-line message; `sdkforge --debug ...` adds the traceback)
"""

from __future__ import annotations

import shlex
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from .memo import Record
    from .pipeline import Generation

# The heavy modules (spec loading, rendering, black) are imported by the commands that need
# them: `check` of an up-to-date tree never loads them, and a module that fails to import is
# an internal error (exit 4) like any other, not a traceback.

EXIT_STALE = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3
EXIT_INTERNAL = 4


def settings_options(command: Callable) -> Callable:
    """The options every command that generates shares; each mirrors a `[tool.sdkforge]` key."""
    options = [
        click.option(
            "--spec",
            type=click.Path(path_type=Path),
            help="OpenAPI 3.0/3.1 spec, YAML or JSON [specs/openrouter.yaml]",
        ),
        click.option(
            "--out",
            type=click.Path(path_type=Path),
            help="output directory, owned by sdkforge [generated]",
        ),
        click.option(
            "--package",
            help="import name of the generated Python package [openrouter_sdk]",
        ),
        click.option(
            "--templates",
            type=click.Path(path_type=Path),
            help="folder of templates overriding built-in ones by name",
        ),
        click.option(
            "--docs-flavor",
            type=click.Choice(["python", "typescript"]),
            help="language of the docs pages [python]",
        ),
        click.option(
            "--docs-package", help="package name shown in docs snippets [the --package]"
        ),
        click.option(
            "--optional-properties",
            type=click.Choice(["with-example", "always", "never"]),
            help="optional properties shown in docs examples [never]",
        ),
        *overlay_options(),
        click.option(
            "--sdk-version",
            help="PEP 440 version of the generated package [derived from info.version]",
        ),
        click.option(
            "--env-prefix",
            help="prefix of the SDK's environment variables <PREFIX>_API_KEY, <PREFIX>_BASE_URL [first word of info.title]",
        ),
        click.option(
            "--docs-format",
            type=click.Choice(["markdown", "mintlify"]),
            help="docs pages as Markdown (.md) or Mintlify MDX (.mdx) [markdown]",
        ),
        click.option(
            "--open-enums",
            type=click.Choice(["responses", "marked", "all"]),
            help="enums that keep values the spec does not list: those in responses, only "
            "x-speakeasy-unknown-values ones, or all [responses]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def overlay_options() -> list[Callable]:
    """`--overlay` (repeatable) and `--strict`: shared by the generating commands and `diff`."""
    return [
        click.option(
            "--overlay",
            "overlays",
            multiple=True,
            type=click.Path(path_type=Path),
            help="an OpenAPI Overlay applied to the spec before the build; repeat to apply several in order",
        ),
        click.option(
            "--strict",
            is_flag=True,
            default=None,
            help="an overlay action whose target selects nothing is an error, not a warning",
        ),
    ]


def resolve_settings(options: dict[str, Any]) -> Settings:
    try:
        return load_settings(options)
    except ConfigError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


def run_generation(settings: Settings, key: str | None) -> Generation:
    """Generate in memory (exit 2 on a bad spec) and remember the result under `key`."""
    from .pipeline import generate_files
    from .spec import SpecError

    try:
        generation = generate_files(settings)
    except SpecError as exc:
        fail(f"error: {exc}", EXIT_BAD_INPUT)
    _remember(key, generation)
    return generation


def fix_command(options: dict[str, Any]) -> str:
    """`sdkforge generate` with the same options `check` was given, so it fixes that very tree."""
    words = ["sdkforge", "generate"]
    for name, value in options.items():
        option = "--overlay" if name == "overlays" else f"--{name.replace('_', '-')}"
        if value is True:
            words.append(option)
        elif isinstance(value, tuple):
            for item in value:
                words += [option, shlex.quote(str(item))]
        elif value is not None:
            words += [option, shlex.quote(str(value))]
    return " ".join(words)


def fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


class _Commands(click.Group):
    """Turns any unexpected exception into exit 4 with one line (the traceback under --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            _internal_error(ctx, f"{type(exc).__name__}: {_one_line(str(exc))}")


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _internal_error(ctx: click.Context, message: str) -> NoReturn:
    if ctx.params.get("debug"):
        traceback.print_exc()
    fail(
        f"sdkforge: internal error: please report (with `sdkforge --debug` output): {message}",
        EXIT_INTERNAL,
    )


@click.group(cls=_Commands)
@click.option(
    "--debug", is_flag=True, help="print the traceback of an internal error (exit 4)"
)
@click.version_option(package_name="sdkforge")
def main(debug: bool) -> None:
    """Generate a typed Python SDK, its docs and its stream parsers from an OpenAPI spec."""


@main.command()
@settings_options
@click.option(
    "--changelog",
    is_flag=True,
    help="prepend the changes since the last --changelog run (and the version bump) to <out>/CHANGELOG.md",
)
def generate(changelog: bool, **options: Any) -> None:
    """Generate the SDK package and docs into the output directory (atomically)."""
    from .output import OutputError, OutputNameError
    from .spec import SpecError

    settings = resolve_settings(options)
    try:
        summary = generate_once(settings, changelog=changelog)
    except (SpecError, OutputNameError) as exc:
        fail(f"error: {exc}", EXIT_BAD_INPUT)
    except OutputError as exc:
        fail(f"error: {exc}", EXIT_OUTPUT)
    click.echo(summary)


def generate_once(settings: Settings, changelog: bool = False) -> str:
    """One whole `generate`: build in memory, write atomically, return the summary line.
    Raises SpecError (bad spec) or OutputError (cannot write); `watch` calls it on every change.
    """
    from .history import with_history
    from .memo import inputs_key
    from .output import OutputNameError, has_leftovers, write_tree
    from .pipeline import generate_files, name_error_in_spec

    started = time.perf_counter()
    key = inputs_key(
        settings
    )  # before reading the inputs: a later edit cannot be missed
    if not changelog and not has_leftovers(settings.out):
        record = _recalled(settings, key)
        if record is not None:  # the tree is exactly what these inputs generate
            return _summary(settings, record.counts, 0, started)
    generation = generate_files(settings)
    _remember(key, generation)
    files, changelog_summary = with_history(
        settings.out,
        generation.files,
        settings.spec if changelog else None,
        (generation.spec_api or generation.api) if changelog else None,
        settings.overlays,
    )
    try:
        result = write_tree(settings.out, files)
    except OutputNameError as exc:
        raise name_error_in_spec(settings, generation.api, exc) from None
    summary = _summary(settings, generation.counts, result.changed, started)
    return summary + (f"\nsdkforge: {changelog_summary}" if changelog_summary else "")


def _summary(
    settings: Settings, counts: dict[str, int], changed: int, started: float
) -> str:
    return (
        f"sdkforge: {counts['models']} models, {counts['pages']} pages, {counts['streams']} streams, "
        f"{changed} files changed in {settings.out} ({time.perf_counter() - started:.2f}s)"
    )


def _recalled(settings: Settings, key: str | None) -> Record | None:
    """The memo's record when it says the tree on disk is up to date, else None."""
    from .memo import recall, tree_matches
    from .output import HISTORY_FILES

    record = recall(key)
    if record is None or not tree_matches(settings.out, record, HISTORY_FILES):
        return None
    return record


def _remember(key: str | None, generation: Generation) -> None:
    from .memo import remember

    remember(
        key,
        generation.files,
        generation.counts,
        generation.referenced,
    )


@main.command()
@settings_options
def check(**options: Any) -> None:
    """Exit 1 with a diff when the output directory differs from what `generate` would write."""
    from .memo import inputs_key

    settings = resolve_settings(options)
    key = inputs_key(settings)
    record = _recalled(settings, key)
    if record is not None:
        click.echo(
            f"sdkforge: {settings.out} is up to date ({len(record.digests)} files)"
        )
        return
    from .history import with_history
    from .output import compare_tree

    generation = run_generation(settings, key)
    drift = compare_tree(settings.out, with_history(settings.out, generation.files)[0])
    if drift.up_to_date:
        click.echo(
            f"sdkforge: {settings.out} is up to date ({len(generation.files)} files)"
        )
        return
    click.echo(drift.diff, nl=False)
    click.echo(
        f"sdkforge: {settings.out} is stale: {len(drift.modified)} modified, {len(drift.missing)} missing, "
        f"{len(drift.extra)} no longer generated. Run `{fix_command(options)}` to update it.",
        err=True,
    )
    sys.exit(EXIT_STALE)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull request or changelog, JSON for tools",
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "wire", "source", "any"]),
    help="exit 1 when a change of this kind is found (breaking = wire or source)",
)
@overlay_options()[0]
@overlay_options()[1]
def diff(
    old: Path,
    new: Path,
    output_format: str,
    fail_on: str | None,
    overlays: tuple[Path, ...],
    strict: bool | None,
) -> None:
    """Report the API changes from spec OLD to spec NEW, each marked wire- and/or source-breaking."""
    from .changes import compare, to_json, to_markdown
    from .history import load_pair
    from .spec import SpecError

    # Both specs as `generate` sees them: with --overlay, else the project's `overlays`.
    settings = resolve_settings({"overlays": overlays, "strict": strict})
    try:
        old_api, new_api = load_pair(old, new, settings.overlays, settings.strict)
    except SpecError as exc:
        fail(f"error: {exc}", EXIT_BAD_INPUT)
    report = compare(old_api, new_api)
    click.echo(
        to_json(report) if output_format == "json" else to_markdown(report), nl=False
    )
    if fail_on and report.fails(fail_on):
        kind = {
            "any": "",
            "breaking": "breaking ",
            "wire": "wire-breaking ",
            "source": "source-breaking ",
        }[fail_on]
        fail(
            f"sdkforge: {kind}changes found ({report.wire} wire-breaking, {report.source} source-breaking, {len(report.changes)} in all); suggested bump: {report.bump}",
            EXIT_STALE,
        )


@main.command()
@settings_options
@click.option(
    "--changelog",
    is_flag=True,
    help="update <out>/CHANGELOG.md on every regeneration, as `generate --changelog`",
)
@click.option(
    "--debounce",
    type=int,
    default=300,
    show_default=True,
    help="milliseconds to wait for more changes before regenerating",
)
@click.option(
    "--max-runs",
    type=int,
    hidden=True,
    help="stop after this many regenerations (for tests)",
)
def watch(changelog: bool, debounce: int, max_runs: int | None, **options: Any) -> None:
    """Regenerate whenever the spec or a template changes (Ctrl-C stops)."""
    from .watch import watch_and_generate

    settings = resolve_settings(options)
    watch_and_generate(
        settings,
        lambda: generate_once(settings, changelog=changelog),
        debounce=debounce,
        max_runs=max_runs,
    )


if __name__ == "__main__":
    main()

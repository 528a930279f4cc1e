"""The `sdkforge` command: parse options, run the pipeline, turn errors into messages and exit codes.

Exit codes (the same for every command):
  0  success (`check`: generated/ is up to date)
  1  `check`: generated/ is stale; `diff --fail-on`: a change of that kind was found
  2  bad spec, bad settings or bad usage (the message names file, line, JSON pointer and the fix)
  3  the output directory cannot be written (not ours, locked by another run, I/O error)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from .config import ConfigError, Settings, load_settings
from .output import OutputError, compare_tree, write_tree
from .pipeline import Generation, generate_files
from .spec import SpecError

EXIT_STALE = 1
EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 3


def settings_options(command: Callable) -> Callable:
    """The options every command that generates shares; each mirrors a `[tool.sdkforge]` key."""
    options = [
        click.option("--spec", type=click.Path(path_type=Path), help="OpenAPI 3.0/3.1 spec, YAML or JSON [specs/openrouter.yaml]"),
        click.option("--out", type=click.Path(path_type=Path), help="output directory, owned by sdkforge [generated]"),
        click.option("--package", help="import name of the generated Python package [openrouter_sdk]"),
        click.option("--templates", type=click.Path(path_type=Path), help="folder of templates overriding built-in ones by name"),
        click.option("--docs-flavor", type=click.Choice(["python", "typescript"]), help="language of the docs pages [python]"),
        click.option("--docs-package", help="package name shown in docs snippets [the --package]"),
        click.option("--optional-properties", type=click.Choice(["with-example", "always", "never"]), help="optional properties shown in docs examples [never]"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def resolve_settings(options: dict[str, Any]) -> Settings:
    try:
        return load_settings(options)
    except ConfigError as exc:
        fail(str(exc), EXIT_BAD_INPUT)


def run_generation(settings: Settings) -> Generation:
    try:
        return generate_files(settings)
    except SpecError as exc:
        fail(f"error: {exc}", EXIT_BAD_INPUT)


def fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


@click.group()
@click.version_option(package_name="sdkforge")
def main() -> None:
    """Generate a typed Python SDK, its docs and its stream parsers from an OpenAPI spec."""


@main.command()
@settings_options
def generate(**options: Any) -> None:
    """Generate the SDK package and docs into the output directory (atomically)."""
    started = time.perf_counter()
    settings = resolve_settings(options)
    generation = run_generation(settings)
    try:
        result = write_tree(settings.out, generation.files)
    except OutputError as exc:
        fail(f"error: {exc}", EXIT_OUTPUT)
    counts = generation.counts
    click.echo(
        f"sdkforge: {counts['models']} models, {counts['pages']} pages, {counts['streams']} streams, "
        f"{result.changed} files changed in {settings.out} ({time.perf_counter() - started:.2f}s)"
    )


@main.command()
@settings_options
def check(**options: Any) -> None:
    """Exit 1 with a diff when the output directory differs from what `generate` would write."""
    settings = resolve_settings(options)
    generation = run_generation(settings)
    drift = compare_tree(settings.out, generation.files)
    if drift.up_to_date:
        click.echo(f"sdkforge: {settings.out} is up to date ({len(generation.files)} files)")
        return
    click.echo(drift.diff, nl=False)
    click.echo(
        f"sdkforge: {settings.out} is stale: {len(drift.modified)} modified, {len(drift.missing)} missing, "
        f"{len(drift.extra)} no longer generated. Run `sdkforge generate` to update it.",
        err=True,
    )
    sys.exit(EXIT_STALE)


if __name__ == "__main__":
    main()

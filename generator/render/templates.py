"""The one Jinja environment every renderer uses: templates/ plus the user's overrides."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def _built_in_templates() -> Path:
    """templates/ of a source checkout, or the copy a wheel installs as generator/templates."""
    checkout = Path(__file__).resolve().parent.parent.parent / "templates"
    return (
        checkout
        if checkout.is_dir()
        else Path(__file__).resolve().parent.parent / "templates"
    )


TEMPLATES_DIR = _built_in_templates()


def template_environment(override_dir: Path | None = None) -> Environment:
    """A file in `override_dir` with the same relative name as a built-in template replaces it."""
    search_path = [str(override_dir)] if override_dir else []
    search_path.append(str(TEMPLATES_DIR))
    return Environment(
        loader=FileSystemLoader(search_path),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=StrictUndefined,
    )

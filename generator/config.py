"""Settings: `[tool.sdkforge]` in pyproject.toml, overridden by CLI options, validated once."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOCS_FLAVORS = ("python", "typescript")
OPTIONAL_PROPERTIES = ("with-example", "always", "never")


class ConfigError(Exception):
    """Bad settings (CLI exit code 2)."""


@dataclass(frozen=True)
class Settings:
    spec: Path = Path("specs/openrouter.yaml")
    out: Path = Path("generated")
    package: str = "openrouter_sdk"
    templates: Path | None = (
        None  # a folder whose files override built-in templates by name
    )
    docs_flavor: str = "python"
    docs_package: str | None = (
        None  # the package shown in docs snippets; default: `package`
    )
    optional_properties: str = "never"
    # OpenAPI Overlay documents applied in order to the spec before the build
    overlays: tuple[Path, ...] = ()
    strict: bool = (
        False  # an overlay action that selects nothing is an error, not a warning
    )
    # Names the SDK's environment variables <PREFIX>_API_KEY and <PREFIX>_BASE_URL;
    # default: the first word of info.title, upper-cased.
    env_prefix: str | None = None

    @property
    def snippet_package(self) -> str:
        return self.docs_package or self.package


def load_settings(overrides: dict[str, Any], project_dir: Path = Path(".")) -> Settings:
    """Defaults < `[tool.sdkforge]` in project_dir/pyproject.toml < CLI overrides (None = not given)."""
    values: dict[str, Any] = {}
    pyproject = project_dir / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = (
                tomllib.loads(pyproject.read_text(encoding="utf-8"))
                .get("tool", {})
                .get("sdkforge", {})
            )
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
        known = {f.name for f in fields(Settings)}
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(
                    f"{pyproject}: unknown setting [tool.sdkforge] {key!r}; known: {', '.join(sorted(known))}"
                )
            values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None and v != ()})
    return _validated(
        replace(
            Settings(),
            **_typed(values, project_dir if pyproject.is_file() else Path(".")),
        )
    )


def _typed(values: dict[str, Any], base: Path) -> dict[str, Any]:
    typed = dict(values)
    if typed.get("overlays") is not None:
        overlays = typed["overlays"]
        if isinstance(overlays, (str, Path)) or not all(
            isinstance(item, (str, Path)) for item in overlays
        ):
            raise ConfigError(
                f"overlays must be a list of overlay files, not {overlays!r}"
            )
        typed["overlays"] = tuple(
            path if path.is_absolute() or base == Path(".") else base / path
            for path in map(Path, overlays)
        )
    if not isinstance(typed.get("strict", False), bool):
        raise ConfigError(f"strict must be true or false, not {typed['strict']!r}")
    for key in ("spec", "out", "templates"):
        if typed.get(key) is not None:
            path = Path(typed[key])
            typed[key] = (
                path if path.is_absolute() or base == Path(".") else base / path
            )
    return typed


def _validated(settings: Settings) -> Settings:
    if not settings.package.isidentifier() or not all(
        part.isidentifier() for part in settings.package.split(".")
    ):
        raise ConfigError(
            f"--package {settings.package!r} is not a valid Python package name (use letters, digits and _)"
        )
    if settings.docs_flavor not in DOCS_FLAVORS:
        raise ConfigError(
            f"--docs-flavor must be one of {', '.join(DOCS_FLAVORS)}, not {settings.docs_flavor!r}"
        )
    if settings.optional_properties not in OPTIONAL_PROPERTIES:
        raise ConfigError(
            f"--optional-properties must be one of {', '.join(OPTIONAL_PROPERTIES)}, not {settings.optional_properties!r}"
        )
    if settings.env_prefix is not None and not re.fullmatch(
        r"[A-Z_][A-Z0-9_]*", settings.env_prefix
    ):
        raise ConfigError(
            f"--env-prefix {settings.env_prefix!r} must be upper-case letters, digits and _ (e.g. ACME)"
        )
    if settings.templates is not None and not Path(settings.templates).is_dir():
        raise ConfigError(f"--templates {settings.templates} is not a directory")
    return settings

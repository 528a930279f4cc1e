"""Settings: `[tool.sdkforge]` in pyproject.toml, overridden by CLI options, validated once.

A new setting is a field of `Settings` (its default), a line in `_validated` if it needs a
check, and a CLI option in `cli.settings_options`; paths go into `PATH_SETTINGS`.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DocsFlavor = Literal["python", "typescript"]
OptionalProperties = Literal["with-example", "always", "never"]
DOCS_FLAVORS: tuple[str, ...] = get_args(DocsFlavor)
OPTIONAL_PROPERTIES: tuple[str, ...] = get_args(OptionalProperties)
DocsFormat = Literal["markdown", "mintlify"]
DOCS_FORMATS: tuple[str, ...] = get_args(DocsFormat)
# Which enums accept values the spec does not list: those in responses, only the marked ones
# (x-speakeasy-unknown-values: allow), or all of them.
OpenEnums = Literal["responses", "marked", "all"]
OPEN_ENUMS: tuple[str, ...] = get_args(OpenEnums)
# Settings that are paths: relative ones are relative to the pyproject.toml that names them.
PATH_SETTINGS = ("spec", "out", "templates")


class ConfigError(Exception):
    """Bad settings (CLI exit code 2)."""


@dataclass(frozen=True)
class Settings:
    spec: Path = Path("specs/openrouter.yaml")
    out: Path = Path("generated")
    package: str = "openrouter_sdk"
    # a folder whose files override built-in templates by name
    templates: Path | None = None
    docs_flavor: DocsFlavor = "python"
    # the package shown in docs snippets; default: `package`
    docs_package: str | None = None
    optional_properties: OptionalProperties = "never"
    # the generated distribution's version; default: derived from the spec's info.version
    sdk_version: str | None = None
    # OpenAPI Overlay documents applied in order to the spec before the build
    overlays: tuple[Path, ...] = ()
    # an overlay action that selects nothing is an error, not a warning
    strict: bool = False
    # Names the SDK's environment variables <PREFIX>_API_KEY and <PREFIX>_BASE_URL;
    # default: the first word of info.title, upper-cased.
    env_prefix: str | None = None
    docs_format: DocsFormat = "markdown"  # `.md` pages, or `mintlify`: `.mdx` pages
    open_enums: OpenEnums = "responses"

    @property
    def snippet_package(self) -> str:
        return self.docs_package or self.package


def load_settings(overrides: dict[str, Any], project_dir: Path = Path(".")) -> Settings:
    """Defaults < `[tool.sdkforge]` in project_dir/pyproject.toml < CLI overrides (None = not given)."""
    values: dict[str, Any] = {}
    pyproject = project_dir / "pyproject.toml"
    if pyproject.is_file():
        values.update(_read_table(pyproject))
    values.update({k: v for k, v in overrides.items() if v is not None and v != ()})
    base = project_dir if pyproject.is_file() else Path(".")
    return _validated(replace(Settings(), **_typed(values, base)))


def _read_table(pyproject: Path) -> dict[str, Any]:
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: invalid TOML: {exc}") from None
    table = document.get("tool", {}).get("sdkforge", {})
    known = {f.name for f in fields(Settings)}
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(
                f"{pyproject}: unknown setting [tool.sdkforge] {key!r}; known: {', '.join(sorted(known))}"
            )
        values[name] = value
    return values


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
    for key in PATH_SETTINGS:
        if typed.get(key) is not None:
            path = Path(typed[key])
            typed[key] = (
                path if path.is_absolute() or base == Path(".") else base / path
            )
    return typed


def package_problem(package: str) -> str | None:
    """Why `package` cannot be the generated import name, or None when it can."""
    if "." in package:
        return "a dotted name; the package is written as one top-level folder, use a plain name such as acme_sdk"
    if not package.isidentifier():
        return "not a Python identifier (use letters, digits and _, not starting with a digit)"
    if keyword.iskeyword(package):
        return "a Python keyword, so `import` cannot name it"
    if package in sys.stdlib_module_names:
        return "the name of a standard-library module, which it would shadow"
    return None


def _validated(settings: Settings) -> Settings:
    problem = package_problem(str(settings.package))
    if problem:
        raise ConfigError(
            f"--package {settings.package!r} is {problem}; choose another name"
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
    if settings.docs_format not in DOCS_FORMATS:
        raise ConfigError(
            f"--docs-format must be one of {', '.join(DOCS_FORMATS)}, not {settings.docs_format!r}"
        )
    if settings.open_enums not in OPEN_ENUMS:
        raise ConfigError(
            f"--open-enums must be one of {', '.join(OPEN_ENUMS)}, not {settings.open_enums!r}"
        )
    if settings.templates is not None and not Path(settings.templates).is_dir():
        raise ConfigError(f"--templates {settings.templates} is not a directory")
    if settings.sdk_version is not None:
        _check_sdk_version(str(settings.sdk_version))
    return settings


def _check_sdk_version(text: str) -> None:
    from packaging.version import InvalidVersion, Version

    try:
        Version(text)
    except InvalidVersion:
        raise ConfigError(
            f"--sdk-version {text!r} is not a PEP 440 version (e.g. 1.4.0, 2023.8.16, 2.0.0rc1); "
            "leave it out to derive one from the spec's info.version"
        ) from None

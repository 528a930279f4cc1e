"""The installable package around the models: pyproject, package __init__, py.typed, runtime modules."""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment

from .. import api
from .pysyntax import docstring

# Runtime modules rendered as they are (no per-spec content): template -> module file.
RUNTIME_MODULES = {
    "python/streaming.py.jinja": "streaming.py",
    "python/errors.py.jinja": "errors.py",
}
# Request-side runtime: real Python in sdkforge/runtime/ (linted and type-checked there), copied byte for byte.
COPIED_RUNTIME_MODULES = ("_omit.py", "_params.py")


def runtime_sources() -> dict[str, str]:
    """The text of each copied runtime module, by file name."""
    folder = resources.files("sdkforge.runtime")
    return {
        name: folder.joinpath(name).read_text(encoding="utf-8")
        for name in COPIED_RUNTIME_MODULES
    }


def render_package(
    model_api: api.Api, package: str, env: Environment
) -> dict[str, str]:
    context = {
        "package": package,
        "api": model_api,
        "distribution": package.replace("_", "-"),
        "module_docstring": docstring(
            f"{model_api.title} SDK: models in `{package}.models`, the client in `{package}.client`."
        ),
    }
    files = {
        "pyproject.toml": env.get_template("python/pyproject.toml.jinja").render(
            **context
        ),
        f"{package}/__init__.py": env.get_template(
            "python/package_init.py.jinja"
        ).render(**context),
        f"{package}/py.typed": env.get_template("python/py.typed.jinja").render(
            **context
        ),
    }
    for template, module in RUNTIME_MODULES.items():
        if template in env.list_templates():
            files[f"{package}/{module}"] = env.get_template(template).render(**context)
    for module, source in runtime_sources().items():
        files[f"{package}/{module}"] = source
    return files

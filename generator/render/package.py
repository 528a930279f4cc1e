"""The installable package around the models: pyproject, package __init__, py.typed, runtime modules."""

from __future__ import annotations

from jinja2 import Environment

from .. import api
from ..runtime import runtime_sources
from .pysyntax import docstring


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
    # The runtime (errors, streams, the base client) is the same for every spec: copied verbatim.
    for module, source in runtime_sources().items():
        files[f"{package}/{module}"] = source
    return files

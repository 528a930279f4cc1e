"""The HTTP client: one class per operation group, typed streams for event-stream responses."""

from __future__ import annotations

from jinja2 import Environment

from .. import api


def render_client(model_api: api.Api, package: str, env: Environment) -> dict[str, str]:
    return {}

"""load -> validate -> build -> render -> format: the whole generation, in memory.

Writing (or comparing, for `check`) is the caller's last step, so a failure anywhere
before it leaves the output directory untouched.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import api
from .build import build_api
from .config import Settings
from .output import MARKER_DIR, format_python
from .render.client import render_client
from .render.models import render_models
from .render.package import render_package
from .render.templates import template_environment
from .spec import load_spec
from .spec.overlay import apply_overlays, overlay_hashes
from .spec.validate import validate_document

GENERATOR_VERSION = "0.1.0"


@dataclass
class Generation:
    api: api.Api
    files: dict[str, str]
    spec_sha256: str
    seconds: dict[str, float] = field(
        default_factory=dict
    )  # per stage, for the summary and benchmarks

    @property
    def counts(self) -> dict[str, int]:
        return {
            "models": len(self.api.models),
            "pages": sum(
                1 for p in self.files if p.startswith("docs/") and p.endswith(".md")
            ),
            "streams": sum(1 for op in self.api.operations if op.stream is not None),
        }


def load_api(
    spec_path, overlays: Sequence[Path] = (), strict: bool = False
) -> tuple[api.Api, str]:
    document = load_spec(spec_path)
    for warning in apply_overlays(document, overlays, strict).warnings:
        print(f"warning: {warning}", file=sys.stderr)
    validate_document(document)
    return (
        build_api(document),
        document.sha256(),  # the spec and every file its $refs reach
    )


def generate_files(settings: Settings) -> Generation:
    clock = _Clock()
    model_api, spec_hash = load_api(settings.spec, settings.overlays, settings.strict)
    clock.lap("load+build")
    env = template_environment(settings.templates)
    files: dict[str, str] = {}
    files.update(render_models(model_api, settings.package, env))
    files.update(render_package(model_api, settings.package, env))
    files.update(render_client(model_api, settings.package, env, settings.env_prefix))
    clock.lap("render python")
    files.update(_render_docs(model_api, settings, env))
    clock.lap("render docs")
    files = format_python(files)
    clock.lap("format")
    files[f"{MARKER_DIR}/manifest.json"] = _manifest(settings, spec_hash, files)
    generation = Generation(
        model_api, dict(sorted(files.items())), spec_hash, clock.laps
    )
    return generation


def _render_docs(model_api: api.Api, settings: Settings, env) -> dict[str, str]:
    try:
        from .render.docs import DocsSettings, render_docs
    except ImportError:  # the docs renderer is optional while it is being built
        return {}
    docs_settings = DocsSettings(
        flavor=settings.docs_flavor,
        package=settings.snippet_package,
        optional_properties=settings.optional_properties,
    )
    return render_docs(model_api, docs_settings, env=env)


def _manifest(settings: Settings, spec_hash: str, files: dict[str, str]) -> str:
    """What produced this tree: no timestamps or absolute paths, so it is the same on any machine."""
    manifest: dict[str, object] = {
        "generator": f"sdkforge {GENERATOR_VERSION}",
        "spec_sha256": spec_hash,
        "settings": {
            "package": settings.package,
            "docs_flavor": settings.docs_flavor,
            "docs_package": settings.snippet_package,
            "optional_properties": settings.optional_properties,
            "custom_templates": settings.templates is not None,
        },
        "files": sorted(files),
    }
    if settings.overlays:  # editing an overlay changes the output like editing the spec
        manifest["overlays"] = overlay_hashes(settings.overlays)
    return json.dumps(manifest, indent=2) + "\n"


class _Clock:
    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now

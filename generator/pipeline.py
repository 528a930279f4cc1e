"""load -> validate -> build -> render -> format -> verify: the whole generation, in memory.

The docs render in a forked child from the moment the model is built, while this process
renders the Python modules. Black then formats those in worker processes, while this process
verifies the modules black leaves alone.

Writing (or comparing, for `check`) is the caller's last step, so a failure anywhere
before it leaves the output directory untouched.
"""

from __future__ import annotations

import gc
import json
import re
import sys
import time
from collections.abc import Container, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from jinja2 import Environment

from . import api
from .api import Api
from .build import build_api
from .build.models import open_enums
from .config import Settings
from .forked import ForkedCall
from .formatting import start_formatting
from .output import GITIGNORE, MANIFEST, OutputNameError
from .render.client import render_client
from .render.client_setup import default_env_prefix
from .render.docs import DocsSettings, render_docs
from .render.models import render_models
from .render.package import render_package
from .render.templates import template_environment
from .render.typeddicts import render_typeddicts
from .spec import SpecDocument, SpecError, load_spec
from .spec.validate import validate_document

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def generator_version() -> str:
    """sdkforge's version, from the installed package's metadata (typed once, in pyproject.toml)."""
    try:
        return version("sdkforge")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


class GeneratedCodeError(Exception):
    """The generator produced something that does not compile or parse: a bug in sdkforge
    (CLI exit code 4), never a broken tree written with exit 0."""

    def __init__(self, path: str, problem: str, pointer: str | None = None) -> None:
        self.path, self.problem, self.pointer = path, problem, pointer
        where = f" (from the spec at {pointer})" if pointer else ""
        super().__init__(f"generated {path} is invalid{where}: {problem}")


@dataclass
class Generation:
    api: api.Api
    files: dict[str, str]
    spec_sha256: str
    seconds: dict[str, float] = field(
        default_factory=dict
    )  # per stage, for the summary and benchmarks
    # the other files the spec's $refs reached (with their text), which the output depends on too
    referenced: dict[Path, str] = field(default_factory=dict)
    # the API as the spec marks its enums (before `open-enums`): what the changelog compares,
    # as `diff` does, so the recorded spec (read the same way) differs only where the spec does
    spec_api: Api | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {
            "models": len(self.api.models),
            "pages": sum(
                1
                for p in self.files
                if p.startswith("docs/") and p.endswith((".md", ".mdx"))
            ),
            "streams": sum(1 for op in self.api.operations if op.stream is not None),
        }


def load_api(
    spec_path: Path, overlays: Sequence[Path] = (), strict: bool = False
) -> tuple[api.Api, str]:
    model_api, document = _load(spec_path, overlays, strict)
    return model_api, document.sha256()  # the spec and every file its $refs reach


def _load(
    spec_path: Path, overlays: Sequence[Path] = (), strict: bool = False
) -> tuple[api.Api, SpecDocument]:
    with _cycle_collector_paused():
        document = load_spec(spec_path)
        if overlays:
            # imported here: JSONPath and jsonschema cost 50 ms to import, for a rare setting
            from .spec.overlay import apply_overlays

            for warning in apply_overlays(document, overlays, strict).warnings:
                print(f"warning: {warning}", file=sys.stderr)
        validate_document(document)
        return build_api(document), document


@contextmanager
def _frozen_for_the_collector() -> Iterator[None]:
    """What loading built lives until the end: out of the collector's sight (`gc.freeze`), it is
    not walked again while the files render, nor touched (and so copied) by the collector of
    black's forked workers. Box: 10% less CPU in the parent, 20% in the workers."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Loading allocates millions of objects that all live on, and no cycle of garbage: the
    collector, triggered every 700 allocations, only walks them again and again (a third of
    Stripe's 3.7 s of load+build). Reference counting still frees what dies."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# Below this many models the docs render faster here than a child is forked and answers.
FORKED_DOCS_MIN_MODELS = 200


def generate_files(settings: Settings) -> Generation:
    clock = _Clock()
    marked_api, document = _load(settings.spec, settings.overlays, settings.strict)
    with _frozen_for_the_collector():
        return _render(settings, clock, marked_api, document)


def _render(
    settings: Settings, clock: _Clock, marked_api: api.Api, document: SpecDocument
) -> Generation:
    model_api = open_enums(marked_api, settings.open_enums)
    spec_hash = document.sha256()
    referenced = {source.path: source.text for source in document.sources}
    clock.lap("load+build")
    env = template_environment(settings.templates)
    # The TypeScript-flavour pages describe the reference SDK, which opens only marked enums.
    docs_api = marked_api if settings.docs_flavor == "typescript" else model_api
    in_child = len(model_api.models) >= FORKED_DOCS_MIN_MODELS
    with ForkedCall(lambda: _render_docs(docs_api, settings, env), in_child) as docs:
        files = _render_python(model_api, settings, env)
        clock.lap("render python")
        # From here black works in other processes, on the modules that need it.
        with start_formatting(files) as black_job:
            verify_files(_without(files, black_job.pending), model_api)
            clock.lap("verify")
            files.update(docs.result())
            clock.lap("render docs (the rest)")
            for path, text in black_job.completed():
                verify_files({path: text}, model_api)  # while black formats the rest
                files[path] = text
    clock.lap("format and verify black's modules")
    files[MANIFEST] = _manifest(settings, spec_hash, files)
    return Generation(
        model_api,
        dict(sorted(files.items())),
        spec_hash,
        clock.laps,
        referenced,
        marked_api,
    )


def _render_python(
    model_api: api.Api, settings: Settings, env: Environment
) -> dict[str, str]:
    files = {".gitignore": GITIGNORE}
    files.update(render_models(model_api, settings.package, env))
    files.update(render_package(model_api, settings, env))
    files.update(render_client(model_api, settings.package, env, settings.env_prefix))
    files.update(render_typeddicts(model_api, settings.package, env))
    return files


def _render_docs(
    model_api: api.Api, settings: Settings, env: Environment
) -> dict[str, str]:
    # No fallback: a docs renderer that fails to import is a bug to report, not "0 pages".
    docs_settings = DocsSettings(
        flavor=settings.docs_flavor,
        package=settings.snippet_package,
        optional_properties=settings.optional_properties,
        format=settings.docs_format,
        env_prefix=settings.env_prefix
        or default_env_prefix(model_api.title, settings.package),
    )
    return render_docs(model_api, docs_settings, env=env)


def _without(files: dict[str, str], paths: Container[str]) -> dict[str, str]:
    return {path: text for path, text in files.items() if path not in paths}


def verify_files(files: dict[str, str], model_api: api.Api) -> None:
    """The last stage before anything is written: every module compiles, pyproject.toml parses."""
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                compile(text, path, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as exc:
                raise GeneratedCodeError(
                    path, f"{type(exc).__name__}: {exc}", _pointer_of(text, model_api)
                ) from exc
        elif path.endswith(".toml"):
            try:
                tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise GeneratedCodeError(path, f"invalid TOML: {exc}") from exc


def _pointer_of(text: str, model_api: api.Api) -> str | None:
    """The spec pointer of the first model the broken module defines, when there is one."""
    defined = set(re.findall(r"^(?:class )?([A-Za-z_]\w*)\b", text, re.M))
    for model in model_api.models:
        if model.name in defined:
            return model.pointer
    return None


def name_error_in_spec(
    settings: Settings, model_api: api.Api, error: OutputNameError
) -> SpecError:
    """A file name too long for the file system, as a spec error at the schema that named it."""
    stem = Path(error.path).stem.lower()
    pointer = next((m.pointer for m in model_api.models if m.name.lower() == stem), "")
    if not pointer:
        return SpecError(error.problem, file=str(settings.spec), hint=error.HINT)
    return load_spec(settings.spec).error(error.problem, pointer, error.HINT)


def _manifest(settings: Settings, spec_hash: str, files: dict[str, str]) -> str:
    """What produced this tree: no timestamps or absolute paths, so it is the same on any machine."""
    manifest: dict[str, object] = {
        "generator": f"sdkforge {generator_version()}",
        "spec_sha256": spec_hash,
        "settings": {
            "package": settings.package,
            "docs_flavor": settings.docs_flavor,
            "docs_package": settings.snippet_package,
            "optional_properties": settings.optional_properties,
            "custom_templates": settings.templates is not None,
            "open_enums": settings.open_enums,
        },
        "files": sorted(files),
    }
    if settings.overlays:  # editing an overlay changes the output like editing the spec
        from .spec.overlay import overlay_hashes

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

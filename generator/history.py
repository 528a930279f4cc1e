"""Spec history: the two specs of `sdkforge diff`, and the changelog `generate --changelog` keeps.

The output directory keeps its own history next to what is generated: `CHANGELOG.md` (newest
entry first) and `.sdkforge/spec.yaml` (or `.json`), the spec that the last `--changelog` run
saw: a verbatim copy of a one-file spec, else the one document the build read (the files its
`$ref`s reach bundled in, the overlays applied), so the record reads alone and compares with
the next run whichever of those files changed. Both are carried over by every `generate` and `check`, so a plain
regeneration neither deletes them nor counts them as drift; only `--changelog` updates them,
through the same in-memory `{path: text}` mapping that is written atomically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import yaml

from . import api
from .changes import ChangeReport, compare, to_markdown
from .output import CHANGELOG, HISTORY_FILES, RECORDS, read_regular_file
from .spec import SpecError, load_spec
from .spec.overlay import apply_overlays

CHANGELOG_HEADER = (
    "# Changelog\n\nNewest first. Written by `sdkforge generate --changelog`.\n"
)


def _load_api(
    path: Path, overlays: tuple[Path, ...] = (), strict: bool = False
) -> api.Api:
    # the same load -> overlays -> validate -> build as `generate`
    from .pipeline import load_api

    return load_api(path, overlays, strict)[0]


# ---- two specs at once ------------------------------------------------------------------------


def load_pair(
    old_path: Path,
    new_path: Path,
    overlays: tuple[Path, ...] = (),
    strict: bool = False,
) -> tuple[api.Api, api.Api]:
    """Load, validate and build both specs (each with the overlays), one after the other.
    Raises SpecError for OLD first, then NEW.

    Building OLD in a forked child while NEW builds here was measured no faster (the child's
    model has to be pickled back, and on a busy machine there is no free core for it), so the
    simple path is the only one (benchmarks/README.md, "Diff")."""
    return _load_api(old_path, overlays, strict), _load_api(new_path, overlays, strict)


# ---- the output directory's history -----------------------------------------------------------


def carried_over(out: Path) -> dict[str, str]:
    """The history files of the tree on disk, unchanged: added to what `generate` writes and
    to what `check` expects, since they record the past, not the current spec."""
    files = {}
    for name in HISTORY_FILES:
        content = read_regular_file(out / name)  # never through a symlink
        if content is not None:
            files[name] = content.decode("utf-8")
    return files


def recorded_spec(spec_path: Path, overlays: Sequence[Path] = ()) -> str:
    """The text `--changelog` records for the spec: the file itself when it is the whole input,
    else the document the build read (referenced files bundled in, overlays applied)."""
    spec_text = Path(spec_path).read_text(encoding="utf-8")
    document = load_spec(spec_path)
    if not document.sources and not overlays:
        return spec_text
    apply_overlays(document, overlays)  # `generate` has reported the warnings already
    if Path(spec_path).suffix.lower() == ".json":
        return (
            json.dumps(document.data, indent=2, ensure_ascii=False, default=str) + "\n"
        )
    inputs = [Path(spec_path).name, *(Path(o).name for o in overlays)]
    header = (
        "# Recorded by `sdkforge generate --changelog`: the document built from "
        + ", ".join(inputs)
        + (f" and {len(document.sources)} referenced files" if document.sources else "")
        + ".\n"
    )
    return header + yaml.safe_dump(
        document.data, sort_keys=False, allow_unicode=True, width=100
    )


def changelog_files(
    out: Path, spec_path: Path, new_api: api.Api, overlays: Sequence[Path] = ()
) -> tuple[dict[str, str], str]:
    """CHANGELOG.md with an entry for the changes since the recorded spec on top, and the new
    record. Returns the files and a one-line summary for the terminal."""
    spec_text = recorded_spec(spec_path, overlays)
    spec_hash = hashlib.sha256(spec_text.encode("utf-8")).hexdigest()
    record_name = (
        RECORDS[1] if Path(spec_path).suffix.lower() == ".json" else RECORDS[0]
    )
    recorded = carried_over(out)  # never read through a symlink
    previous = next((out / name for name in RECORDS if name in recorded), None)
    changelog = recorded.get(CHANGELOG, "")
    heading = f"{new_api.title} {new_api.version}".strip() + f" (spec {spec_hash[:12]})"
    entry = None
    if previous is None:
        entry = f"## {heading}\n\nFirst recorded spec: the next `sdkforge generate --changelog` lists the changes from here.\n"
        summary = "changelog: spec recorded (no earlier record to compare with)"
    else:
        previous_hash = hashlib.sha256(
            previous.read_text(encoding="utf-8").encode("utf-8")
        ).hexdigest()
        if previous_hash == spec_hash:
            summary = "changelog: the spec is unchanged"
        else:
            try:
                report: ChangeReport | None = compare(_load_api(previous), new_api)
            except SpecError as exc:
                report = None
                entry = f"## {heading}\n\nThe previously recorded spec cannot be read any more, so there is no report:\n\n```\n{exc}\n```\n"
                summary = (
                    "changelog: the recorded spec is unreadable; recorded the new one"
                )
            if report is not None and report.changes:
                entry = to_markdown(
                    report, title=f"{heading}: {report.bump} version bump"
                )
                summary = f"changelog: {len(report.changes)} changes ({report.breaking} breaking), suggested bump: {report.bump}"
            elif report is not None:
                summary = "changelog: the spec changed, the API did not"
    files = {record_name: spec_text}
    files[CHANGELOG] = (
        _prepend(changelog, entry) if entry else (changelog or CHANGELOG_HEADER)
    )
    return files, summary


def _prepend(changelog: str, entry: str) -> str:
    body = (
        changelog[len(CHANGELOG_HEADER) :]
        if changelog.startswith(CHANGELOG_HEADER)
        else changelog
    )
    text = CHANGELOG_HEADER + "\n" + entry.rstrip("\n") + "\n"
    if body.strip():
        text += "\n" + body.lstrip("\n")
    return text


def with_history(
    out: Path,
    files: dict[str, str],
    spec_path: Path | None = None,
    new_api: api.Api | None = None,
    overlays: Sequence[Path] = (),
) -> tuple[dict[str, str], str | None]:
    """`files` plus the history files: carried over as they are, or, given the spec and its
    model (`--changelog`), updated. Returns the mapping and the changelog summary, if any.
    """
    merged = dict(files)
    merged.update(carried_over(out))
    summary = None
    if spec_path is not None and new_api is not None:
        updated, summary = changelog_files(out, spec_path, new_api, overlays)
        for name in RECORDS:
            merged.pop(name, None)
        merged.update(updated)
    return dict(sorted(merged.items())), summary

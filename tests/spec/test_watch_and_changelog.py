"""`generate --changelog` and `watch` see a spec split across files and its overlays, not only the
root file: an edit in a referenced file or an overlay is a change to report and to regenerate for.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from sdkforge.spec import load_spec

from tests.changes.test_cli import env, sdkforge

HERE = Path(__file__).parent
MULTIFILE = HERE / "multifile"
OVERLAYS = HERE / "overlays"


def generate(spec: Path, out: Path, *options: object) -> str:
    return sdkforge(
        "generate", "--spec", spec, "--out", out, "--changelog", *options, check=True
    ).stdout


def test_the_changelog_of_a_spec_split_across_files(tmp_path: Path) -> None:
    api = tmp_path / "api"
    shutil.copytree(MULTIFILE, api)
    spec, out = api / "openapi.yaml", tmp_path / "sdk"
    assert "spec recorded" in generate(spec, out)
    record = out / ".sdkforge" / "spec.yaml"
    # The record is the bundled document: it reads alone, with no $ref to another file.
    assert "./" not in "".join(
        line for line in record.read_text().splitlines() if "$ref" in line
    )
    assert load_spec(record).sources == []
    assert "unchanged" in generate(spec, out)
    # An edit in a referenced file only (the root is untouched) is a change, with its report.
    pet = api / "schemas" / "pet.yaml"
    pet.write_text(
        pet.read_text().replace("required: [kind, id, name]", "required: [kind, id]")
    )
    second = generate(spec, out)
    assert "changelog: 1 changes" in second, second
    changelog = (out / "CHANGELOG.md").read_text()
    assert "`Pet.name` is now optional" in changelog, changelog


def test_the_changelog_sees_the_overlays(tmp_path: Path) -> None:
    spec, out = tmp_path / "spec.yaml", tmp_path / "sdk"
    shutil.copy(OVERLAYS / "spec.yaml", spec)
    overlay = tmp_path / "nullable.yaml"
    shutil.copy(OVERLAYS / "nullable.yaml", overlay)
    generate(spec, out, "--overlay", overlay)
    record = yaml.safe_load((out / ".sdkforge" / "spec.yaml").read_text())
    assert record["components"]["schemas"]["Pet"]["properties"]["name"]["type"] == [
        "string",
        "null",
    ]
    # The same overlay again: nothing changed (the old record is not read without it).
    assert "unchanged" in generate(spec, out, "--overlay", overlay)
    # Editing only the overlay is a change of the API.
    overlay.write_text(
        overlay.read_text().replace("['name','nickname']", "['nickname']")
    )
    summary = generate(spec, out, "--overlay", overlay)
    assert "changelog: 1 changes" in summary, summary
    assert "Pet.name" in (out / "CHANGELOG.md").read_text()


def _watch(spec: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "sdkforge.cli", "watch", "--spec", str(spec)]
    command += ["--out", str(out), "--debounce", "50", "--max-runs", "1", *options]
    return subprocess.Popen(
        command,
        cwd=spec.parent,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _regenerated_after(process: subprocess.Popen[str], out: Path, edit: Path) -> str:
    """Wait for the first generation, add a comment to `edit`, return the watch's stderr once it
    has regenerated (the manifest hashes the referenced files and the overlays, so it changes).
    """
    manifest = out / ".sdkforge" / "manifest.json"
    try:
        deadline = time.monotonic() + 60
        while not manifest.is_file() and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()[1]
            time.sleep(0.1)
        first = json.loads(manifest.read_text())
        time.sleep(0.5)  # let the watcher settle
        edit.write_text(edit.read_text() + "\n# edited\n")
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert json.loads(manifest.read_text()) != first
    return stderr


def test_watch_regenerates_when_a_referenced_file_changes(tmp_path: Path) -> None:
    api = tmp_path / "api"
    shutil.copytree(MULTIFILE, api)
    out = tmp_path / "sdk"
    owner = api / "schemas" / "owner.yaml"
    stderr = _regenerated_after(_watch(api / "openapi.yaml", out), out, owner)
    assert "changed: owner.yaml" in stderr


def test_watch_regenerates_when_an_overlay_changes(tmp_path: Path) -> None:
    """The overlay sits outside the spec's folder: its folder is watched too."""
    (tmp_path / "api").mkdir()
    (tmp_path / "fixes").mkdir()
    spec, overlay = tmp_path / "api" / "spec.yaml", tmp_path / "fixes" / "nullable.yaml"
    shutil.copy(OVERLAYS / "spec.yaml", spec)
    shutil.copy(OVERLAYS / "nullable.yaml", overlay)
    process = _watch(spec, tmp_path / "sdk", "--overlay", str(overlay))
    stderr = _regenerated_after(process, tmp_path / "sdk", overlay)
    assert "changed: nullable.yaml" in stderr


def test_watch_ignores_compiled_templates(tmp_path: Path) -> None:
    """A generation writes compiled templates into templates/__pycache__: no reason to regenerate."""
    from sdkforge.config import load_settings
    from sdkforge.render.templates import TEMPLATES_DIR
    from sdkforge.watch import watched_paths

    spec = tmp_path / "spec.yaml"
    shutil.copy(OVERLAYS / "spec.yaml", spec)
    _folders, relevant = watched_paths(
        load_settings({"spec": spec, "out": tmp_path / "sdk"})
    )
    assert relevant(TEMPLATES_DIR / "python" / "model.py.jinja")
    assert not relevant(TEMPLATES_DIR / "__pycache__" / "jinja-0" / "entry.cache")

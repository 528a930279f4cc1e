"""`sdkforge diff`, `generate --changelog`, `watch`, the pre-commit hook and the GitHub Action script,
run as a user runs them: in subprocesses, in temporary folders and git repositories."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sdkforge.cli import main

REPO = Path(__file__).resolve().parents[2]
SPECS = Path(__file__).resolve().parent / "specs"
V1, BREAKING, ADDITIVE, BROKEN = (
    SPECS / f"{n}.yaml"
    for n in ("pets-v1", "pets-v2-breaking", "pets-v2-additive", "broken")
)


def env(extra_path: Path | None = None) -> dict[str, str]:
    environment = dict(
        os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")
    )
    if extra_path is not None:
        environment["PATH"] = f"{extra_path}{os.pathsep}{environment['PATH']}"
    return environment


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click 8.1: keep stderr apart
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps it apart already


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def sdkforge(*args: object, cwd: Path = REPO, check: bool = False) -> Run:
    """The CLI in this process (click's runner): the same code as the console script, without
    a Python start-up per call. Commands that must be real processes use subprocesses below.
    """
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = _runner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    finally:
        os.chdir(previous)
    run = Run(result.exit_code, result.stdout, result.stderr)
    if check:
        assert run.returncode == 0, run.stdout + run.stderr
    return run


@pytest.fixture(scope="module")
def shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with an `sdkforge` executable running this checkout (as the console script would)."""
    folder = tmp_path_factory.mktemp("bin")
    script = folder / "sdkforge"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sdkforge.cli "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


# ---- sdkforge diff ----------------------------------------------------------------------------------


def test_diff_markdown_and_exit_codes() -> None:
    breaking = sdkforge("diff", V1, BREAKING)
    assert breaking.returncode == 0, breaking.stderr  # no --fail-on: report only
    assert "Suggested version bump: **major**" in breaking.stdout
    assert "- **wire+source** `NewPet.kind` is now required" in breaking.stdout
    assert (
        "`#/components/schemas/NewPet/properties/kind` → `#/components/schemas/NewPet/properties/kind`"
        in breaking.stdout
    )
    assert sdkforge("diff", V1, BREAKING, "--fail-on", "breaking").returncode == 1
    assert sdkforge("diff", V1, BREAKING, "--fail-on", "wire").returncode == 1
    assert sdkforge("diff", V1, ADDITIVE, "--fail-on", "breaking").returncode == 0
    assert sdkforge("diff", V1, ADDITIVE, "--fail-on", "any").returncode == 1
    assert sdkforge("diff", V1, V1, "--fail-on", "any").returncode == 0
    failed = sdkforge("diff", V1, BREAKING, "--fail-on", "source")
    assert failed.returncode == 1 and "source-breaking changes found" in failed.stderr


def test_diff_only_source_breaking_does_not_fail_on_wire(tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(
        V1.read_text().replace("operationId: listPets", "operationId: allPets")
    )
    assert sdkforge("diff", V1, renamed, "--fail-on", "wire").returncode == 0
    assert sdkforge("diff", V1, renamed, "--fail-on", "source").returncode == 1


def test_diff_json_is_stable() -> None:
    first = sdkforge("diff", V1, BREAKING, "--format", "json", check=True).stdout
    assert (
        first == sdkforge("diff", V1, BREAKING, "--format", "json", check=True).stdout
    )
    data = json.loads(first)
    assert data["bump"] == "major"
    assert (
        data["summary"]["wire_breaking"] == 2
        and data["summary"]["source_breaking"] == 1
    )
    kinds = {
        (c["kind"], c["where"], c["wire_breaking"], c["source_breaking"])
        for c in data["changes"]
    }
    assert ("field.required", "NewPet.kind", True, True) in kinds
    assert ("enum.value_added.closed", "Kind", True, False) in kinds
    # every operation entry refers to a change by its index, with that operation's classification
    ops = {op["key"]: op for op in data["operations"]}
    listed = [data["changes"][c["id"]]["where"] for c in ops["GET /pets"]["changes"]]
    assert listed == ["Kind"] and ops["GET /pets"]["changes"][0]["sides"] == [
        "response"
    ]
    assert list(data) == sorted(data)


def test_diff_bad_spec_exits_2(tmp_path: Path) -> None:
    broken = sdkforge("diff", V1, BROKEN)
    assert (
        broken.returncode == 2
        and "broken.yaml:3" in broken.stderr
        and "invalid YAML" in broken.stderr
    )
    broken_old = sdkforge("diff", BROKEN, V1)
    assert broken_old.returncode == 2 and "broken.yaml" in broken_old.stderr
    assert sdkforge("diff", V1, tmp_path / "missing.yaml").returncode == 2
    assert (
        sdkforge("diff", V1, BREAKING, "--fail-on", "everything").returncode == 2
    )  # usage error


# ---- generate --changelog ------------------------------------------------------------------------------


def test_generate_changelog_and_history_files(tmp_path: Path) -> None:
    spec, out = tmp_path / "pets.yaml", tmp_path / "sdk"
    shutil.copy(V1, spec)
    first = sdkforge(
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        "--changelog",
        cwd=tmp_path,
        check=True,
    )
    assert "spec recorded" in first.stdout
    changelog = (out / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog") and "First recorded spec" in changelog
    assert (out / ".sdkforge" / "spec.yaml").read_text() == V1.read_text()
    # the history files are carried over: check is clean, a plain generate keeps them
    sdkforge("check", "--spec", spec, "--out", out, cwd=tmp_path, check=True)
    sdkforge("generate", "--spec", spec, "--out", out, cwd=tmp_path, check=True)
    assert (out / "CHANGELOG.md").read_text() == changelog
    # a new spec: the report with its bump goes on top, the record follows the spec
    shutil.copy(BREAKING, spec)
    second = sdkforge(
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        "--changelog",
        cwd=tmp_path,
        check=True,
    )
    assert "suggested bump: major" in second.stdout
    updated = (out / "CHANGELOG.md").read_text()
    assert updated.index("Pets 2.0.0") < updated.index("First recorded spec")
    assert (
        "major version bump" in updated and "`NewPet.kind` is now required" in updated
    )
    assert (out / ".sdkforge" / "spec.yaml").read_text() == BREAKING.read_text()
    sdkforge("check", "--spec", spec, "--out", out, cwd=tmp_path, check=True)
    # unchanged spec: no new entry
    third = sdkforge(
        "generate",
        "--spec",
        spec,
        "--out",
        out,
        "--changelog",
        cwd=tmp_path,
        check=True,
    )
    assert "unchanged" in third.stdout and (out / "CHANGELOG.md").read_text() == updated


# ---- watch ----------------------------------------------------------------------------------------


def test_watch_regenerates_when_the_spec_changes(tmp_path: Path) -> None:
    spec, out = tmp_path / "pets.yaml", tmp_path / "sdk"
    shutil.copy(V1, spec)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sdkforge.cli",
            "watch",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--debounce",
            "50",
            "--max-runs",
            "1",
        ],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        manifest = out / ".sdkforge" / "manifest.json"
        deadline = time.monotonic() + 60
        while (
            not manifest.is_file()
            and time.monotonic() < deadline
            and process.poll() is None
        ):
            time.sleep(0.1)
        assert manifest.is_file(), (
            process.stderr.read()
            if process.poll() is not None
            else "no first generation"
        )
        first = json.loads(manifest.read_text())["spec_sha256"]
        time.sleep(0.5)  # let the watcher settle
        spec.write_text(ADDITIVE.read_text())
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "changed: pets.yaml" in stderr
    assert json.loads(manifest.read_text())["spec_sha256"] != first
    assert stdout.count("sdkforge: ") >= 2  # the first generation and the regeneration


# ---- the pre-commit hook -----------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(
            os.environ,
            GIT_AUTHOR_NAME="t",
            GIT_AUTHOR_EMAIL="t@example.com",
            GIT_COMMITTER_NAME="t",
            GIT_COMMITTER_EMAIL="t@example.com",
        ),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def sdk_repo(root: Path, spec_text: str) -> Path:
    """A git repository that uses sdkforge: a spec, [tool.sdkforge], and the generated SDK committed."""
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "api.yaml").write_text(spec_text)
    (repo / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api.yaml"\nout = "sdk"\npackage = "pets_sdk"\n'
    )
    sdkforge("generate", cwd=repo, check=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    return repo


def test_pre_commit_hook_runs_the_drift_check(tmp_path: Path, shim: Path) -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert (
        hook["id"] == "sdkforge-check"
        and hook["entry"] == "sdkforge check"
        and hook["pass_filenames"] is False
    )
    repo = sdk_repo(tmp_path, V1.read_text())

    def run_entry() -> (
        subprocess.CompletedProcess
    ):  # what pre-commit runs: the entry, no file names
        return subprocess.run(
            hook["entry"].split(),
            cwd=repo,
            env=env(shim),
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert run_entry().returncode == 0
    (repo / "api.yaml").write_text(ADDITIVE.read_text())
    stale = run_entry()
    assert stale.returncode == 1 and "is stale" in stale.stderr
    if shutil.which("pre-commit") is None:
        return
    # The same hook through pre-commit itself (as a local hook, so no environment is installed),
    # run by this interpreter: a pyenv shim for `pre-commit` would put pyenv's own bin folder,
    # with whatever `sdkforge` is installed there, ahead of the test's shim on PATH.
    local = dict(hook, language="system")
    (repo / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]})
    )
    git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        env=dict(env(shim), PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (
        run.returncode == 1
        and "sdkforge check" in run.stdout
        and "Failed" in run.stdout
    ), (run.stdout + run.stderr)
    sdkforge("generate", cwd=repo, check=True)
    git(repo, "add", "-A")
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        env=dict(env(shim), PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


# ---- the GitHub Action's script ---------------------------------------------------------------------


def run_action(
    repo: Path, shim: Path, tmp_path: Path, **variables: str
) -> tuple[subprocess.CompletedProcess, dict[str, str], str]:
    outputs, summary = tmp_path / "outputs.txt", tmp_path / "summary.md"
    outputs.write_text("")
    summary.write_text("")
    environment = dict(
        env(shim),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_STEP_SUMMARY=str(summary),
        SDKFORGE_REPORT=str(tmp_path / "report.md"),
        **variables,
    )
    result = subprocess.run(
        ["bash", str(REPO / "ci" / "sdkforge-action.sh")],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    values = dict(
        line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line
    )
    return result, values, summary.read_text()


def test_action_script_fails_on_breaking_changes_against_the_base_branch(
    tmp_path: Path, shim: Path
) -> None:
    repo = sdk_repo(tmp_path, V1.read_text())
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "api.yaml").write_text(BREAKING.read_text())
    sdkforge("generate", cwd=repo, check=True)
    git(repo, "commit", "-q", "-am", "breaking")
    result, outputs, summary = run_action(
        repo, shim, tmp_path, SDKFORGE_BASE_REF="main"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert outputs == {
        "drift": "false",
        "bump": "major",
        "report": str(tmp_path / "report.md"),
    }
    assert (
        "## sdkforge: API changes from main" in summary
        and "`NewPet.kind` is now required" in summary
    )
    assert "::error::sdkforge: breaking API changes against main" in result.stdout
    # the same changes with --fail-on none only report
    result, outputs, _ = run_action(
        repo, shim, tmp_path, SDKFORGE_BASE_REF="main", SDKFORGE_FAIL_ON="none"
    )
    assert result.returncode == 0 and outputs["bump"] == "major"


def test_action_script_passes_additive_changes_and_catches_drift(
    tmp_path: Path, shim: Path
) -> None:
    repo = sdk_repo(tmp_path, V1.read_text())
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "api.yaml").write_text(ADDITIVE.read_text())
    sdkforge("generate", cwd=repo, check=True)
    git(repo, "commit", "-q", "-am", "additive")
    result, outputs, summary = run_action(
        repo, shim, tmp_path, SDKFORGE_BASE_REF="main"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert outputs["drift"] == "false" and outputs["bump"] == "minor"
    assert "`Pet.age` added" in summary
    # the spec changes but the SDK is not regenerated: the drift check fails
    (repo / "api.yaml").write_text(BREAKING.read_text())
    result, outputs, summary = run_action(
        repo, shim, tmp_path, SDKFORGE_BASE_REF="main", SDKFORGE_FAIL_ON="none"
    )
    assert result.returncode == 1 and outputs["drift"] == "true"
    assert "the generated SDK is stale" in summary
    # no base ref (a push, not a pull request): only the drift check runs
    result, outputs, _ = run_action(repo, shim, tmp_path)
    assert result.returncode == 1 and "bump" not in outputs

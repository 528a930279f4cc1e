"""Shared helpers of the core tests: running the CLI, typed JSON comparison, tree snapshots."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED_SPECS = (
    ROOT.parent / "shared" / "specs" / "openrouter"
)  # ../shared next to the repo
VERSIONS = ("2025-08-21", "2025-10-07", "2025-10-30", "2026-02-20", "2026-08-22")
HERE = Path(__file__).resolve().parent
TINY_SPEC = HERE / "specs" / "tiny.yaml"
GROUPS = ("models", "models.operations", "models.errors")


def package_name(version: str) -> str:
    return "sdk_" + version.replace("-", "_")


def sdkforge_command() -> list[str]:
    """The installed console script; `python -m sdkforge.cli` if it is not on PATH."""
    script = shutil.which("sdkforge")
    return [script] if script else [sys.executable, "-m", "sdkforge.cli"]


def cli_env(hash_seed: int | str = "0") -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = str(hash_seed)
    env.pop("PYTHONWARNINGS", None)
    return env


def run_cli(
    *args: Any, cwd: Path, hash_seed: int | str = "0", timeout: float = 180
) -> subprocess.CompletedProcess:
    """Run `sdkforge <args>` in `cwd` (a folder without pyproject.toml, so only the options count)."""
    return subprocess.run(
        [*sdkforge_command(), *map(str, args)],
        cwd=cwd,
        env=cli_env(hash_seed),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_script(script: str, cwd: Path, timeout: float = 300) -> str:
    """Run a Python script in a fresh interpreter in `cwd` (a generated tree); its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def start_cli(*args: Any, cwd: Path, hash_seed: int | str = "0") -> subprocess.Popen:
    return subprocess.Popen(
        [*sdkforge_command(), *map(str, args)],
        cwd=cwd,
        env=cli_env(hash_seed),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def json_differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Differences between two JSON documents, comparing types too: 1 and 1.0 differ, so do 0 and False."""
    if type(expected) is not type(actual):
        return [
            f"{path}: {expected!r} ({type(expected).__name__}) != {actual!r} ({type(actual).__name__})"
        ]
    if isinstance(expected, dict):
        problems = [f"{path}.{key}: missing" for key in expected if key not in actual]
        problems += [
            f"{path}.{key}: unexpected (value {actual[key]!r})"
            for key in actual
            if key not in expected
        ]
        for key in expected:
            if key in actual:
                problems += json_differences(
                    expected[key], actual[key], f"{path}.{key}"
                )
        return problems
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{path}: length {len(expected)} != {len(actual)}"]
        problems = []
        for index, (left, right) in enumerate(zip(expected, actual, strict=True)):
            problems += json_differences(left, right, f"{path}[{index}]")
        return problems
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


def snapshot(directory: Path) -> dict[str, tuple]:
    """Every entry under `directory` with its bytes, mode and mtime: equal snapshots = untouched tree."""
    entries: dict[str, tuple] = {}
    for path in sorted(directory.rglob("*")):
        stat = path.lstat()
        relative = path.relative_to(directory).as_posix()
        if path.is_file():
            entries[relative] = (
                "file",
                path.read_bytes(),
                stat.st_mode,
                stat.st_mtime_ns,
                stat.st_ino,
            )
        else:
            entries[relative] = ("dir", stat.st_mode, stat.st_ino)
    return entries


def read_tree(directory: Path) -> dict[str, bytes]:
    """Files under `directory` (no bytecode caches) by relative path."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def model_object(package: str, name: str) -> Any:
    """A class or union alias exported by `<package>.models`, `.models.operations` or `.models.errors`."""
    for group in GROUPS:
        module = importlib.import_module(f"{package}.{group}")
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise LookupError(
        f"{name} is not exported by {package}.models, .models.operations or .models.errors"
    )


def generator_fingerprint() -> str:
    """A hash of the generator's code and templates: two trees are comparable only if it did not change.

    The working tree is shared with people editing the generator; a test that compares a tree made
    minutes ago with one made now regenerates the old one when this fingerprint moved in between.
    """
    import hashlib

    digest = hashlib.sha256()
    for folder in (ROOT / "generator", ROOT / "templates"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def black_in_workers(texts: list[str]) -> list[str]:
    """Black's output for each text, formatted the way `generate` formats them (in worker
    processes when there are enough), back in the texts' order."""
    from sdkforge import formatting

    with formatting._BlackRun(texts) as run:
        return [text for _, text in sorted(run.completed())]

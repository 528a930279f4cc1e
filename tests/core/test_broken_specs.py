"""Broken specs give exit code 2 and a message naming file, line, JSON pointer and fix, and write nothing.

Each file in `broken/` is one mistake; `broken/expected.yaml` holds the exit code and the message
substrings it must give. Every run targets an output directory that already holds a tree sdkforge
wrote; afterwards that directory (and its parent: no staging folders, no lock left behind) must be
byte-for-byte, inode-for-inode what it was.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from .helpers import HERE, TINY_SPEC, run_cli, snapshot, start_cli

BROKEN = HERE / "broken"
EXPECTED = yaml.safe_load((BROKEN / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)


def test_every_broken_spec_has_an_expectation_and_every_expectation_a_spec():
    on_disk = {p.name for p in BROKEN.iterdir() if p.name != "expected.yaml"}
    assert on_disk | {"does_not_exist.yaml"} == set(EXPECTED)
    assert not (BROKEN / "does_not_exist.yaml").exists()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Run `sdkforge generate` on every broken spec at once, each into its copy of a generated tree."""
    work = tmp_path_factory.mktemp("broken")
    seed = work / "seed" / "out"
    result = run_cli(
        "generate",
        "--spec",
        TINY_SPEC,
        "--out",
        seed,
        "--package",
        "tiny_sdk",
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    started = {}
    for name in CASES:
        parent = work / name.replace(".", "_")
        out = parent / "out"
        shutil.copytree(seed, out, copy_function=shutil.copy2)
        before = (snapshot(parent), out.stat().st_ino)
        process = start_cli(
            "generate",
            "--spec",
            BROKEN / name,
            "--out",
            out,
            "--package",
            "tiny_sdk",
            cwd=parent,
        )
        started[name] = (process, parent, out, before)
    results = {}
    for name, (process, parent, out, before) in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = {
            "code": process.returncode,
            "stdout": stdout,
            "stderr": stderr,
            "before": before,
            "after": (snapshot(parent), out.stat().st_ino if out.exists() else None),
        }
    return results


@pytest.mark.parametrize("name", CASES)
def test_broken_spec_exit_code(runs, name):
    assert runs[name]["code"] == EXPECTED[name]["exit"], runs[name]["stderr"]


@pytest.mark.parametrize("name", CASES)
def test_broken_spec_message_names_place_and_fix(runs, name):
    run = runs[name]
    message = run["stderr"]
    assert message.startswith("error: "), message
    missing = [part for part in EXPECTED[name]["message"] if part not in message]
    assert not missing, f"message:\n{message}\nlacks: {missing}"
    assert "Traceback" not in message
    assert run["stdout"] == ""


@pytest.mark.parametrize("name", CASES)
def test_broken_spec_leaves_the_output_directory_untouched(runs, name):
    before, after = runs[name]["before"], runs[name]["after"]
    assert after[1] == before[1], "the output directory was replaced"
    changed = sorted(
        set(before[0]) ^ set(after[0])
        | {p for p in before[0] if p in after[0] and before[0][p] != after[0][p]}
    )
    assert not changed, f"changed under the output's parent: {changed}"


def test_check_on_a_broken_spec_exits_2_and_touches_nothing(tmp_path):
    out = tmp_path / "out"
    assert (
        run_cli(
            "generate",
            "--spec",
            TINY_SPEC,
            "--out",
            out,
            "--package",
            "tiny_sdk",
            cwd=tmp_path,
        ).returncode
        == 0
    )
    before = snapshot(tmp_path)
    result = run_cli(
        "check",
        "--spec",
        BROKEN / "missing_ref.yaml",
        "--out",
        out,
        "--package",
        "tiny_sdk",
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert "$ref target #/components/schemas/Owner does not exist" in result.stderr
    assert snapshot(tmp_path) == before


def test_bad_usage_exits_2(tmp_path):
    result = run_cli(
        "generate",
        "--spec",
        TINY_SPEC,
        "--out",
        tmp_path / "out",
        "--package",
        "not-a-package",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--package" in result.stderr
    assert not (tmp_path / "out").exists()
    result = run_cli("generate", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2
    result = run_cli(
        "generate",
        "--spec",
        TINY_SPEC,
        "--out",
        tmp_path / "out",
        "--templates",
        tmp_path / "nope",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--templates" in result.stderr
    assert not (tmp_path / "out").exists()

"""`sdkforge generate` and `sdkforge check` as a user runs them: output, exit codes, ownership, atomicity."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from .helpers import (
    ROOT,
    SHARED_SPECS,
    TINY_SPEC,
    black_in_workers,
    cli_env,
    generator_fingerprint,
    read_tree,
    run_cli,
    sdkforge_command,
    snapshot,
    start_cli,
)

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
SUMMARY = re.compile(
    r"^sdkforge: (\d+) models, (\d+) pages, (\d+) streams, (\d+) files changed in (.+) \((\d+\.\d+)s\)$"
)
PACKAGE = "tiny_sdk"


def generate(
    work: Path, out: Path, *extra, spec: Path = TINY_SPEC, package: str = PACKAGE
):
    return run_cli(
        "generate", "--spec", spec, "--out", out, "--package", package, *extra, cwd=work
    )


def check(
    work: Path, out: Path, *extra, spec: Path = TINY_SPEC, package: str = PACKAGE
):
    return run_cli(
        "check", "--spec", spec, "--out", out, "--package", package, *extra, cwd=work
    )


def without_schema(tmp_path: Path, name: str) -> Path:
    """The tiny spec minus one component schema (and the property that used it)."""
    spec = yaml.safe_load(TINY_SPEC.read_text(encoding="utf-8"))
    del spec["components"]["schemas"][name]
    for schema in spec["components"]["schemas"].values():
        for prop, value in list((schema.get("properties") or {}).items()):
            if value.get("$ref", "").endswith(f"/{name}"):
                del schema["properties"][prop]
    path = tmp_path / f"tiny-without-{name.lower()}.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


_PRISTINE: dict[str, Path] = {}


@pytest.fixture
def pristine(tmp_path_factory):
    """A tree generated from the tiny spec, shared by the tests of this module while the generator is unchanged."""
    fingerprint = generator_fingerprint()
    if fingerprint not in _PRISTINE:
        work = tmp_path_factory.mktemp("pristine")
        out = work / "out"
        result = generate(work, out)
        assert result.returncode == 0, result.stderr
        _PRISTINE.clear()
        _PRISTINE[fingerprint] = out
    return _PRISTINE[fingerprint]


@pytest.fixture
def fresh(pristine, tmp_path):
    """A copy of a freshly generated tree: (work dir, out dir)."""
    out = tmp_path / "out"
    shutil.copytree(pristine, out, copy_function=shutil.copy2)
    return tmp_path, out


# ---- generate ---------------------------------------------------------------------------------------


def test_generate_prints_one_summary_line(tmp_path):
    out = tmp_path / "out"
    first = generate(tmp_path, out)
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    lines = first.stdout.splitlines()
    assert len(lines) == 1, first.stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    models, _, streams, changed, where, _ = match.groups()
    assert int(models) == 10
    assert int(streams) == 0
    assert int(changed) == len(read_tree(out))
    assert Path(where).name == "out"
    again = generate(tmp_path, out)
    assert again.returncode == 0
    assert SUMMARY.match(again.stdout.strip()).group(4) == "0", again.stdout


def test_generated_tree_is_readable_like_any_new_folder(pristine, tmp_path):
    """The tree is built in a temporary folder (mode 0700) and swapped in; it must end with normal modes."""
    out = pristine
    probe = tmp_path / "plain"
    probe.mkdir()
    expected = stat.S_IMODE(probe.stat().st_mode)
    for directory in [out, *[p for p in out.rglob("*") if p.is_dir()]]:
        assert (
            stat.S_IMODE(directory.stat().st_mode) == expected
        ), f"{directory}: {oct(directory.stat().st_mode)}"


def test_same_spec_twice_gives_identical_bytes(pristine, tmp_path):
    other = tmp_path / "out"
    assert (
        run_cli(
            "generate",
            "--spec",
            TINY_SPEC,
            "--out",
            other,
            "--package",
            PACKAGE,
            cwd=tmp_path,
            hash_seed=4242,
        ).returncode
        == 0
    )
    assert read_tree(other) == read_tree(pristine)


def test_real_spec_generated_with_two_hash_seeds_gives_identical_bytes(tmp_path):
    """Set and dict order must never leak into the output: two processes, two hash seeds, one result."""
    spec = SHARED_SPECS / "2025-10-07.yaml"
    runs = [
        start_cli(
            "generate",
            "--spec",
            spec,
            "--out",
            tmp_path / f"seed-{seed}",
            "--package",
            "sdk_seeded",
            cwd=tmp_path,
            hash_seed=seed,
        )
        for seed in (1, 987654)
    ]
    for process in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    first, second = read_tree(tmp_path / "seed-1"), read_tree(tmp_path / "seed-987654")
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert not differing, differing[:10]


def test_second_generate_removes_files_that_no_longer_belong(fresh, tmp_path):
    work, out = fresh
    models = out / PACKAGE / "models"
    assert (models / "owner.py").is_file()
    (models / "stray.py").write_text("# not generated\n", encoding="utf-8")
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    smaller = without_schema(tmp_path, "Owner")
    result = generate(work, out, spec=smaller)
    assert result.returncode == 0, result.stderr
    assert not (
        models / "owner.py"
    ).exists(), "the module of a schema that left the spec is still there"
    assert not (models / "stray.py").exists()
    assert not (out / "notes").exists()
    assert "Owner" not in (models / "__init__.py").read_text(encoding="utf-8")
    assert check(work, out, spec=smaller).returncode == 0


def test_generate_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    before = snapshot(out)
    result = generate(tmp_path, out)
    assert result.returncode == 3, result.stderr
    assert "not written by sdkforge" in result.stderr
    assert "--out" in result.stderr
    assert result.stdout == ""
    assert snapshot(out) == before


def test_generate_accepts_an_empty_existing_folder(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    result = generate(tmp_path, out)
    assert result.returncode == 0, result.stderr
    assert (out / PACKAGE / "models" / "pet.py").is_file()


def test_generate_into_a_path_that_is_a_file_exits_3(tmp_path):
    target = tmp_path / "afile"
    target.write_text("data", encoding="utf-8")
    result = generate(tmp_path, target)
    assert result.returncode == 3, result.stderr
    assert target.read_text(encoding="utf-8") == "data"


def test_template_override_changes_every_model_module(fresh, tmp_path):
    work, out = fresh
    overrides = tmp_path / "my-templates"
    (overrides / "python").mkdir(parents=True)
    original = (TEMPLATES / "python" / "model.py.jinja").read_text(encoding="utf-8")
    marker = "# house style: reviewed by the platform team"
    lines = original.splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith("{% include"))
    lines.insert(header + 1, marker + "\n")
    (overrides / "python" / "model.py.jinja").write_text(
        "".join(lines), encoding="utf-8"
    )
    before = read_tree(out)
    result = generate(work, out, "--templates", overrides)
    assert result.returncode == 0, result.stderr
    after = read_tree(out)
    model_modules = [
        p
        for p, text in after.items()
        if p.startswith(f"{PACKAGE}/models/")
        and re.search(rb"^class \w+\((BaseModel|DeprecatedModel)\):", text, re.M)
    ]
    assert (
        len(model_modules) >= 7
    )  # Pet, Owner, Circle, Square, NotFound and two request models
    for path in model_modules:
        assert marker.encode() in after[path], path
        assert after[path].replace((marker + "\n").encode(), b"") == before[path], path
    others = [p for p in after if p not in model_modules]
    assert all(marker.encode() not in after[p] for p in others)
    assert check(work, out, "--templates", overrides).returncode == 0
    assert check(work, out).returncode == 1


# ---- check ------------------------------------------------------------------------------------------


def test_check_exits_0_on_a_fresh_tree(fresh):
    work, out = fresh
    result = check(work, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout
    assert read_tree(out)  # untouched, still there


def test_check_exits_1_with_a_diff_after_a_modification(fresh):
    work, out = fresh
    pet = out / PACKAGE / "models" / "pet.py"
    pet.write_text(
        pet.read_text(encoding="utf-8").replace("    name: str\n", "    name: int\n"),
        encoding="utf-8",
    )
    before = snapshot(out)
    result = check(work, out)
    assert result.returncode == 1
    assert f"--- a/{PACKAGE}/models/pet.py" in result.stdout
    assert f"+++ b/{PACKAGE}/models/pet.py" in result.stdout
    assert (
        "\n-    name: int\n" in result.stdout and "\n+    name: str\n" in result.stdout
    )
    assert "1 modified" in result.stderr
    assert "sdkforge generate" in result.stderr
    assert snapshot(out) == before, "check must not write"


def test_check_exits_1_after_adding_and_deleting_files(fresh):
    work, out = fresh
    (out / PACKAGE / "models" / "extra.py").write_text("x = 1\n", encoding="utf-8")
    (out / PACKAGE / "models" / "owner.py").unlink()
    result = check(work, out)
    assert result.returncode == 1
    assert f"--- a/{PACKAGE}/models/extra.py" in result.stdout
    assert f"+++ b/{PACKAGE}/models/owner.py" in result.stdout
    assert "1 missing" in result.stderr
    assert "1 no longer generated" in result.stderr


def test_check_names_the_exact_command_that_fixes_the_tree(fresh):
    """`sdkforge generate` alone would regenerate the default spec into the default folder."""
    work, out = fresh
    (out / PACKAGE / "models" / "owner.py").unlink()
    result = check(work, out)
    assert result.returncode == 1
    fix = result.stderr
    for option, value in (
        ("--spec", TINY_SPEC),
        ("--out", out),
        ("--package", PACKAGE),
    ):
        assert (
            f"{option} {value}" in fix
        ), f"the fix command lacks `{option} {value}`:\n{fix}"


def test_check_caps_the_diff_and_counts_the_files(fresh):
    work, out = fresh
    modules = sorted((out / PACKAGE / "models").glob("*.py"))
    for module in modules:
        module.write_text(
            "\n".join(f"line {i}" for i in range(100)) + "\n", encoding="utf-8"
        )
    result = check(work, out)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) <= 210, len(result.stdout.splitlines())
    assert "cut" in result.stdout.splitlines()[-1]
    assert f"{len(modules)} modified" in result.stderr


# ---- concurrency ---------------------------------------------------------------------------------------


def test_two_concurrent_generates_never_interleave(generated_sdks, tmp_path):
    """Two runs of different specs into one folder: both succeed, the result is exactly one of the two trees."""
    real = generated_sdks["2025-08-21"]
    commands = {
        "2025-08-21": ("--spec", real.spec, "--package", real.package),
        "tiny": ("--spec", TINY_SPEC, "--package", PACKAGE),
    }
    for round_number, order in enumerate(
        (("2025-08-21", "tiny"), ("tiny", "2025-08-21"))
    ):
        out = tmp_path / f"shared-{round_number}"
        runs = [
            start_cli("generate", *commands[name], "--out", out, cwd=tmp_path)
            for name in order
        ]
        for process in runs:
            stdout, stderr = process.communicate(timeout=300)
            assert process.returncode == 0, stderr
            assert SUMMARY.match(stdout.strip()), stdout
        # Exactly one of the two specs must find the tree up to date: complete, nothing of the other left.
        checks = {
            name: run_cli("check", *commands[name], "--out", out, cwd=tmp_path)
            for name in order
        }
        up_to_date = [name for name, result in checks.items() if result.returncode == 0]
        assert (
            len(up_to_date) == 1
        ), f"round {round_number}: the tree is not one complete tree: " + "; ".join(
            f"{name}: exit {result.returncode} {result.stderr.strip()[-300:]}"
            for name, result in checks.items()
        )
        leftovers = [
            p.name
            for p in tmp_path.iterdir()
            if p.name.startswith(f".{out.name}.") and not p.name.endswith(".lock")
        ]
        assert not leftovers, leftovers


# ---- exit 4: an internal error is never "stale" ---------------------------------------------------------


def test_action_and_pre_commit_hook_report_an_internal_error_as_exit_4(tmp_path):
    """A crash of sdkforge (here: its docs renderer cannot be imported) is exit 4 in the GitHub
    Action's script and in the pre-commit hook's entry, with a message that is not "stale".
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    shutil.copy(TINY_SPEC, repo / "api.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api.yaml"\nout = "sdk"\npackage = "tiny_sdk"\n',
        encoding="utf-8",
    )
    assert run_cli("generate", cwd=repo).returncode == 0
    crash = tmp_path / "crash"
    crash.mkdir()
    (crash / "sitecustomize.py").write_text(
        'import sys\nsys.modules["sdkforge.render.docs"] = None\n', encoding="utf-8"
    )
    env = dict(cli_env(), PYTHONPATH=str(crash), SDKFORGE_NO_CACHE="1")
    env["GITHUB_OUTPUT"] = str(tmp_path / "outputs.txt")
    (tmp_path / "outputs.txt").write_text("", encoding="utf-8")
    action = subprocess.run(
        ["bash", str(ROOT / "ci" / "sdkforge-action.sh")],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert action.returncode == 4, action.stdout + action.stderr
    assert "internal error: please report" in action.stderr
    assert "crashed (internal error, exit 4)" in action.stdout
    assert "stale" not in (tmp_path / "outputs.txt").read_text(encoding="utf-8")
    (hook,) = yaml.safe_load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    entry = subprocess.run(
        hook["entry"].split(),
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert entry.returncode == 4, entry.stderr
    assert "internal error: please report" in entry.stderr
    assert "is stale" not in entry.stderr


# ---- the formatting cache and the generation memo -------------------------------------------------------


def test_black_runs_in_parallel_with_the_same_result_as_one_by_one():
    from sdkforge import formatting

    texts = [  # black's style but for one long line, as the templates write
        f"def f{i}(a, b):\n    return {{'k{i}': [a, b, {'x' * 60!r}, {'y' * 40!r}]}}\n"
        for i in range(2 * formatting.PARALLEL_MIN_MODULES)
    ]
    assert black_in_workers(texts) == [formatting.format_one(t) for t in texts]
    whole = formatting.black.format_str(texts[0], mode=formatting.BLACK_MODE)
    assert black_in_workers(texts)[0] == whole != texts[0]


def test_cached_formatting_gives_the_same_tree_as_no_cache(tmp_path):
    spec = SHARED_SPECS / "2026-02-20.yaml"  # 20 modules with lines black must wrap
    cache = tmp_path / "cache"
    trees = {}
    for name, env in (
        ("cold", {"SDKFORGE_CACHE_DIR": str(cache)}),
        ("warm", {"SDKFORGE_CACHE_DIR": str(cache)}),
        ("none", {"SDKFORGE_NO_CACHE": "1"}),
    ):
        out = tmp_path / name
        result = subprocess.run(
            [*sdkforge_command(), "generate", "--spec", str(spec), "--out", str(out),
             "--package", "sdk_cached"],
            cwd=tmp_path, env={**cli_env(), **env}, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        trees[name] = read_tree(out)
        if name == "cold":
            assert list((cache / "black").rglob("*.py")), "nothing was cached"
            assert list((cache / "memo").glob("*.json")), "no generation memo"
    assert trees["cold"] == trees["warm"] == trees["none"]


def test_check_notices_an_edited_template_override_after_a_memo_hit(fresh, tmp_path):
    work, out = fresh
    overrides = tmp_path / "my-templates" / "python"
    overrides.mkdir(parents=True)
    model = TEMPLATES / "python" / "model.py.jinja"
    (overrides / "model.py.jinja").write_text(
        model.read_text(encoding="utf-8") + "# house style\n", encoding="utf-8"
    )
    assert generate(work, out, "--templates", overrides.parent).returncode == 0
    assert (
        check(work, out, "--templates", overrides.parent).returncode == 0
    )  # a memo hit
    (overrides / "model.py.jinja").write_text(
        model.read_text(encoding="utf-8") + "# house style, v2\n", encoding="utf-8"
    )
    stale = check(work, out, "--templates", overrides.parent)
    assert stale.returncode == 1
    assert "+# house style, v2" in stale.stdout


def test_check_notices_an_edited_file_the_spec_refers_to_after_a_memo_hit(tmp_path):
    """The memo's key holds the root spec; a file reached by `$ref` is checked by its digest."""
    spec_dir = tmp_path / "multifile"
    shutil.copytree(ROOT / "tests" / "spec" / "multifile", spec_dir)
    out = tmp_path / "out"
    spec = spec_dir / "openapi.yaml"
    assert generate(tmp_path, out, spec=spec).returncode == 0
    assert check(tmp_path, out, spec=spec).returncode == 0  # a memo hit
    owner = spec_dir / "schemas" / "owner.yaml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace(
            "properties:\n", "properties:\n  nickname: {type: string}\n", 1
        ),
        encoding="utf-8",
    )
    stale = check(tmp_path, out, spec=spec)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "nickname" in stale.stdout

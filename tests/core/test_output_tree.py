"""The output folder as users and CI meet it: packaging artifacts, git-ignored files, symlinks,
special files, the ownership guard, interrupted runs, and internal errors (exit 4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from . import test_cli
from .helpers import TINY_SPEC, cli_env, run_cli, snapshot
from .test_cli import PACKAGE, check, generate

# the tiny spec's generated tree, shared with test_cli.py
pristine, fresh = test_cli.pristine, test_cli.fresh

ARTIFACTS = (
    "build/lib/tiny_sdk/__init__.py",
    "dist/tiny_sdk-1.0.0.tar.gz",
    "tiny_sdk.egg-info/PKG-INFO",
    "tiny_sdk/__pycache__/client.cpython-311.pyc",
    ".pytest_cache/v/cache/nodeids",
    ".mypy_cache/3.11/x.json",
    ".ruff_cache/0.1/x",
)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    )


def make_git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "t@example.com")
    git(path, "config", "user.name", "t")
    return path


# ---- issue 14: artifacts of packaging and tools are not drift ---------------------------------------


def test_readme_flow_in_a_git_repo_generate_pip_install_build_then_check(tmp_path):
    """README: `sdkforge generate`, `pip install ./generated`, (`python -m build`), then `sdkforge check`."""
    repo = make_git_repo(tmp_path / "project")
    shutil.copy(TINY_SPEC, repo / "api.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.sdkforge]\nspec = "api.yaml"\nout = "generated"\npackage = "tiny_sdk"\n',
        encoding="utf-8",
    )
    assert run_cli("generate", cwd=repo).returncode == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "generated")
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         "--target", str(target), "./generated"],
        cwd=repo, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    if _has_build():
        built = subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "generated"],
            cwd=repo, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert built.returncode == 0, built.stdout + built.stderr
        assert list((repo / "generated" / "dist").iterdir())
    written = {p.name for p in (repo / "generated").iterdir()}
    assert {
        "build",
        "tiny_sdk.egg-info",
    } <= written, written  # the install did write them
    result = run_cli("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    # the generated .gitignore keeps them out of version control
    assert git(repo, "status", "--porcelain").stdout == ""
    (repo / "generated" / "notes.txt").write_text("mine", encoding="utf-8")
    stray = run_cli("check", cwd=repo)
    assert stray.returncode == 1
    assert "notes.txt" in stray.stdout and "1 no longer generated" in stray.stderr


def _has_build() -> bool:
    try:
        import build  # noqa: F401
    except ImportError:
        return False
    return True


def test_check_and_generate_leave_artifacts_alone(fresh, tmp_path):
    work, out = fresh
    for artifact in ARTIFACTS:
        (out / artifact).parent.mkdir(parents=True, exist_ok=True)
        (out / artifact).write_text("artifact", encoding="utf-8")
    result = check(work, out)
    assert result.returncode == 0, result.stdout + result.stderr
    # a regeneration that changes the tree keeps them (the clean-up removes only stale sdkforge files)
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(
        TINY_SPEC.read_text(encoding="utf-8").replace(
            "Tiny pets API", "Tiny pets API 2"
        ),
        encoding="utf-8",
    )
    assert generate(work, out, spec=smaller).returncode == 0
    for artifact in ARTIFACTS:
        assert (out / artifact).read_text(encoding="utf-8") == "artifact", artifact
    assert check(work, out, spec=smaller).returncode == 0


def test_git_ignored_files_are_not_drift_but_generated_files_always_are(tmp_path):
    repo = make_git_repo(tmp_path / "repo")
    out = repo / "sdk"
    assert generate(repo, out).returncode == 0
    (repo / ".gitignore").write_text(
        "*.log\ntiny_sdk/models/pet.py\n", encoding="utf-8"
    )
    (out / "debug.log").write_text("x", encoding="utf-8")
    assert check(repo, out).returncode == 0
    pet = out / PACKAGE / "models" / "pet.py"  # ignored by git, but sdkforge's own file
    pet.write_text(pet.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = check(repo, out)
    assert result.returncode == 1
    assert f"a/{PACKAGE}/models/pet.py" in result.stdout


def test_an_unknown_file_outside_git_is_still_drift(fresh):
    work, out = fresh
    (out / "build.txt").write_text("not an artifact", encoding="utf-8")
    assert check(work, out).returncode == 1


# ---- issue 9.1: links and special files are drift, by name only --------------------------------------


def test_check_never_follows_a_symlink_and_never_prints_its_target(fresh, tmp_path):
    work, out = fresh
    secret = tmp_path / "secret.env"
    secret.write_text("API_TOKEN=hunter2-very-secret\n", encoding="utf-8")
    (out / "leak.txt").symlink_to(secret)
    pet = out / PACKAGE / "models" / "pet.py"
    pet.unlink()
    pet.symlink_to(secret)
    (out / "docs" / "linked").symlink_to(tmp_path)  # a directory link: not descended
    result = check(work, out)
    assert result.returncode == 1
    everything = result.stdout + result.stderr
    assert "hunter2" not in everything
    assert "leak.txt: a symbolic link" in result.stdout
    assert f"{PACKAGE}/models/pet.py: a symbolic link" in result.stdout
    assert "docs/linked: a symbolic link" in result.stdout
    assert "secret.env" not in everything


def test_changelog_history_files_are_not_read_through_a_symlink(fresh, tmp_path):
    work, out = fresh
    secret = tmp_path / "secret.md"
    secret.write_text("hunter2\n", encoding="utf-8")
    (out / "CHANGELOG.md").symlink_to(secret)
    result = check(work, out)
    assert result.returncode == 1
    assert "hunter2" not in result.stdout + result.stderr
    assert generate(work, out).returncode == 0
    assert not (
        out / "CHANGELOG.md"
    ).exists()  # not carried over as a copy of the target


def test_check_does_not_open_a_fifo(fresh):
    work, out = fresh
    os.mkfifo(out / "pipe")
    result = check(
        work, out
    )  # opening the FIFO would block forever (run_cli has a timeout)
    assert result.returncode == 1
    assert "pipe: a special file" in result.stdout


# ---- issue 9.1: the ownership guard needs the manifest ----------------------------------------------


def test_an_empty_marker_folder_does_not_make_a_folder_ours(tmp_path):
    out = tmp_path / "mine"
    (out / ".sdkforge").mkdir(parents=True)
    (out / "thesis.tex").write_text("years of work", encoding="utf-8")
    before = snapshot(out)
    result = generate(tmp_path, out)
    assert result.returncode == 3, result.stderr
    assert "manifest.json" in result.stderr
    assert snapshot(out) == before


# ---- issue 9.6: the swap, and runs killed at a chosen point -----------------------------------------

KILLER = textwrap.dedent("""
    import os, signal, sys
    from sdkforge import output
    point = sys.argv[1]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "before-swap":
        output.swap_in = lambda staging, out: die()
    elif point == "between-renames":
        output.exchange = lambda first, second: False   # the two-rename fallback
        real_replace = os.replace
        def replace(src, dst):
            if ".new-" in os.fspath(src) and not os.fspath(dst).endswith(".tmp"):
                die()   # the old tree is renamed away, the new one not yet in place
            return real_replace(src, dst)
        output.os.replace = replace
    from sdkforge.cli import main
    sys.argv = ["sdkforge", *sys.argv[2:]]
    main()
    """)


def killed_generate(work: Path, out: Path, point: str, spec: Path) -> int:
    args = ["generate", "--spec", str(spec), "--out", str(out), "--package", PACKAGE]
    process = subprocess.run(
        [sys.executable, "-c", KILLER, point, *args],
        cwd=work, env=cli_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return process.returncode


def _other_spec(tmp_path: Path) -> Path:
    other = tmp_path / "other.yaml"
    other.write_text(
        TINY_SPEC.read_text(encoding="utf-8").replace("Tiny pets API", "Other API"),
        encoding="utf-8",
    )
    return other


def _siblings(out: Path) -> list[str]:
    return sorted(
        p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")
        and not p.name.endswith(".lock")
    )  # fmt: skip


def test_a_run_killed_before_the_swap_leaves_the_old_tree_and_the_next_cleans_up(
    fresh, tmp_path
):
    work, out = fresh
    before = snapshot(out)
    assert killed_generate(work, out, "before-swap", _other_spec(tmp_path)) == -9
    assert snapshot(out) == before
    assert any(".new-" in name for name in _siblings(out)), _siblings(out)
    assert generate(work, out).returncode == 0
    assert _siblings(out) == []
    assert check(work, out).returncode == 0


def test_a_run_killed_between_the_two_renames_is_repaired_by_the_next(fresh, tmp_path):
    work, out = fresh
    assert killed_generate(work, out, "between-renames", _other_spec(tmp_path)) == -9
    assert not out.exists()  # the window the fallback cannot close
    assert any(".old-" in name for name in _siblings(out)), _siblings(out)
    result = generate(work, out)  # restores the old tree, then finds it up to date
    assert result.returncode == 0, result.stderr
    assert " 0 files changed" in result.stdout
    assert _siblings(out) == []
    assert check(work, out).returncode == 0


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path):
    from sdkforge.output import exchange

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "from-a").touch()
    (second / "from-b").touch()
    if not exchange(first, second):
        pytest.skip("this platform or file system cannot exchange two folders")
    assert (first / "from-b").exists() and (second / "from-a").exists()


# ---- issue 9.4 / 9.5: exit 4 on internal errors ------------------------------------------------------

BROKEN_DOCS_IMPORT = textwrap.dedent("""
    import sys
    sys.modules["sdkforge.render.docs"] = None   # `from .render.docs import ...` raises ImportError
    from sdkforge.cli import main
    sys.argv = ["sdkforge", *sys.argv[1:]]
    main()
    """)


@pytest.mark.parametrize("debug", [False, True])
def test_a_broken_docs_renderer_is_exit_4_and_the_tree_is_kept(fresh, tmp_path, debug):
    work, out = fresh
    before = snapshot(out)
    args = ["--debug"] if debug else []
    args += [
        "generate",
        "--spec",
        str(_other_spec(tmp_path)),  # a change, so the whole pipeline runs
        "--out",
        str(out),
        "--package",
        PACKAGE,
    ]
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_DOCS_IMPORT, *args],
        cwd=work, env=cli_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 4, result.stderr
    assert "internal error: please report" in result.stderr
    assert "sdkforge.render.docs" in result.stderr
    assert ("Traceback" in result.stderr) is debug
    if not debug:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert snapshot(out) == before


def test_a_generated_module_that_does_not_compile_is_exit_4_with_the_pointer(
    fresh, tmp_path
):
    work, out = fresh
    before = snapshot(out)
    overrides = tmp_path / "bad-templates" / "python"
    overrides.mkdir(parents=True)
    model = (
        Path(__file__).resolve().parents[2] / "templates" / "python" / "model.py.jinja"
    )
    (overrides / "model.py.jinja").write_text(
        model.read_text(encoding="utf-8") + "\ndef class(:\n", encoding="utf-8"
    )
    result = generate(work, out, "--templates", overrides.parent)
    assert result.returncode == 4, result.stderr
    assert "internal error: please report" in result.stderr
    assert "does not compile" in result.stderr or "SyntaxError" in result.stderr
    assert "from the spec at /components/schemas/" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == before


# ---- issue 9.4: --package ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("package", "why"),
    [
        ("class", "keyword"),
        ("typing", "standard-library"),
        ("json", "standard-library"),
        ("acme.sdk", "dotted"),
        ("9lives", "identifier"),
    ],
)
def test_package_names_python_cannot_import_are_refused_with_exit_2(
    tmp_path, package, why
):
    result = generate(tmp_path, tmp_path / "out", package=package)
    assert result.returncode == 2, result.stderr
    assert f"--package {package!r}" in result.stderr and why in result.stderr
    assert not (tmp_path / "out").exists()


# ---- writing many files: two threads -----------------------------------------------------------------


def many_files(count: int) -> dict[str, str]:
    from sdkforge.output import GITIGNORE

    files = {f"pkg/m{i:04d}.py": f"VALUE = {i}\n" for i in range(count)}
    return files | {".gitignore": GITIGNORE, ".sdkforge/manifest.json": "{}\n"}


def test_a_large_tree_is_written_whole_by_two_threads(tmp_path):
    from sdkforge.output import PARALLEL_WRITE_MIN_FILES, write_tree

    files = many_files(PARALLEL_WRITE_MIN_FILES + 1)
    out = tmp_path / "out"
    assert write_tree(out, files).changed == len(files)
    written = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file()
    }
    assert written == files


def test_a_failed_write_in_either_thread_keeps_the_old_tree(tmp_path, monkeypatch):
    from sdkforge import output

    out = tmp_path / "out"
    output.write_tree(out, many_files(3))
    before = snapshot(out)
    real_write = output._write_new_file

    def disk_full_at_the_last_file(target, data):
        if str(target).endswith("m1000.py"):  # in one of the two threads
            raise OSError(28, "No space left on device", str(target))
        real_write(target, data)

    monkeypatch.setattr(output, "_write_new_file", disk_full_at_the_last_file)
    with pytest.raises(output.OutputError, match="No space left"):
        output.write_tree(out, many_files(output.PARALLEL_WRITE_MIN_FILES + 1))
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if ".new-" in p.name] == []

"""Generation benchmark: `sdkforge generate` / `check` against `datamodel-codegen`, side by side.

On one spec (default: the 769-schema ../shared/specs/openrouter/2026-08-22.yaml), each round
runs, as subprocesses and in an order that rotates from round to round:

  generate cold   `sdkforge generate` into an output directory that does not exist yet
  generate warm   `sdkforge generate` into an existing, up-to-date output directory
  check           `sdkforge check` on an up-to-date tree
  datamodel-codegen  `datamodel-codegen --input S --input-file-type openapi --output X/models.py`
                  (its defaults; models only)
  stages          one `generate_files(load_settings(...))` in a fresh interpreter, printing
                  `generation.seconds` (load+build, render python, render docs, format)

For every child: wall time (parent's clock around spawn..reap) and the child's own peak RSS and
CPU time from `os.wait4` (stdlib, no psutil). One discarded warm-up round first fills the bytecode
cache: the children run with PYTHONPYCACHEPREFIX=<tmp>/pycache and without
PYTHONDONTWRITEBYTECODE, so every contender starts from compiled bytecode (as after a pip install)
and nothing is written into the repo or site-packages. Before every child the parent calls
`os.sync()`, so the writeback of one child's files does not land in the next child's time.
The generator is a snapshot copied at the start (other people edit the working tree meanwhile).
Prints Markdown.

    python benchmarks/bench_generate.py [--spec S] [--rounds 5]
    python benchmarks/bench_generate.py --profile [--top 15]   # cProfile of generate_files
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = (
    ROOT / ".." / "shared" / "specs" / "openrouter" / "2026-08-22.yaml"
).resolve()
PACKAGE = "openrouter_sdk"
SOURCES = ("generator", "templates", "pyproject.toml")
# The source folder generator/ is imported as sdkforge (pyproject's package-dir).
IMPORT_NAMES = {"generator": "sdkforge"}
STAGES = ("load+build", "render python", "render docs", "format")


@dataclass
class Sample:
    wall: float  # seconds, spawn to reap
    cpu: float  # user + sys of the child
    rss_mib: float  # the child's peak resident set size
    code: int
    stdout: str


@dataclass
class Contender:
    name: str
    samples: list[Sample] = field(default_factory=list)
    stages: list[dict[str, float]] = field(default_factory=list)


def run_child(argv: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Sample:
    """Run argv to completion; measure wall time, and peak RSS and CPU of exactly this child."""
    os.sync()  # the previous child's dirty pages are flushed now, not while this one runs
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        code=code,
        stdout=log.read_text(encoding="utf-8", errors="replace"),
    )


def child_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def executable(name: str) -> str:
    found = shutil.which(name) or shutil.which(
        name, path=str(Path(sys.executable).parent)
    )
    if not found:
        sys.exit(f"{name} is not on PATH")
    return found


def snapshot(source: str, dest: Path) -> str:
    """Freeze the generator for the whole run: other people edit the working tree meanwhile."""
    dest.mkdir(parents=True)
    if source == "HEAD":
        archive = subprocess.run(
            ["git", "archive", "HEAD", *SOURCES],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    else:
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(
                    ROOT / name,
                    dest / IMPORT_NAMES.get(name, name),
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
            else:
                shutil.copy2(ROOT / name, dest / name)
    return source


def bench(spec: Path, rounds: int, keep: bool, source: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sdkforge-bench-generate-"))
    src = tmp / "src"
    snapshot(source, src)
    env = child_env(tmp)
    env["PYTHONPATH"] = str(src)  # ahead of the editable install's finder
    sdkforge, dmcg = [sys.executable, "-m", "sdkforge.cli"], executable(
        "datamodel-codegen"
    )
    load_before = os.getloadavg()[0]
    where = subprocess.run(
        [sys.executable, "-c", "import sdkforge; print(sdkforge.__file__)"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not where.startswith(str(src)):
        sys.exit(f"the snapshot is not what runs: generator imports from {where!r}")
    warm_out = tmp / "warm" / "out"
    common = ["--spec", str(spec), "--package", PACKAGE]

    def gen_cold(i: int) -> list[str]:
        return [*sdkforge, "generate", *common, "--out", str(tmp / f"cold-{i}" / "out")]

    def gen_warm(i: int) -> list[str]:
        return [*sdkforge, "generate", *common, "--out", str(warm_out)]

    def check(i: int) -> list[str]:
        return [*sdkforge, "check", *common, "--out", str(warm_out)]

    def datamodel(i: int) -> list[str]:
        (tmp / f"dmcg-{i}").mkdir()
        return [
            dmcg,
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(tmp / f"dmcg-{i}" / "models.py"),
        ]

    def stages(i: int) -> list[str]:
        return [
            sys.executable,
            str(Path(__file__).resolve()),
            "--stages-child",
            "--spec",
            str(spec),
            "--out",
            str(tmp / f"stages-{i}"),
            "--src",
            str(src),
        ]

    commands = {
        "sdkforge generate (cold)": gen_cold,
        "sdkforge generate (warm)": gen_warm,
        "sdkforge check (up to date)": check,
        "datamodel-codegen": datamodel,
        "stages (in-process generate_files)": stages,
    }
    contenders = {name: Contender(name) for name in commands}
    names = list(commands)

    # Prepare the up-to-date tree (also the warm-up of the bytecode cache for sdkforge).
    first = run_child(
        [*sdkforge, "generate", *common, "--out", str(warm_out)],
        cwd=src,
        env=env,
        log=tmp / "prepare.log",
    )
    if first.code != 0:
        sys.exit(
            f"sdkforge generate failed (exit {first.code}):\n{first.stdout[-3000:]}"
        )
    summary_line = first.stdout.strip().splitlines()[-1]

    for round_no in range(-1, rounds):  # round -1: warm-up, discarded
        offset = round_no % len(names)
        order = names[offset:] + names[:offset]
        for name in order:
            tag = f"{round_no + 1}"
            sample = run_child(
                commands[name](tag),
                cwd=src,
                env=env,
                log=tmp / f"{names.index(name)}-{tag}.log",
            )
            if sample.code != 0:
                print(
                    f"<!-- {name} exited {sample.code} in round {round_no}: {sample.stdout[-500:]!r} -->"
                )
            if round_no < 0:
                continue
            contender = contenders[name]
            contender.samples.append(sample)
            if name.startswith("stages") and sample.code == 0:
                contender.stages.append(
                    json.loads(sample.stdout.strip().splitlines()[-1])
                )
        if round_no >= 0:
            print(
                f"<!-- round {round_no + 1}/{rounds} done -->",
                file=sys.stderr,
                flush=True,
            )

    header = f"{machine_line(source)}; load avg {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    report(spec, rounds, contenders, summary_line, header, source)
    if keep:
        print(f"\n(kept {tmp})")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def report(
    spec: Path,
    rounds: int,
    contenders: dict[str, Contender],
    summary_line: str,
    header: str,
    source: str,
) -> None:
    med = statistics.median
    ref = contenders["datamodel-codegen"].samples
    ref_wall, ref_rss = med(s.wall for s in ref), med(s.rss_mib for s in ref)
    ref_cpu, ref_min = med(s.cpu for s in ref), min(s.wall for s in ref)
    print(header)
    print(
        f"spec: `{spec}` ({spec.stat().st_size / 1e6:.2f} MB); generator snapshot: {source}; "
        f"{rounds} rounds, rotating order, after 1 warm-up round"
    )
    print(f"sdkforge output: `{summary_line}`\n")
    print(
        "| run | wall median (s) | wall min (s) | CPU median (s) | peak RSS median (MiB) "
        "| wall / dmcg | min wall / dmcg | CPU / dmcg | peak RSS / dmcg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in contenders.values():
        if not c.samples:
            continue
        walls, rss = [s.wall for s in c.samples], [s.rss_mib for s in c.samples]
        failed = sum(s.code != 0 for s in c.samples)
        name = c.name + (f" ({failed} failed)" if failed else "")
        print(
            f"| {name} | {med(walls):.2f} | {min(walls):.2f} | {med(s.cpu for s in c.samples):.2f} | {med(rss):.0f} | "
            f"{med(walls) / ref_wall:.2f}x | {min(walls) / ref_min:.2f}x | {med(s.cpu for s in c.samples) / ref_cpu:.2f}x | {med(rss) / ref_rss:.2f}x |"
        )
    cold = contenders["sdkforge generate (cold)"].samples
    print()
    for name in ("sdkforge generate (cold)", "sdkforge generate (warm)"):
        runs = contenders[name].samples
        wall_ratio = med(s.wall for s in runs) / ref_wall
        rss_ratio = med(s.rss_mib for s in runs) / ref_rss
        print(
            f"- {name}: wall **{wall_ratio:.2f}x** datamodel-codegen (target <= 0.50x: "
            f"{'met' if wall_ratio <= 0.5 else f'MISSED by {wall_ratio - 0.5:.2f}x'}; min/min "
            f"{min(s.wall for s in runs) / ref_min:.2f}x, CPU {med(s.cpu for s in runs) / ref_cpu:.2f}x), "
            f"peak RSS **{rss_ratio:.2f}x** (target <= 1.00x: {'met' if rss_ratio <= 1.0 else 'MISSED'})"
        )

    stage_runs = contenders["stages (in-process generate_files)"].stages
    if stage_runs:
        print(
            "\nStages of `generate_files` (fresh interpreter each round; `generation.seconds`):\n"
        )
        print("| stage | median (s) | min (s) | share |")
        print("|---|---:|---:|---:|")
        medians = {k: med(r.get(k, 0.0) for r in stage_runs) for k in STAGES}
        total = sum(medians.values())
        for k in STAGES:
            print(
                f"| {k} | {medians[k]:.2f} | {min(r.get(k, 0.0) for r in stage_runs):.2f} | {medians[k] / total:.0%} |"
            )
        print(f"| **total generate_files** | {total:.2f} | | 100% |")
        imports = med(r["imports"] for r in stage_runs)
        print(
            f"\nOutside `generate_files`: importing the generator takes {imports:.2f} s (median); the rest of the "
            f"cold CLI wall ({med(s.wall for s in cold):.2f} s) is interpreter start-up and writing the tree."
        )


def machine_line(source: str) -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "generator", "templates"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        commit, dirty = "?", ""
    versions = []
    for dist in ("datamodel-code-generator", "black", "pydantic"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            pass
    return (
        f"machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}, Python {platform.python_version()}, "
        f"{', '.join(versions)}; repo at {commit}"
        f"{' (+ uncommitted changes in generator/ or templates/)' if dirty and source == 'worktree' else ''}"
    )


def stages_child(spec: Path, out: Path, src: Path) -> None:
    """One in-process generation in this fresh interpreter; prints the stage timings as JSON."""
    started = time.perf_counter()
    sys.path.insert(0, str(src))
    from sdkforge.config import load_settings
    from sdkforge.pipeline import generate_files

    imports = time.perf_counter() - started
    generation = generate_files(
        load_settings({"spec": spec, "out": out, "package": PACKAGE}, project_dir=src)
    )
    print(json.dumps({**generation.seconds, "imports": imports}))


def profile(spec: Path, top: int) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT))
    from sdkforge.config import load_settings
    from sdkforge.pipeline import generate_files

    settings = load_settings({"spec": spec, "package": PACKAGE}, project_dir=ROOT)
    profiler = cProfile.Profile()
    profiler.enable()
    generation = generate_files(settings)
    profiler.disable()
    print(
        f"generation.seconds: { {k: round(v, 2) for k, v in generation.seconds.items()} }"
    )
    for key in ("cumulative", "tottime"):
        print(f"\n--- top {top} by {key} ---")
        pstats.Stats(profiler).strip_dirs().sort_stats(key).print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one generate_files instead"
    )
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--stages-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--source",
        choices=["worktree", "HEAD"],
        default="worktree",
        help="generator code to measure: a copy of the working tree (default) or of the last commit",
    )
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    spec = args.spec.resolve()
    if args.stages_child:
        stages_child(spec, args.out, args.src)
    elif args.profile:
        profile(spec, args.top)
    else:
        bench(spec, args.rounds, args.keep, args.source)


if __name__ == "__main__":
    main()

"""Generation benchmark: `sdkforge generate` / `check` against `datamodel-codegen`, side by side.

On each spec (default: the issue's three, ../shared/specs/openrouter/2026-08-22.yaml,
../shared/specs/zoo/box.json and ../shared/specs/zoo/stripe.yaml), each round runs, as
subprocesses and in an order that rotates from round to round:

  generate, empty cache  `sdkforge generate` into a new output folder with an empty cache folder
                         (SDKFORGE_CACHE_DIR): the first run on a machine
  generate, warm cache   the same into a new output folder, with the cache of earlier runs
                         (formatted modules, the generation memo)
  generate, up to date   `sdkforge generate` into an existing, up-to-date output folder
  check                  `sdkforge check` on an up-to-date tree
  datamodel-codegen      `datamodel-codegen --input S --input-file-type openapi --output X/models/`
                         (its defaults; models only; into an output folder)
  stages (--stages)      one `generate_files(load_settings(...))` in a fresh interpreter without
                         caches, printing `generation.seconds` (load+build, render, format, verify)

For every child: wall time (parent's clock around spawn..reap) and the child's own peak RSS and
CPU time from `os.wait4` (stdlib, no psutil). One discarded warm-up round first fills the bytecode
cache: the children run with PYTHONPYCACHEPREFIX=<tmp>/pycache and without
PYTHONDONTWRITEBYTECODE, so every contender starts from compiled bytecode (as after a pip install)
and nothing is written into the repo or site-packages. Before every child the parent calls
`os.sync()`, so the writeback of one child's files does not land in the next child's time.
The generator is a snapshot copied at the start (other people edit the working tree meanwhile).
Prints Markdown.

    python benchmarks/bench_generate.py [--spec S ...] [--rounds 3]
    python benchmarks/bench_generate.py --profile [--top 15]   # cProfile of generate_files
    python benchmarks/bench_generate.py --black-work [--spec S ...]

--black-work counts what black is given on each spec (the renderers' unformatted modules,
in this process): the modules with a line over the limit, those `needs_black` sends to black,
their lines (what black read when it formatted whole modules), the lines of the statements
holding a long line and the lines black reads now (of an exploded statement only its long
element lines), with black's CPU time both ways and whether the results are identical.
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "specs").resolve()
# The three: the largest OpenRouter spec, Box (JSON) and Stripe (the largest).
DEFAULT_SPECS = (
    SHARED / "openrouter" / "2026-08-22.yaml",
    SHARED / "zoo" / "box.json",
    SHARED / "zoo" / "stripe.yaml",
)
PACKAGE = "openrouter_sdk"
SOURCES = ("generator", "templates", "pyproject.toml")
# The source folder generator/ is imported as sdkforge (pyproject's package-dir).
IMPORT_NAMES = {"generator": "sdkforge"}
# black formats in worker processes from "render python" on; the parent renders the docs and
# checks the other modules meanwhile, then checks black's modules as they come back.
STAGES = (
    "load+build",
    "render python",
    "verify",
    "render docs (the rest)",
    "format and verify black's modules",
)


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
        for name, import_name in IMPORT_NAMES.items():
            (dest / name).rename(dest / import_name)
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


def commands_for(
    spec: Path,
    tmp: Path,
    src: Path,
    sdkforge: list[str],
    dmcg: str,
    with_stages: bool,
) -> dict[str, Callable[[str], tuple[list[str], dict[str, str]]]]:
    """Contender name -> (round tag -> argv and extra environment)."""
    tag = spec.stem
    warm_out = tmp / tag / "warm" / "out"
    common = ["--spec", str(spec), "--package", PACKAGE]
    shared_cache = {"SDKFORGE_CACHE_DIR": str(tmp / tag / "cache")}

    def gen_empty(i: str) -> tuple[list[str], dict[str, str]]:
        out = str(tmp / tag / f"empty-{i}" / "out")
        # a new output folder and an empty cache: the first run on a machine
        return [*sdkforge, "generate", *common, "--out", out], {
            "SDKFORGE_CACHE_DIR": str(tmp / tag / f"empty-{i}" / "cache")
        }

    def gen_cold(i: str) -> tuple[list[str], dict[str, str]]:
        out = str(tmp / tag / f"cold-{i}" / "out")
        return [*sdkforge, "generate", *common, "--out", out], shared_cache

    def gen_warm(i: str) -> tuple[list[str], dict[str, str]]:
        return [*sdkforge, "generate", *common, "--out", str(warm_out)], shared_cache

    def check(i: str) -> tuple[list[str], dict[str, str]]:
        return [*sdkforge, "check", *common, "--out", str(warm_out)], shared_cache

    def datamodel(i: str) -> tuple[list[str], dict[str, str]]:
        # into an output folder: specs with modular references (Stripe) need one
        output = str(tmp / tag / f"dmcg-{i}" / "models")
        argv = [dmcg, "--input", str(spec), "--input-file-type", "openapi"]
        return [*argv, "--output", output], {}

    def stages(i: str) -> tuple[list[str], dict[str, str]]:
        out = str(tmp / tag / f"stages-{i}")
        argv = [sys.executable, str(Path(__file__).resolve()), "--stages-child"]
        return [*argv, "--spec", str(spec), "--out", out, "--src", str(src)], {
            "SDKFORGE_NO_CACHE": "1"
        }

    commands = {
        "sdkforge generate (new out, empty cache)": gen_empty,
        "sdkforge generate (new out, warm cache)": gen_cold,
        "sdkforge generate (up-to-date out)": gen_warm,
        "sdkforge check (up to date)": check,
        "datamodel-codegen": datamodel,
    }
    if with_stages:
        commands["stages (in-process generate_files, no cache)"] = stages
    return commands


def bench(
    specs: list[Path], rounds: int, keep: bool, source: str, with_stages: bool
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sdkforge-bench-generate-"))
    src = tmp / "src"
    snapshot(source, src)
    env = child_env(tmp)
    env["PYTHONPATH"] = str(src)  # ahead of the editable install's finder
    sdkforge = [sys.executable, "-m", "sdkforge.cli"]
    dmcg = executable("datamodel-codegen")
    where = subprocess.run(
        [sys.executable, "-c", "import sdkforge; print(sdkforge.__file__)"],
        cwd=src, env=env, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if not where.startswith(str(src)):
        sys.exit(f"the snapshot is not what runs: generator imports from {where!r}")
    load_before = os.getloadavg()[0]
    print(machine_line(source))
    for spec in specs:
        commands = commands_for(spec, tmp, src, sdkforge, dmcg, with_stages)
        contenders = {name: Contender(name) for name in commands}
        summary_line = run_rounds(commands, contenders, rounds, src, env, tmp, spec)
        header = f"load avg {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
        report(spec, rounds, contenders, summary_line, header, source)
    if keep:
        print(f"\n(kept {tmp})")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def run_rounds(
    commands: dict[str, Callable[[str], tuple[list[str], dict[str, str]]]],
    contenders: dict[str, Contender],
    rounds: int,
    src: Path,
    env: dict[str, str],
    tmp: Path,
    spec: Path,
) -> str:
    """One discarded warm-up round (it also fills the cache and the up-to-date tree), then `rounds`."""
    names = list(commands)
    summary_line = ""
    for round_no in range(-1, rounds):
        offset = round_no % len(names)
        for name in names[offset:] + names[:offset]:
            argv, extra = commands[name](f"{round_no + 1}")
            log = tmp / f"{spec.stem}-{names.index(name)}-{round_no + 1}.log"
            sample = run_child(argv, cwd=src, env={**env, **extra}, log=log)
            if sample.code != 0:
                print(f"<!-- {name} exited {sample.code}: {sample.stdout[-500:]!r} -->")
            if name.endswith("(new out, empty cache)") and sample.code == 0:
                summary_line = sample.stdout.strip().splitlines()[-1]
            if round_no < 0:
                continue
            contenders[name].samples.append(sample)
            if name.startswith("stages") and sample.code == 0:
                contenders[name].stages.append(
                    json.loads(sample.stdout.strip().splitlines()[-1])
                )
        print(
            f"<!-- {spec.name}: round {round_no + 1}/{rounds} done -->",
            file=sys.stderr,
            flush=True,
        )
    return summary_line


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
    cold = contenders["sdkforge generate (new out, empty cache)"].samples
    print()
    for name in (
        "sdkforge generate (new out, empty cache)",
        "sdkforge generate (new out, warm cache)",
    ):
        runs = contenders[name].samples
        wall_ratio = med(s.wall for s in runs) / ref_wall
        rss_ratio = med(s.rss_mib for s in runs) / ref_rss
        print(
            f"- {name}: wall **{wall_ratio:.2f}x** datamodel-codegen (target <= 0.50x: "
            f"{'met' if wall_ratio <= 0.5 else f'MISSED by {wall_ratio - 0.5:.2f}x'}; min/min "
            f"{min(s.wall for s in runs) / ref_min:.2f}x, CPU {med(s.cpu for s in runs) / ref_cpu:.2f}x), "
            f"peak RSS **{rss_ratio:.2f}x** (target <= 1.00x: {'met' if rss_ratio <= 1.0 else 'MISSED'})"
        )
    checks = contenders["sdkforge check (up to date)"].samples
    worst = max(s.wall for s in checks)
    print(
        f"- sdkforge check (up to date): wall median {med(s.wall for s in checks):.2f} s, "
        f"worst {worst:.2f} s (target <= 1 s: {'met' if worst <= 1.0 else 'MISSED'})"
    )

    stages = contenders.get("stages (in-process generate_files, no cache)")
    stage_runs = stages.stages if stages else []
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


def black_work(spec: Path) -> None:
    """What black is given for one spec: before (whole modules, any long code line) and now."""
    sys.path.insert(0, str(ROOT))
    import black
    from sdkforge import formatting, pipeline
    from sdkforge.config import load_settings

    captured: dict[str, str] = {}
    pipeline.start_formatting = lambda files: captured.update(files) or formatting.start_formatting({})  # type: ignore[assignment,func-returns-value]
    with tempfile.TemporaryDirectory() as out:
        pipeline.generate_files(
            load_settings({"spec": spec, "out": Path(out), "package": PACKAGE})
        )
    modules = {p: t for p, t in captured.items() if p.endswith(".py")}
    over = [t for t in modules.values() if any(len(x) > 88 for x in t.splitlines())]
    before = [t for t in modules.values() if _needed_black_before(t)]
    sent = [t for t in modules.values() if formatting.needs_black(t)]
    statement_lines = black_lines = 0
    for text in sent:
        long_lines = set(formatting._long_lines(text))
        lines = text.splitlines(keepends=True)
        for span in formatting._spans(lines, long_lines):
            statement = lines[span.start - 1 : span.end]
            statement_lines += len(statement)
            elements = formatting._long_elements(statement, span.depth)
            # an exploded statement: black reads its long element lines, each once
            black_lines += len(statement) if elements is None else len(elements)
    started = time.process_time()
    for text in before:
        black.format_str(text, mode=formatting.BLACK_MODE)
    before_cpu = time.process_time() - started
    formatting._black_in_blocks.cache_clear()
    started = time.process_time()
    pieces = [formatting.format_one(t) for t in sent]
    now_cpu = time.process_time() - started
    whole = [black.format_str(t, mode=formatting.BLACK_MODE) for t in sent]
    print(
        f"| {spec.name} | {len(modules):,} | {len(over):,} | {len(before):,} | {len(sent):,} "
        f"| {sum(t.count(chr(10)) for t in before):,} | {statement_lines:,} | {black_lines:,} "
        f"| {before_cpu:.1f} | {now_cpu:.1f} | {'yes' if whole == pieces else 'NO'} |",
        flush=True,
    )


def _needed_black_before(text: str) -> bool:
    """The rule before statement formatting: any code line over 88 columns sent the module."""
    in_docstring = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if in_docstring:
            in_docstring = '"""' not in line
        elif stripped.startswith('"""'):
            in_docstring = stripped.count('"""') == 1
        elif (
            len(line) > 88
            and not stripped.startswith("#")
            and not line.endswith(" import (")
        ):
            return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--spec",
        type=Path,
        action="append",
        help="repeatable [the issue's three specs]",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--stages", action="store_true", help="also time the stages of generate_files"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one generate_files instead"
    )
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--black-work", action="store_true", help="what black is given, per spec"
    )
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
    specs = [spec.resolve() for spec in args.spec or DEFAULT_SPECS]
    if args.stages_child:
        stages_child(specs[0], args.out, args.src)
    elif args.black_work:
        print(
            "| spec | modules | with a line > 88 | sent to black before | now "
            "| lines black read before (whole modules) | lines of the long statements "
            "| lines black reads now (long elements of exploded statements) "
            "| black CPU before (s) | now (s) | now identical to whole-module black |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for spec in specs:
            black_work(spec)
    elif args.profile:
        profile(specs[0], args.top)
    else:
        bench(specs, args.rounds, args.keep, args.source, args.stages)


if __name__ == "__main__":
    main()

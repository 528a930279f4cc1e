"""Benchmark: `sdkforge diff` on the 2026-02-20 -> 2026-08-22 pair (221 -> 769 schemas).

Side by side, each in a fresh process, median of --repeat runs:

  build_api     `build_api(doc)` of the larger spec alone (the document already parsed)
  load+build    import sdkforge, then load_spec + validate + build_api of the larger spec (what
                any command pays first)
  diff          `sdkforge diff OLD NEW` (both specs built one after the other, then compare +
                Markdown)
  diff --json   the same with `--format json`
  generate      `sdkforge generate` of the larger spec, for the issue's yardstick

CPU time is user + system of the process. The `build_api` row times the call only; the other
rows count from the first import of sdkforge (interpreter start-up excluded) and their CPU
column the whole process. Peak memory is the maximum resident set size (ru_maxrss). Inside
`diff` the stages are timed too (load both, compare, render). Run:

    python benchmarks/bench_diff.py [--repeat 3] [--no-generate]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT.parent / "shared" / "specs" / "openrouter"
OLD, NEW = SPECS / "2026-02-20.yaml", SPECS / "2026-08-22.yaml"

# Each probe runs in a fresh interpreter and prints one JSON line: seconds and peak RSS (KiB).
PROBES = {
    # the call alone: the document is parsed before the clock starts
    "build_api": """
import json, resource, time
from sdkforge.spec import load_spec
from sdkforge.build import build_api
doc = load_spec({new!r})
start, cpu = time.perf_counter(), time.process_time()
build_api(doc)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": seconds, "rss": u.ru_maxrss, "cpu": cpu}}))
""",
    # like a command: from the first import of sdkforge to the model of the larger spec
    "load+build": """
import json, resource, time
start = time.perf_counter()
from sdkforge.pipeline import load_api
load_api({new!r})
seconds = time.perf_counter() - start
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": seconds, "rss": u.ru_maxrss, "cpu": u.ru_utime + u.ru_stime}}))
""",
    "diff stages": """
import json, resource, time
from pathlib import Path
from sdkforge.history import load_pair
from sdkforge.changes import compare, to_markdown
t0 = time.perf_counter(); old, new = load_pair(Path({old!r}), Path({new!r}))
t1 = time.perf_counter(); c0 = time.process_time(); report = compare(old, new)
t2 = time.perf_counter(); c1 = time.process_time(); text = to_markdown(report)
t3 = time.perf_counter()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": t3 - t0, "load": t1 - t0, "compare": t2 - t1, "compare_cpu": c1 - c0, "render": t3 - t2, "changes": len(report.changes),
                  "rss": u.ru_maxrss, "cpu": u.ru_utime + u.ru_stime}}))
""",
}

# The CLI itself, timed from outside (wall clock includes the interpreter's start-up and imports).
CLI = """
import json, resource, sys, time
start = time.perf_counter()
sys.argv = ["sdkforge", *{args!r}]
from sdkforge.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
seconds = time.perf_counter() - start
sys.stdout.flush()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"seconds": seconds, "rss": u.ru_maxrss, "cpu": u.ru_utime + u.ru_stime}}), file=sys.stderr)
"""


def run(code: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [
        line
        for line in (result.stdout + "\n" + result.stderr).splitlines()
        if line.startswith("{") and '"seconds"' in line
    ]
    if not lines:
        raise RuntimeError(f"probe failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(lines[-1])


def median_of(samples: list[dict]) -> dict:
    keys = samples[0].keys()
    return {k: statistics.median(s[k] for s in samples) for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-generate",
        action="store_true",
        help="skip the `sdkforge generate` yardstick",
    )
    options = parser.parse_args()
    if not NEW.is_file():
        sys.exit(f"the specs are not at {SPECS}")
    rows: list[tuple[str, dict]] = []
    cases = [
        ("build_api (larger spec)", PROBES["build_api"].format(new=str(NEW))),
        ("load+build (larger spec)", PROBES["load+build"].format(new=str(NEW))),
        ("sdkforge diff", CLI.format(args=["diff", str(OLD), str(NEW)])),
        (
            "sdkforge diff --format json",
            CLI.format(args=["diff", str(OLD), str(NEW), "--format", "json"]),
        ),
        (
            "diff stages (in-process)",
            PROBES["diff stages"].format(old=str(OLD), new=str(NEW)),
        ),
    ]
    out = None
    if not options.no_generate:
        out = Path(tempfile.mkdtemp(prefix="bench-diff-")) / "sdk"
        cases.append(
            (
                "sdkforge generate (larger spec)",
                CLI.format(args=["generate", "--spec", str(NEW), "--out", str(out)]),
            )
        )
    for name, code in cases:
        samples = [run(code) for _ in range(options.repeat)]
        rows.append((name, median_of(samples)))
        print(f"{name:34} {rows[-1][1]['seconds']:6.2f} s", file=sys.stderr)
    print()
    print(
        f"`sdkforge diff` {OLD.name} -> {NEW.name}, median of {options.repeat} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    print()
    print("| run | wall time | CPU | peak RSS |")
    print("|---|---:|---:|---:|")
    for name, row in rows:
        print(
            f"| {name} | {row['seconds']:.2f} s | {row['cpu']:.2f} s | {row['rss'] / 1024:.0f} MiB |"
        )
    stages = dict(rows)["diff stages (in-process)"]
    print()
    print(
        f"Inside diff: load+build of both specs {stages['load']:.2f} s, compare {stages['compare']:.3f} s "
        f"({stages['compare_cpu']:.3f} s CPU), Markdown {stages['render']:.3f} s; {stages['changes']:.0f} changes."
    )


if __name__ == "__main__":
    main()

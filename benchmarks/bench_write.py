"""Writing a generated tree: one thread against two (generator/output.py), side by side.

Generates the files of one spec in memory once, then writes them with `write_tree` into a new
folder per run, alternating one thread and two, and reports the medians and their ratio. The
file system sets the pace (a busy writeback makes every run slow), so only the ratio of runs
interleaved in one process means anything. The trees are removed at the end, not between runs
(deleting 13,000 files keeps the disk busy for seconds):

    python benchmarks/bench_write.py [--spec S] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sdkforge import output
from sdkforge.config import load_settings
from sdkforge.pipeline import generate_files

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO.parent / "shared" / "specs" / "zoo" / "stripe.yaml"


def timed_write(files: dict[str, str], root: Path, threads: int) -> float:
    """Seconds to write `files` into a new folder under `root`. What earlier runs wrote is
    flushed to disk first (`os.sync`, untimed): their writeback would slow this run down.
    """
    output.PARALLEL_WRITE_MIN_FILES = 1 if threads == 2 else len(files) + 1
    folder = Path(tempfile.mkdtemp(dir=root))
    os.sync()
    started = time.perf_counter()
    output.write_tree(folder / "out", files)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ["SDKFORGE_NO_CACHE"] = "1"
    with tempfile.TemporaryDirectory() as scratch:
        settings = load_settings({"spec": args.spec, "out": Path(scratch) / "unused"})
        files = generate_files(settings).files
        times: dict[int, list[float]] = {1: [], 2: []}
        for round_ in range(args.rounds):
            for threads in (1, 2) if round_ % 2 == 0 else (2, 1):
                times[threads].append(timed_write(files, Path(scratch), threads))
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"{args.spec.name}: {len(files)} files, {args.rounds} rounds each")
    for threads in (1, 2):
        runs = ", ".join(f"{t:.2f}" for t in times[threads])
        print(
            f"  {threads} thread(s): median {statistics.median(times[threads]):.2f} s ({runs})"
        )
    print(f"  two / one: {two / one:.2f}x")


if __name__ == "__main__":
    main()

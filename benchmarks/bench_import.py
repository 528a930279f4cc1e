"""Import-time benchmark: our generated package against the PyPI `openrouter` SDK, side by side.

Every measurement is a fresh interpreter; rounds alternate between the contenders (rotating
order), after one discarded warm-up round, and the median of the rounds is reported:

  python start-up         `python -c pass`, for scale
  first chunk             `import <package>` + import of the chunk model + its first
                          `model_validate_json(<a realistic chat chunk>)`
                          ours: `openrouter_sdk.models.ChatStreamingResponseChunk` (named
                          `ChatStreamChunk` in specs from 2026-08-22 on)
                          openrouter: `openrouter.components.ChatStreamChunk`
  all models              getattr of every name each package exports from its models namespaces
                          ours: `openrouter_sdk.models` (+ `.operations`, `.errors`)
                          openrouter: `openrouter.components` (the 3,205 of the issue), and
                          `components` + `operations` + `errors`

The times are taken inside the child with `time.perf_counter()` (so interpreter start-up is not
in them); the child's whole wall time and peak RSS (`os.wait4`) are reported too. Our package is
generated into a temporary directory from --spec (default: specs/openrouter.yaml). The children
run with PYTHONPYCACHEPREFIX=<tmp>/pycache and without PYTHONDONTWRITEBYTECODE, so after the
warm-up round both packages import from compiled bytecode, as after `pip install`.

    python benchmarks/bench_import.py [--spec S ...] [--rounds 7]
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
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "openrouter_sdk"

# One realistic chunk from the middle of a tool-calling stream with reasoning: integer `created`
# and token counts, explicit nulls, an OpenRouter-only field (`provider`), nested usage details.
CHUNK = json.dumps(
    {
        "id": "gen-1743080000-9aQ1bX7kLmN2",
        "provider": "OpenAI",
        "model": "openai/gpt-4o",
        "object": "chat.completion.chunk",
        "created": 1743080000,
        "system_fingerprint": "fp_f33640a400",
        "choices": [
            {
                "index": 0,
                "delta": {
                    "role": "assistant",
                    "content": "The weather in Paris is",
                    "reasoning": "The user asks about Paris; call the tool.",
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_8fQ2",
                            "type": "function",
                            "function": {
                                "name": "get_weather",
                                "arguments": '{"city": "Paris"}',
                            },
                        }
                    ],
                },
                "finish_reason": None,
                "native_finish_reason": None,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": 42,
            "completion_tokens": 17,
            "total_tokens": 59,
            "prompt_tokens_details": {"cached_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 9},
        },
    }
)

# The child programs. Each prints one JSON line: {"import": s, "use": s, "modules": n, ...}.
FIRST_CHUNK = """
import json, sys, time
raw = {chunk!r}
t0 = time.perf_counter()
import {package}
from {models} import {cls} as Chunk
t1 = time.perf_counter()
error = None
try:
    chunk = Chunk.model_validate_json(raw)
except ValueError as exc:  # pydantic.ValidationError: reported, not hidden
    error = " ".join(str(exc).split())
t2 = time.perf_counter()
if error is None:
    delta = chunk.choices[0].delta
    assert delta.content == "The weather in Paris is" and delta.tool_calls[0].function.name == "get_weather", chunk
print(json.dumps({{"import": t1 - t0, "use": t2 - t1, "modules": len(sys.modules), "error": error}}))
"""

ALL_MODELS = """
import importlib, json, sys, time
import pydantic
t0 = time.perf_counter()
names = classes = 0
for namespace in {namespaces!r}:
    module = importlib.import_module(namespace)
    for name in module.__all__:
        value = getattr(module, name)
        names += 1
        classes += isinstance(value, type) and issubclass(value, pydantic.BaseModel)
t1 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "use": 0.0, "modules": len(sys.modules), "names": names, "models": classes}}))
"""


@dataclass
class Contender:
    name: str
    code: str
    pythonpath: str | None = None
    results: list[dict] = field(default_factory=list)


def run_measured(
    contender: Contender, env: dict[str, str], cwd: Path, tmp: Path
) -> dict:
    """One fresh interpreter; its JSON line plus wall time and peak RSS (os.wait4; output to a file, no pipes)."""
    child_env = dict(env)
    if contender.pythonpath:
        child_env["PYTHONPATH"] = contender.pythonpath
    log = tmp / "child.out"
    os.sync()  # no writeback of earlier files during the measurement
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", contender.code],
            env=child_env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{contender.name} failed (exit {proc.returncode}):\n{text[-3000:]}")
    lines = text.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {"import": 0.0, "use": 0.0}
    result.update(wall=wall, rss_mib=usage.ru_maxrss / 1024)
    return result


def generate(spec: Path, out: Path) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sdkforge.cli",
            "generate",
            "--spec",
            str(spec),
            "--out",
            str(out),
            "--package",
            PACKAGE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"sdkforge generate failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout.strip().splitlines()[-1]


def chunk_class(models_init: Path) -> str:
    """The streaming chunk schema is `ChatStreamingResponseChunk` up to 2026-02-20, `ChatStreamChunk` later."""
    exported = models_init.read_text(encoding="utf-8")
    for name in ("ChatStreamingResponseChunk", "ChatStreamChunk"):
        if f'"{name}"' in exported:
            return name
    sys.exit(f"no chat chunk model exported by {models_init}")


def bench(specs: list[Path], rounds: int, keep: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sdkforge-bench-import-"))
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    cwd = tmp / "cwd"  # an empty directory: nothing importable by accident
    cwd.mkdir()

    contenders = [Contender("python start-up (`python -c pass`)", "pass")]
    summaries = []
    for i, spec in enumerate(specs):
        out = tmp / f"gen-{i}"
        summaries.append(f"`{spec.name}`: {generate(spec, out)}")
        label = f"ours ({spec.relative_to(ROOT) if spec.is_relative_to(ROOT) else spec.name})"
        cls = chunk_class(out / PACKAGE / "models" / "__init__.py")
        contenders.append(
            Contender(
                f"{label}: first chunk (`{cls}`)",
                FIRST_CHUNK.format(
                    chunk=CHUNK, package=PACKAGE, models=f"{PACKAGE}.models", cls=cls
                ),
                str(out),
            )
        )
        contenders.append(
            Contender(
                f"{label}: all models",
                ALL_MODELS.format(
                    namespaces=[
                        f"{PACKAGE}.models",
                        f"{PACKAGE}.models.operations",
                        f"{PACKAGE}.models.errors",
                    ]
                ),
                str(out),
            )
        )
    contenders.append(
        Contender(
            f"openrouter {version('openrouter')}: first chunk (`ChatStreamChunk`)",
            FIRST_CHUNK.format(
                chunk=CHUNK,
                package="openrouter",
                models="openrouter.components",
                cls="ChatStreamChunk",
            ),
        )
    )
    contenders.append(
        Contender(
            "openrouter: all `components`",
            ALL_MODELS.format(namespaces=["openrouter.components"]),
        )
    )
    contenders.append(
        Contender(
            "openrouter: all `components` + `operations` + `errors`",
            ALL_MODELS.format(
                namespaces=[
                    "openrouter.components",
                    "openrouter.operations",
                    "openrouter.errors",
                ]
            ),
        )
    )

    load_before = os.getloadavg()[0]
    for round_no in range(
        -1, rounds
    ):  # round -1: warm-up (fills the bytecode cache), discarded
        offset = round_no % len(contenders)
        for contender in contenders[offset:] + contenders[:offset]:
            result = run_measured(contender, env, cwd, tmp)
            if round_no >= 0:
                contender.results.append(result)
        if round_no >= 0:
            print(
                f"<!-- round {round_no + 1}/{rounds} done -->",
                file=sys.stderr,
                flush=True,
            )

    report(contenders, rounds, summaries, load_before)
    if keep:
        print(f"\n(kept {tmp})")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


def report(
    contenders: list[Contender], rounds: int, summaries: list[str], load_before: float
) -> None:
    med = statistics.median
    print(
        f"machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {platform.machine()}, Python {platform.python_version()}, "
        f"pydantic {version('pydantic')}, openrouter {version('openrouter')}; load avg {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after; {rounds} rounds, rotating order, after 1 warm-up round"
    )
    for line in summaries:
        print(f"- {line}")
    print()
    print(
        "| run | import (ms) | first validate (ms) | **total (ms)** | min total (ms) | process wall (ms) | peak RSS (MiB) | modules loaded | names / model classes |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in contenders:
        r = c.results
        totals = [x["import"] + x["use"] for x in r]
        names = f"{r[0]['names']} / {r[0]['models']}" if "names" in r[0] else ""
        print(
            f"| {c.name} | {1e3 * med(x['import'] for x in r):.0f} | {1e3 * med(x['use'] for x in r):.1f} | **{1e3 * med(totals):.0f}** | "
            f"{1e3 * min(totals):.0f} | {1e3 * med(x['wall'] for x in r):.0f} | {med(x['rss_mib'] for x in r):.0f} | "
            f"{r[0].get('modules', '')} | {names} |"
        )
    for c in contenders:
        if c.results and c.results[0].get("error"):
            print(f"- **{c.name} REJECTED the chunk**: {c.results[0]['error'][:400]}")
    theirs = next(
        c
        for c in contenders
        if c.name.startswith("openrouter") and "first chunk" in c.name
    )
    their_total = med(x["import"] + x["use"] for x in theirs.results)
    print()
    for c in contenders:
        if c.name.startswith("ours") and "first chunk" in c.name:
            ours = med(x["import"] + x["use"] for x in c.results)
            verdict = (
                "met"
                if ours <= their_total
                else f"MISSED by {1e3 * (ours - their_total):.0f} ms ({ours / their_total - 1:.0%})"
            )
            print(
                f"- target {c.name} <= openrouter first chunk: **{ours / their_total:.2f}x** -> {verdict}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--spec",
        type=Path,
        action="append",
        help="spec(s) to generate our package from [specs/openrouter.yaml]",
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory"
    )
    args = parser.parse_args()
    specs = [s.resolve() for s in (args.spec or [ROOT / "specs" / "openrouter.yaml"])]
    bench(specs, args.rounds, args.keep)


if __name__ == "__main__":
    main()

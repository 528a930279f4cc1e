"""Streaming benchmark: typed chat-completion chunks out of an SSE byte stream.

One seeded 100,000-chunk chat stream (~34 MB: reasoning, content and tool-call
deltas, non-ASCII text, keep-alive comments, usage at the end, ``[DONE]``) is
cut into seeded random reads of 1 B .. 16 KiB and parsed into typed chunks by:

  floor      split lines on LF + ``model_validate_json`` (no SSE rules at all)
  floor-direct  the same, calling the model's pydantic-core validator directly
             (as our runtime does): the framing cost alone, compared
  sdkforge   our rendered ``streaming.Stream`` over an ``httpx.Response``
  sdkforge-chat  our ``streaming.ChatStream``: the same, plus accumulating the
             completion (``final()``), as the generated chat client returns it
  httpx-sse  ``httpx_sse.EventSource(response).iter_sse()`` + ``model_validate_json``
  openai     ``openai.Stream`` (openai-python, as its client builds it)
  openrouter ``openrouter.utils.eventstreaming.EventStream`` (the PyPI SDK,
             as its ``chat.send(stream=True)`` builds it)

Every contender reads the same reads; the whole stream is consumed; the time
is wall-clock.  Run:

    python benchmarks/bench_stream.py [--chunks 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_PACKAGE = "bench_sse_runtime"


# --------------------------------------------------------------------------
# The chunk model (one place to switch it)


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class FunctionDelta(_Model):
    name: str | None = None
    arguments: str | None = None


class ToolCallDelta(_Model):
    index: float
    id: str | None = None
    type: Literal["function"] | None = None
    function: FunctionDelta | None = None


class Delta(_Model):
    role: Literal["assistant"] | None = None
    content: str | None = None
    reasoning: str | None = None
    refusal: str | None = None
    tool_calls: list[ToolCallDelta] | None = None
    reasoning_details: list[dict[str, Any]] | None = None


class Choice(_Model):
    delta: Delta
    finish_reason: str | None
    index: float
    logprobs: Any = None


class ChunkError(_Model):
    message: str
    code: float


class Usage(_Model):
    completion_tokens: float
    prompt_tokens: float
    total_tokens: float
    completion_tokens_details: dict[str, Any] | None = None
    prompt_tokens_details: dict[str, Any] | None = None


class ChatChunk(_Model):
    id: str
    choices: list[Choice]
    created: float
    model: str
    object: Literal["chat.completion.chunk"]
    system_fingerprint: str | None = None
    error: ChunkError | None = None
    usage: Usage | None = None


def chunk_model(which: str = "auto") -> tuple[type[BaseModel], str]:
    """The chunk model every contender but openai/openrouter validates into.

    ``auto`` uses the generator's ``ChatStreamingResponseChunk`` from
    ``generated/openrouter_sdk/models`` when it exists, else the hand-written
    model above.
    """
    if which in ("auto", "generated"):
        generated = ROOT / "generated"
        if (generated / "openrouter_sdk").is_dir():
            sys.path.insert(0, str(generated))
            try:
                models = importlib.import_module("openrouter_sdk.models")
                return models.ChatStreamingResponseChunk, "generated"
            except Exception as exc:
                if which == "generated":
                    raise
                print(f"(generated model not usable: {exc!r}; using hand-written)")
        elif which == "generated":
            raise SystemExit("generated/openrouter_sdk does not exist")
    return ChatChunk, "hand-written"


def load_runtime() -> Any:
    """Copy the runtime modules (as `generate` does) and import ``streaming``."""
    from sdkforge.runtime import runtime_sources

    dest = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    pkg = dest / RUNTIME_PACKAGE
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name, source in runtime_sources().items():
        (pkg / name).write_text(source)
    sys.path.insert(0, str(dest))
    return importlib.import_module(f"{RUNTIME_PACKAGE}.streaming")


# --------------------------------------------------------------------------
# The data

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "it",
    "as",
    "with",
    "was",
    "on",
    "be",
    "by",
    "at",
    "this",
    "which",
    "function",
    "model",
    "stream",
    "token",
    "parse",
    "buffer",
    "latency",
    "answer",
    "because",
    "naïve",
    "café",
    "Grüße",
    "façade",
    "déjà",
    "señor",
    "smørrebrød",
    "Zürich",
    "Привет",
    "мир",
    "данные",
    "поток",
    "日本語",
    "テキスト",
    "数据",
    "流",
    "한국어",
    "🚀",
    "✅",
    "🙂",
    "→",
    "≤",
    "∑",
    "—",
    "“quoted”",
    '"escaped"',
    "back\\slash",
    "tab\t",
    "newline\n",
]


def make_stream(chunks: int = 100_000, seed: int = 1234) -> bytes:
    """A realistic OpenRouter chat stream of ``chunks`` data events."""
    rng = random.Random(seed)
    gen_id = "gen-1740000000-" + "".join(
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        for _ in range(20)
    )
    head = {
        "id": gen_id,
        "provider": "Anthropic",
        "model": "anthropic/claude-3.7-sonnet",
        "object": "chat.completion.chunk",
        "created": 1740000000,
    }
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out: list[bytes] = [b": OPENROUTER PROCESSING\n\n"]
    body = chunks - 1  # the last data event carries usage
    reasoning_end = body * 3 // 10
    tools_start = body * 9 // 10
    tool_count = 4

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))

    for i in range(body):
        if i < reasoning_end:
            piece = text()
            delta: dict[str, Any] = {
                "role": "assistant",
                "content": "",
                "reasoning": piece,
                "reasoning_details": [
                    {
                        "type": "reasoning.text",
                        "text": piece,
                        "format": "anthropic-claude-v1",
                        "index": 0,
                    }
                ],
            }
        elif i < tools_start:
            delta = {"role": "assistant", "content": text(), "reasoning": None}
        else:
            k = (i - tools_start) * tool_count // (body - tools_start)
            call: dict[str, Any] = {"index": k}
            first = (i - tools_start) * tool_count % (body - tools_start) < tool_count
            if first:
                call["id"] = f"toolu_{k:02d}{gen_id[-12:]}"
                call["type"] = "function"
                call["function"] = {"name": f"get_weather_{k}", "arguments": ""}
            else:
                call["function"] = {"arguments": json.dumps(text())[1:-1]}
            delta = {"role": "assistant", "content": None, "tool_calls": [call]}
        finish = "tool_calls" if i == body - 1 else None
        chunk = dict(head)
        chunk["choices"] = [
            {
                "index": 0,
                "delta": delta,
                "finish_reason": finish,
                "native_finish_reason": finish,
                "logprobs": None,
            }
        ]
        out.append(b"data: " + dumps(chunk).encode() + b"\n\n")
        if rng.random() < 0.002:
            out.append(b": OPENROUTER PROCESSING\n\n")
    last = dict(head)
    last["choices"] = []
    last["usage"] = {
        "prompt_tokens": 1834,
        "completion_tokens": body,
        "total_tokens": 1834 + body,
        "completion_tokens_details": {"reasoning_tokens": reasoning_end},
        "prompt_tokens_details": {"cached_tokens": 1024},
    }
    out.append(b"data: " + dumps(last).encode() + b"\n\n")
    out.append(b"data: [DONE]\n\n")
    return b"".join(out)


def make_reads(data: bytes, seed: int = 99, largest: int = 16384) -> list[bytes]:
    """Cut ``data`` into random reads of 1 .. ``largest`` bytes."""
    rng = random.Random(seed)
    reads = []
    pos = 0
    while pos < len(data):
        size = rng.randint(1, largest)
        reads.append(data[pos : pos + size])
        pos += size
    return reads


SSE_HEADERS = {"content-type": "text/event-stream"}


def httpx_response(reads: list[bytes]) -> httpx.Response:
    return httpx.Response(200, headers=SSE_HEADERS, content=iter(reads))


# --------------------------------------------------------------------------
# The contenders: each returns the number of typed chunks produced


def run_floor(reads: list[bytes], model: type[BaseModel]) -> int:
    validate = model.model_validate_json
    n = 0
    rest = b""
    for read in reads:
        lines = (rest + read).split(b"\n") if rest else read.split(b"\n")
        rest = lines.pop()
        for line in lines:
            if line.startswith(b"data: "):
                payload = line[6:]
                if payload == b"[DONE]":
                    return n
                validate(payload)
                n += 1
    return n


def run_floor_direct(reads: list[bytes], model: type[BaseModel]) -> int:
    validate = model.__pydantic_validator__.validate_json
    n = 0
    rest = b""
    for read in reads:
        lines = (rest + read).split(b"\n") if rest else read.split(b"\n")
        rest = lines.pop()
        for line in lines:
            if line.startswith(b"data: "):
                payload = line[6:]
                if payload == b"[DONE]":
                    return n
                validate(payload)
                n += 1
    return n


def make_run_ours(streaming: Any) -> Callable[[list[bytes], type[BaseModel]], int]:
    def run_ours(reads: list[bytes], model: type[BaseModel]) -> int:
        n = 0
        with streaming.Stream(
            httpx_response(reads), model=model, sentinel="[DONE]"
        ) as stream:
            for _ in stream:
                n += 1
        return n

    return run_ours


def make_run_ours_chat(streaming: Any) -> Callable[[list[bytes], type[BaseModel]], int]:
    def run_ours_chat(reads: list[bytes], model: type[BaseModel]) -> int:
        with streaming.ChatStream(
            httpx_response(reads), model=model, sentinel="[DONE]"
        ) as stream:
            result = stream.final()
        assert result.usage is not None and len(result.tool_calls) == 4
        return result.chunks

    return run_ours_chat


def run_httpx_sse(reads: list[bytes], model: type[BaseModel]) -> int:
    import httpx_sse

    validate = model.model_validate_json
    n = 0
    response = httpx_response(reads)
    for sse in httpx_sse.EventSource(response).iter_sse():
        if sse.data == "[DONE]":
            break
        validate(sse.data)
        n += 1
    response.close()
    return n


_openai_client: Any = None


def run_openai(reads: list[bytes], model: type[BaseModel]) -> int:
    # As openai-python builds it: Stream(cast_to=<chunk type>, response=...,
    # client=<the OpenAI client>), the chunk type being its own
    # ChatCompletionChunk (openai validates into its own types).
    import httpx2
    import openai
    from openai.types.chat import ChatCompletionChunk

    global _openai_client
    if _openai_client is None:
        _openai_client = openai.OpenAI(
            api_key="sk-bench", base_url="http://127.0.0.1:9/v1"
        )
    response = httpx2.Response(200, headers=SSE_HEADERS, content=iter(reads))
    n = 0
    with openai.Stream(
        cast_to=ChatCompletionChunk, response=response, client=_openai_client
    ) as stream:
        for _ in stream:
            n += 1
    return n


def run_openrouter(reads: list[bytes], model: type[BaseModel]) -> int:
    # As openrouter's chat.send(stream=True) builds it (openrouter/chat.py).
    from openrouter import components
    from openrouter.utils.eventstreaming import EventStream
    from openrouter.utils.unmarshal_json_response import unmarshal_json_response

    response = httpx_response(reads)
    n = 0
    with EventStream(
        response,
        lambda raw: unmarshal_json_response(
            components.ChatStreamingResponse, response, raw
        ).data,
        sentinel="[DONE]",
    ) as stream:
        for _ in stream:
            n += 1
    return n


# --------------------------------------------------------------------------


def measure(
    fn: Callable[[list[bytes], type[BaseModel]], int],
    reads: list[bytes],
    model: type[BaseModel],
) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, chunks) of one run."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    n = fn(reads, model)
    return time.perf_counter() - wall, time.process_time() - cpu, n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=1,
        help="repeats for openai and openrouter (they take seconds per run)",
    )
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument(
        "--model", choices=("auto", "generated", "hand"), default="auto"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated subset of contenders to run"
    )
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="count CPU instructions per chunk under valgrind instead of timing"
        " (deterministic on a busy machine; use --chunks 3000 or so)",
    )
    args = parser.parse_args(argv)
    if args.callgrind:
        return callgrind(args)

    model, model_name = chunk_model(args.model)
    streaming = load_runtime()
    data = make_stream(args.chunks, args.seed)
    reads = make_reads(data, args.seed + 1)
    mb = len(data) / 1e6
    print(
        f"stream: {args.chunks} chunks, {len(data):,} bytes ({mb:.1f} MB), "
        f"{len(reads)} reads of 1..16384 B; model: {model.__name__} ({model_name}); "
        f"python {sys.version.split()[0]}"
    )

    if args.repeat == 0:  # setup only (used by --callgrind)
        return 0
    contenders: list[tuple[str, Callable[..., int], int]] = [
        ("floor", run_floor, args.repeat),
        ("floor-direct", run_floor_direct, args.repeat),
        ("sdkforge", make_run_ours(streaming), args.repeat),
        ("sdkforge-chat", make_run_ours_chat(streaming), args.repeat),
        ("httpx-sse", run_httpx_sse, args.repeat),
        ("openai", run_openai, args.slow_repeat),
        ("openrouter", run_openrouter, args.slow_repeat),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        contenders = [c for c in contenders if c[0] in wanted]

    # Interleave the repeats so drift hits every contender alike.
    walls: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    cpus: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    counts: dict[str, int] = {}
    for round_ in range(max(r for _, _, r in contenders)):
        for name, fn, repeat in contenders:
            if round_ < repeat:
                wall, cpu, n = measure(fn, reads, model)
                walls[name].append(wall)
                cpus[name].append(cpu)
                counts[name] = n

    print(
        "\nwall = elapsed time, cpu = this process's CPU time (steadier on a"
        " shared machine);\nbest of the repeats, 'x ours' = their best time /"
        " our best time"
    )
    print(
        f"\n{'contender':<13} {'chunks':>7} {'runs':>4} {'wall best':>9} "
        f"{'wall med':>9} {'cpu best':>9} {'MB/s wall':>9} {'MB/s cpu':>9} "
        f"{'x ours wall':>11} {'x ours cpu':>10}"
    )
    ours_wall = min(walls["sdkforge"]) if walls.get("sdkforge") else None
    ours_cpu = min(cpus["sdkforge"]) if cpus.get("sdkforge") else None
    for name, _, _ in contenders:
        wall_best, cpu_best = min(walls[name]), min(cpus[name])
        wall_med = statistics.median(walls[name])
        xw = f"{wall_best / ours_wall:.2f}" if ours_wall else "-"
        xc = f"{cpu_best / ours_cpu:.2f}" if ours_cpu else "-"
        print(
            f"{name:<13} {counts[name]:>7} {len(walls[name]):>4} {wall_best:>9.3f} "
            f"{wall_med:>9.3f} {cpu_best:>9.3f} {mb / wall_best:>9.1f} "
            f"{mb / cpu_best:>9.1f} {xw:>11} {xc:>10}"
        )
    if ours_wall and "floor" in walls:
        print(
            "\nours / floor throughput: "
            f"wall best {min(walls['floor']) / ours_wall:.3f}, "
            f"wall median {statistics.median(walls['floor']) / statistics.median(walls['sdkforge']):.3f}, "
            f"cpu best {min(cpus['floor']) / ours_cpu:.3f}"
        )
    return 0


def callgrind(args: argparse.Namespace) -> int:
    """Instructions per chunk of each contender, counted by valgrind.

    Each contender runs once and three times in fresh processes; the
    difference, over two runs' chunks, excludes imports, data and warm-up.
    """
    import re
    import subprocess

    names = args.only.split(",") if args.only else FAST
    print(f"instructions per chunk ({args.chunks} chunks, valgrind callgrind):")
    results: dict[str, float] = {}
    for name in names:
        counts = []
        for runs in (1, 3):
            cmd = [
                "valgrind",
                "--tool=callgrind",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                __file__,
                f"--chunks={args.chunks}",
                f"--seed={args.seed}",
                f"--model={args.model}",
                f"--only={name}",
                f"--repeat={runs}",
                f"--slow-repeat={runs}",
            ]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            found = re.search(r"Collected : (\d+)", out.stderr)
            assert found, out.stderr[-2000:]
            counts.append(int(found.group(1)))
        results[name] = (counts[1] - counts[0]) / (2 * args.chunks)
        print(f"  {name:<13} {results[name]:>10,.0f}", flush=True)
    if "sdkforge" in results:
        ours = results["sdkforge"]
        for name, value in results.items():
            print(f"  {name:<13} x ours {value / ours:.3f}")
    return 0


FAST = ["floor", "floor-direct", "sdkforge", "sdkforge-chat", "httpx-sse"]


if __name__ == "__main__":
    raise SystemExit(main())

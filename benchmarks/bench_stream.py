"""Streaming benchmark: typed chat-completion chunks out of an SSE byte stream.

One seeded 100,000-chunk chat stream (~34 MB: reasoning, content and tool-call
deltas, non-ASCII text, keep-alive comments, usage at the end, ``[DONE]``) is
cut into seeded random reads of 1 B .. 16 KiB and parsed into typed chunks by:

  floor      split lines on LF + ``model_validate_json`` (no SSE rules at all)
  sdkforge   our rendered ``streaming.Stream`` over an ``httpx.Response``
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
from pathlib import Path
from typing import Any, Callable, Iterator, Literal

import httpx
from pydantic import BaseModel, ConfigDict

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "python"
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
            except Exception as exc:  # noqa: BLE001
                if which == "generated":
                    raise
                print(f"(generated model not usable: {exc!r}; using hand-written)")
        elif which == "generated":
            raise SystemExit("generated/openrouter_sdk does not exist")
    return ChatChunk, "hand-written"


def load_runtime() -> Any:
    """Render the streaming runtime templates and import ``streaming``."""
    import jinja2

    dest = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)), keep_trailing_newline=True
    )
    pkg = dest / RUNTIME_PACKAGE
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in ("streaming.py", "errors.py"):
        text = env.get_template(f"{name}.jinja").render(package=RUNTIME_PACKAGE)
        (pkg / name).write_text(text)
    sys.path.insert(0, str(dest))
    return importlib.import_module(f"{RUNTIME_PACKAGE}.streaming")


# --------------------------------------------------------------------------
# The data

WORDS = (
    "the of and to in is that for it as with was on be by at this which "
    "function model stream token parse buffer latency answer because "
    "naïve café Grüße façade déjà señor smørrebrød Zürich "
    "Привет мир данные поток 日本語 テキスト 数据 流 한국어 "
    '🚀 ✅ 🙂 → ≤ ∑ — “quoted” "escaped" back\\slash tab\t newline\n'
).split(" ")


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
) -> tuple[float, int]:
    gc.collect()
    start = time.perf_counter()
    n = fn(reads, model)
    return time.perf_counter() - start, n


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
    args = parser.parse_args(argv)

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

    contenders: list[tuple[str, Callable[..., int], int]] = [
        ("floor", run_floor, args.repeat),
        ("sdkforge", make_run_ours(streaming), args.repeat),
        ("httpx-sse", run_httpx_sse, args.repeat),
        ("openai", run_openai, args.slow_repeat),
        ("openrouter", run_openrouter, args.slow_repeat),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        contenders = [c for c in contenders if c[0] in wanted]

    results: dict[str, tuple[float, float, int]] = {}
    # Interleave the fast contenders' repeats so drift hits them alike.
    times: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
    counts: dict[str, int] = {}
    for round_ in range(max(r for _, _, r in contenders)):
        for name, fn, repeat in contenders:
            if round_ < repeat:
                elapsed, n = measure(fn, reads, model)
                times[name].append(elapsed)
                counts[name] = n
    for name, _, _ in contenders:
        results[name] = (min(times[name]), statistics.median(times[name]), counts[name])

    ours = results.get("sdkforge")
    print(
        f"\n{'contender':<11} {'chunks':>7} {'best s':>8} {'median s':>9} "
        f"{'MB/s best':>10} {'MB/s med':>9} {'ours is x':>10}"
    )
    for name, (best, med, n) in results.items():
        ratio = f"{best / ours[0]:.2f}" if ours else "-"
        print(
            f"{name:<11} {n:>7} {best:>8.3f} {med:>9.3f} "
            f"{mb / best:>10.1f} {mb / med:>9.1f} {ratio:>10}"
        )
    if ours and "floor" in results:
        print(
            f"\nours / floor throughput (best): {results['floor'][0] / ours[0]:.3f}  "
            f"(median): {results['floor'][1] / ours[1]:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

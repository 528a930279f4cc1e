"""Per-request overhead of a JSON call: our generated client against openai-python's.

One loopback server (uvicorn + starlette, in its own process so it does not share the
client's GIL) answers every POST /chat/completions with the same chat completion. In one
run, each contender sends the same request N times on one pooled connection:

  httpx    a bare ``httpx.Client().post(...)`` + ``json.loads`` (the floor: transport only)
  sdkforge ``generated/openrouter_sdk``: ``Client.chat.send(model=..., messages=...)``
           (request model validation, base client, response model validation)
  openai   ``openai.OpenAI(...).chat.completions.create(model=..., messages=...)``

Reported: wall and CPU time of the client process per call (best of the repeats), and
each contender's overhead over the floor. Run:

    python benchmarks/bench_request.py [--calls 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = [{"role": "user", "content": "Hi"}]
ANSWER = {
    "id": "gen-1",
    "object": "chat.completion",
    "created": 1740000000,
    "model": "test/model",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Hello!"},
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
}

SERVER = textwrap.dedent("""
    import json, socket, sys
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    BODY = json.dumps(json.loads(sys.argv[2])).encode()

    async def answer(request):
        await request.body()
        return Response(BODY, media_type="application/json")

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    app = Starlette(routes=[Route("/chat/completions", answer, methods=["POST"])])
    uvicorn.Server(uvicorn.Config(app, log_level="critical", access_log=False)).run(
        sockets=[sock]
    )
    """)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), json.dumps(ANSWER)]
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.post(url + "/chat/completions", json={}, timeout=1)
            return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the benchmark server did not start")


def contenders(url: str) -> dict[str, Callable[[], object]]:
    sys.path.insert(0, str(ROOT / "generated"))
    import openai
    from openrouter_sdk import Client

    floor = httpx.Client(base_url=url)
    ours = Client(api_key="sk-bench", base_url=url, max_retries=0)
    theirs = openai.OpenAI(api_key="sk-bench", base_url=url, max_retries=0)

    def httpx_call() -> object:
        return json.loads(
            floor.post(
                "/chat/completions", json={"model": "m", "messages": MESSAGES}
            ).content
        )

    def ours_call() -> object:
        return ours.chat.send(model="m", messages=MESSAGES)

    def openai_call() -> object:
        return theirs.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]

    return {"httpx": httpx_call, "sdkforge": ours_call, "openai": openai_call}


def measure(call: Callable[[], object], calls: int) -> tuple[float, float]:
    """(wall, cpu) seconds per call."""
    wall = time.perf_counter()
    cpu = time.process_time()
    for _ in range(calls):
        call()
    return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    process, url = start_server()
    try:
        calls = contenders(url)
        for call in calls.values():  # warm up: imports, validators, the connection
            for _ in range(50):
                call()
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeat):
            for name, call in calls.items():  # interleaved: load drifts hit all alike
                wall, cpu = measure(call, args.calls)
                old = best.get(name, (float("inf"), float("inf")))
                best[name] = (min(old[0], wall), min(old[1], cpu))
    finally:
        process.terminate()
        process.wait(10)
    floor_cpu = best["httpx"][1]
    ours_wall, ours_cpu = best["sdkforge"]
    print(f"{args.calls} calls x {args.repeat} repeats, best per call (client process)")
    print(
        f"{'contender':10} {'wall us':>9} {'cpu us':>9} {'over floor (cpu)':>17} {'x ours (cpu)':>13}"
    )
    for name, (wall, cpu) in best.items():
        print(
            f"{name:10} {wall * 1e6:9.0f} {cpu * 1e6:9.0f} "
            f"{(cpu - floor_cpu) * 1e6:16.0f}  {cpu / ours_cpu:12.2f}"
        )
    theirs_cpu = best["openai"][1]
    print(
        f"ours / openai: {ours_wall / best['openai'][0]:.2f} (wall), "
        f"{ours_cpu / theirs_cpu:.2f} (cpu); overhead over the floor: "
        f"{(ours_cpu - floor_cpu) / (theirs_cpu - floor_cpu):.2f} of openai's"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

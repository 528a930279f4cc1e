"""Per-operation pages (`docs/sdks/<group>/README.md`) and the generated SDK's README.md
(issue 13 items 4 and 5): every Python snippet in them runs, against a loopback server that
answers each call with a valid example of the operation's response (or stream), and each call
reaches the operation's method and path.
"""

from __future__ import annotations

import importlib
import json
import os
import posixpath
import re
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sdkforge import api
from sdkforge.build import build_api
from sdkforge.config import Settings
from sdkforge.pipeline import generate_files
from sdkforge.render.docs.examples import Examples
from sdkforge.render.docs.sdks import operation_groups
from sdkforge.render.docs.values import Value, VDate, VList, VMap, VObject
from sdkforge.spec import load_spec

from .helpers import FENCE, LINK, REPO, RULE_SPECS

SPECS = {
    "chat-mini": REPO / "tests" / "golden" / "chat-mini" / "spec.yaml",
    "operations": RULE_SPECS / "operations.yaml",
    "openrouter": REPO / "specs" / "openrouter.yaml",
}


# ---- a loopback server answering with the operation's example response --------------------


class Loopback(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.reply: tuple[int, str, bytes] = (500, "text/plain", b"no reply set")
        self.requests: list[tuple[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Loopback

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.requests.append((self.command, self.path))
        status, content_type, body = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[Loopback]:
    server = Loopback()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def to_json(value: Value) -> Any:
    """An example value as the JSON the server sends."""
    if isinstance(value, VObject):
        return {f.wire_name: to_json(v) for f, v in value.entries}
    if isinstance(value, VMap):
        return {k: to_json(v) for k, v in value.entries}
    if isinstance(value, VList):
        return [to_json(v) for v in value.items]
    if isinstance(value, VDate):
        return value.text
    assert not isinstance(value, VObject)
    return value.value  # a scalar, or an enum's value


def reply_for(
    model_api: api.Api, op: api.Operation, streaming: bool
) -> tuple[int, str, bytes]:
    examples = Examples(model_api.models_by_name, "never", strict=True)
    if streaming:
        assert op.stream is not None
        item = json.dumps(
            to_json(examples.of_type(op.stream.item, api.MISSING, "event"))
        )
        events = f"data: {item}\n\n"
        if op.stream.sentinel is not None:
            events += f"data: {op.stream.sentinel}\n\n"
        return 200, "text/event-stream", events.encode()
    if op.response is None:
        return 204, "application/json", b""
    body = to_json(examples.of_type(op.response, api.MISSING, "response"))
    return 200, "application/json", json.dumps(body).encode()


def path_pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/?]+", re.escape(path)) + r"(\?.*)?")


# ---- generating and running ----------------------------------------------------------------


def generate(spec: Path, out: Path, package: str, **settings: Any) -> dict[str, str]:
    generation = generate_files(
        Settings(spec=spec, out=out, package=package, **settings)
    )
    for path, text in generation.files.items():
        if path.startswith(package + "/"):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return generation.files


def run(code: str, where: str, package_dir: Path, package: str, base_url: str) -> None:
    """Execute a snippet with the package importable and every client pointed at `base_url`."""
    sys.path.insert(0, str(package_dir))
    try:
        client_module = importlib.import_module(f"{package}.client")
        for cls in (client_module.Client, client_module.AsyncClient):
            defaults = cls.__init__.__kwdefaults__
            assert "base_url" in defaults, "the client's base_url is no keyword default"
            defaults["base_url"] = base_url
        exec(compile(code, where, "exec"), {"__name__": "snippet"})
    finally:
        sys.path.remove(str(package_dir))


@pytest.fixture
def clean_modules() -> Iterator[None]:
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        del sys.modules[name]
    importlib.invalidate_caches()


def method_sections(page: str) -> dict[str, str]:
    """Method name -> its section (from `## name` to the next `## `)."""
    parts = re.split(r"(?m)^## ", page)
    return {
        p.split("\n", 1)[0]: p for p in parts[1:] if p.split("\n", 1)[0] != "Overview"
    }


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_method_snippet_calls_its_operation(
    name: str, tmp_path: Path, loopback: Loopback, clean_modules: None
):
    package = f"sdk_{name.replace('-', '_')}"
    files = generate(SPECS[name], tmp_path, package)
    model_api = build_api(load_spec(SPECS[name]))
    checked = 0
    for group in operation_groups(model_api):
        page = files[f"docs/sdks/{group.attribute}/README.md"]
        sections = method_sections(page)
        assert list(sections) == [m.name for m in group.methods]
        for method in group.methods:
            op = method.operation
            (code,) = [
                c
                for lang, c in FENCE.findall(sections[method.name])
                if lang == "python"
            ]
            streaming = "as stream:" in code
            loopback.reply = reply_for(model_api, op, streaming)
            loopback.requests.clear()
            run(
                code,
                f"{group.attribute}.{method.name}",
                tmp_path,
                package,
                loopback.url,
            )
            assert len(loopback.requests) == 1, method.name
            http_method, path = loopback.requests[0]
            assert http_method == op.method.upper()
            assert path_pattern(op.path).fullmatch(path), (path, op.path)
            checked += 1
    assert checked == len(model_api.operations)


def test_a_method_section_holds_what_the_issue_lists(tmp_path: Path):
    files = generate(SPECS["chat-mini"], tmp_path, "chat_mini")
    page = files["docs/sdks/chat/README.md"]
    assert page.startswith("# Chat\n\n## Overview\n")
    assert "* [send](#send) - Create a chat completion" in page
    send = method_sections(page)["send"]
    for heading in (
        "### Example Usage",
        "### Parameters",
        "### Response",
        "### Errors",
    ):
        assert heading in send
    assert "from chat_mini import Client" in send
    assert "stream=True" in send and "stream.final()" in send
    assert "| `model` " in send and "| `messages` " in send
    assert "[models.ChatResponse](../../models/chatresponse.md)" in send
    assert "429" in send and "[errors.ErrorResponse]" in send


@pytest.mark.parametrize("docs_format", ["markdown", "mintlify"])
@pytest.mark.parametrize("name", sorted(SPECS))
def test_links_of_sdk_pages_and_readme_resolve(
    name: str, docs_format: str, tmp_path: Path
):
    files = generate(SPECS[name], tmp_path, "pkg", docs_format=docs_format)
    extension = ".mdx" if docs_format == "mintlify" else ".md"
    pages = [p for p in files if p.startswith("docs/sdks/") or p == "README.md"]
    assert "README.md" in pages and len(pages) > 1
    broken = []
    for path in pages:
        for target in LINK.findall(files[path]):
            if target.startswith(("http://", "https://", "/")):
                continue  # the web, or a site-absolute link a spec's description makes
            file, _, anchor = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), file))
            if file and resolved not in files:
                broken.append(f"{path} -> {target}")
            elif anchor:
                text = files[resolved] if file else files[path]
                if f"\n## {anchor}\n" not in text:
                    broken.append(f"{path} -> {target}")
            assert not file.endswith((".md", ".mdx")) or file.endswith(extension)
    assert broken == []


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_readme_snippets_run(
    name: str, tmp_path: Path, loopback: Loopback, clean_modules: None, monkeypatch
):
    package = f"readme_{name.replace('-', '_')}"
    files = generate(SPECS[name], tmp_path, package)
    readme = files["README.md"]
    for heading in (
        "## Installation",
        "## Client setup and authentication",
        "## Errors",
    ):
        assert heading in readme
    model_api = build_api(load_spec(SPECS[name]))
    # The variables the client reads: the first word of the title, upper-cased (issue 11).
    env = re.findall(r"[A-Za-z0-9]+", model_api.title)[0].upper()
    assert f'os.environ["{env}_API_KEY"]' in readme
    monkeypatch.setenv(f"{env}_API_KEY", "sk-test")
    monkeypatch.setenv(f"{env}_BASE_URL", loopback.url)
    blocks = [code for lang, code in FENCE.findall(readme) if lang == "python"]
    assert len(blocks) >= 3
    ops = {
        (g.attribute, m.name): m.operation
        for g in operation_groups(model_api)
        for m in g.methods
    }
    for i, code in enumerate(blocks):
        called = re.search(r"client\.(\w+)\.(\w+)\(", code)
        if called:
            op = ops[called.group(1), called.group(2)]
            loopback.reply = reply_for(model_api, op, "as stream:" in code)
        run(code, f"README block {i}", tmp_path, package, loopback.url)
    assert os.environ[f"{env}_API_KEY"] == "sk-test"

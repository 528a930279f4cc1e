"""Servers and the User-Agent on the wire, sync and async (tests/client/more_features/spec.yaml).

The spec's second server is `{scheme}://{host}:{port}/{version}` with `scheme` in (http, https) and
`version` in (v1, v2): the tests fill `port` with the loopback server's and read the request target.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from .more import more_recorder, more_sdk, run  # noqa: F401 (fixtures)
from .wire import BOTH, Recorder

ECHO = lambda client: client.misc.echo()  # noqa: E731


def port_of(recorder: Recorder) -> str:
    return recorder.url.rsplit(":", 1)[1]


@BOTH
def test_server_url_is_the_base_url(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    url = recorder.url + "/base"
    run(more, asynchronous, ECHO, server_url=url)
    assert recorder.last.target == "/base/echo"


@BOTH
def test_a_server_by_index_with_variables_and_defaults(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    port = port_of(recorder)
    run(
        more,
        asynchronous,
        ECHO,
        server=1,
        server_variables={"port": port, "version": "v2"},
    )
    assert recorder.last.target == "/v2/echo"  # scheme and host: the defaults
    assert recorder.last.header("host") == f"127.0.0.1:{port}"
    run(more, asynchronous, ECHO, server=1, server_variables={"port": port})
    assert recorder.last.target == "/v1/echo"  # version: its default


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"server": 1, "server_variables": {"version": "v3"}},
            "server variable 'version' cannot be 'v3'; allowed values: v1, v2",
        ),
        (
            {"server": 1, "server_variables": {"region": "eu"}},
            "has no variable 'region'; its variables: host, port, scheme, version",
        ),
        ({"server": 2}, "server=2 does not exist: the API lists 2 server(s)"),
        (
            {"base_url": "http://a", "server": 1},
            "pass either a URL (base_url/server_url) or server/server_variables",
        ),
        (
            {"base_url": "http://a", "server_url": "http://b"},
            "pass only one of them",
        ),
    ],
)
def test_bad_server_choices_are_refused_in_the_constructor(
    more: ModuleType, options: dict[str, Any], message: str
) -> None:
    for client_class in (more.Client, more.AsyncClient):
        with pytest.raises(ValueError) as info:
            client_class(**options)
        assert message in str(info.value)


@BOTH
def test_base_url_precedence(
    more: ModuleType,
    recorder: Recorder,
    asynchronous: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Explicit arguments, then MORE_BASE_URL, then the spec's first server."""
    url = recorder.url
    monkeypatch.setenv("MORE_BASE_URL", url + "/from-env")
    run(more, asynchronous, ECHO)
    assert recorder.last.target == "/from-env/echo"
    run(more, asynchronous, ECHO, base_url=url + "/explicit")
    assert recorder.last.target == "/explicit/echo"
    run(
        more, asynchronous, ECHO, server=1, server_variables={"port": port_of(recorder)}
    )
    assert recorder.last.target == "/v1/echo"
    monkeypatch.delenv("MORE_BASE_URL")
    with more.Client() as client:
        assert client.base_url == "http://127.0.0.1:1/v1"


def expected_user_agent() -> str:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    httpx_version = ".".join(httpx.__version__.split(".")[:2])
    return f"more-sdk/2.1.0 python/{python} httpx/{httpx_version}"


@BOTH
def test_every_request_carries_the_sdk_user_agent(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    url = recorder.url
    run(more, asynchronous, ECHO, base_url=url)
    run(
        more,
        asynchronous,
        lambda c: c.streams.speech(text="hi"),
        collect=lambda r: None,
        base_url=url,
    )
    agents = [r.header("user-agent") for r in recorder.requests]
    assert agents == [expected_user_agent()] * 2
    assert more.__version__ == "2.1.0"


@BOTH
def test_the_user_agent_can_be_overridden(
    more: ModuleType, recorder: Recorder, asynchronous: bool
) -> None:
    url = recorder.url
    run(more, asynchronous, ECHO, base_url=url, default_headers={"User-Agent": "me/1"})
    assert recorder.last.header("user-agent") == "me/1"
    run(
        more,
        asynchronous,
        lambda c: c.misc.echo(extra_headers={"User-Agent": "call/2"}),
        base_url=url,
        default_headers={"X-Team": "core"},
    )
    assert recorder.last.header("user-agent") == "call/2"
    assert recorder.last.header("x-team") == "core"


def test_the_readme_snippet_on_servers_and_uploads_runs(
    more: ModuleType, recorder: Recorder
) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("\n### Servers, headers and uploads\n", 1)[1]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {
        "PORT": port_of(recorder),
        "BASE_URL": recorder.url,
    }
    exec(snippet, namespace)  # the README's own snippet
    assert namespace["client"].base_url == recorder.url
    assert namespace["reply"].target == "/uploads"
    sent = recorder.last
    assert sent.header("user-agent") == "my-app/1.0"
    body = sent.body
    assert body.count(b'name="scans"') == 2
    assert b'name="label"\r\nContent-Type: text/markdown\r\n\r\n# Cat' in body
    assert (
        b'filename="cat.png"\r\nX-Part-Kind: picture\r\nContent-Type: image/png' in body
    )
    with more.Client(
        server=1, server_variables={"port": port_of(recorder), "version": "v2"}
    ) as c:
        assert c.base_url == f"http://127.0.0.1:{port_of(recorder)}/v2"

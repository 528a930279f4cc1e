"""Every class name on a reference page is the name of a model built from that page's spec."""

from __future__ import annotations

import re

import pytest
from sdkforge import api

from .helpers import REFERENCE, real_api, reference_pages
from .test_training_sets import SETS

_LINKED = re.compile(r"\[(models|operations)\.(\w+)\]\(")
_ITALIC = re.compile(r"\*(models|operations)\.(\w+)\*")


@pytest.mark.parametrize(
    "name, version, path", reference_pages(), ids=[p[0] for p in reference_pages()]
)
def test_reference_class_names_exist(name: str, version: str, path: str):
    text = (REFERENCE / name).read_text(encoding="utf-8")
    models = real_api(version).models_by_name
    title = re.match(r"# (\w+)", text).group(1)
    assert title in models
    assert models[title].group == ("operations" if "/operations/" in path else "models")
    for group, linked in _LINKED.findall(text):
        assert linked in models, f"{linked} is not a model of {version}"
        assert models[linked].group == group
        assert not isinstance(
            models[linked], api.UnionModel
        ), "unions are italic, never linked"
    for _group, italic in _ITALIC.findall(text):
        assert isinstance(models.get(italic), api.UnionModel)


@pytest.mark.parametrize(
    "version, name, pointer",
    [
        (
            "2025-10-07",
            "Data",
            "/components/schemas/ChatStreamingResponseChunk/properties/data",
        ),
        (
            "2025-10-07",
            "ChatStreamingResponseChunkError",
            "/components/schemas/ChatStreamingResponseChunk/properties/data/properties/error",
        ),
        (
            "2025-10-30",
            "ChatStreamingResponseChunkData",
            "/components/schemas/ChatStreamingResponseChunk/properties/data",
        ),
        (
            "2026-02-20",
            "ErrorT",
            "/components/schemas/ChatStreamingResponseChunk/properties/error",
        ),
        (
            "2026-02-20",
            "ChatStreamingResponseChunkObject",
            "/components/schemas/ChatStreamingResponseChunk/properties/object",
        ),
        (
            "2025-08-21",
            "ChatCompletionChunkObject",
            "/components/schemas/ChatCompletionChunk/properties/object",
        ),
    ],
)
def test_inline_names_of_the_reference_pages(version: str, name: str, pointer: str):
    assert real_api(version).models_by_name[name].pointer == pointer


def test_numbered_names_are_a_last_resort():
    """No collision counter (`X2` next to `X`) in the specs up to 2026-02-20: tags and parents
    tell names apart. The `X1` beside `X` the reference writes: the items of a component
    union's array member (`OpenResponsesInput1` in `OpenResponsesInput`), and the numbered
    objects its set has a page for beside X's (2025-10-07: the `error` objects
    `ResponsesStreamChunkError1`, `...2` beside the event member `ResponsesStreamChunkError`).
    """
    for version in ("2025-08-21", "2025-10-07", "2025-10-30", "2026-02-20"):
        models = real_api(version).models_by_name
        counted = sorted(
            n
            for n in models
            if re.search(r"[A-Za-z]\d{1,2}$", n)
            and (base := re.sub(r"\d+$", "", n)) in models
            and not re.fullmatch(
                re.escape(models[base].pointer) + r"/(anyOf|oneOf)/\d+/items",
                models[n].pointer,
            )
            and not _reference_pages_of(version) >= {n.lower(), base.lower()}
        )
        assert counted == [], (version, counted)


def _reference_pages_of(version: str) -> set[str]:
    """The lower-cased class names of the reference set's model pages ({} for no set)."""
    models = SETS / version / "docs" / "models"
    return {p.stem for p in models.rglob("*.md*")}


def test_an_inline_error_body_is_named_with_its_status_code():
    """`{Op}{Status}Error` with the status as written (`ListProviders500Error`), as the other 2xx
    bodies are `{Op}{Status}ResponseBody`; not the status spelled in words (`Fivezerozero`).
    """
    providers = "/paths/~1providers/get/responses/500/content/application~1json/schema"
    assert real_api("2025-10-07").models_by_name["ListProviders500Error"].pointer == (
        providers
    )
    names = set(real_api("2026-02-20").models_by_name)
    assert {"CreateMessages401Error", "CreateMessages529Error"} <= names
    assert "CreateMessagesFivezerozeroError" not in names

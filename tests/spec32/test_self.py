"""OpenAPI 3.2 `$self`: the document's own URI is the base of its relative `$ref`s.

`selfref/spec.yaml` says it is `https://example.com/apis/pets/openapi.yaml`; its refs are written
relative to that URI, as an absolute URI under it and as `$self` plus a fragment. Each stands for
the matching local file of the spec's folder tree; nothing is fetched, and a ref outside that
folder is refused like any URL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sdkforge.build import build_api
from sdkforge.spec import SpecError, load_spec
from sdkforge.spec.validate import validate_document

SELFREF = Path(__file__).parent / "selfref"
SELF = "https://example.com/apis/pets/openapi.yaml"


def test_refs_against_self_resolve_to_the_local_files() -> None:
    doc = load_spec(SELFREF / "spec.yaml")
    validate_document(doc)
    get = doc.data["paths"]["/pets/{id}"]["get"]
    # `$self#/...` is the root document itself, although its file is called spec.yaml.
    assert get["parameters"] == [{"$ref": "#/components/parameters/PetId"}]
    schemas = doc.data["components"]["schemas"]
    # An absolute URI under $self's folder is common/types.yaml.
    assert schemas["Owner"]["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    assert schemas["Tag"]["properties"] == {"label": {"type": "string"}}
    # A relative ref, resolved against $self, is schemas/pet.yaml (named by its file).
    response = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/pet"}
    assert set(schemas["pet"]["properties"]) == {"id", "owner", "tags"}
    # schemas/pet.yaml names the root by its $self URI: the root's own Owner, not a copy.
    assert schemas["pet"]["properties"]["owner"] == {
        "$ref": "#/components/schemas/Owner"
    }
    assert "Owner2" not in schemas
    sources = sorted(d.path.name for d in doc.sources)
    assert sources == ["pet.yaml", "types.yaml"]


def test_the_self_spec_builds_like_a_relative_one() -> None:
    doc = load_spec(SELFREF / "spec.yaml")
    validate_document(doc)
    model_api = build_api(doc)
    pet = next(m for m in model_api.models if m.name == "Pet")
    assert [f.wire_name for f in pet.fields] == ["id", "owner", "tags"]
    (operation,) = model_api.operations
    assert [(p.field.wire_name, p.location) for p in operation.parameters] == [
        ("id", "path")
    ]


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """The selfref tree under tmp_path/tree, with one text of its root spec replaced."""
    tree = tmp_path / "tree"
    shutil.copytree(SELFREF, tree)
    spec = tree / "spec.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new, 1))
    return spec


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("../outside.yaml", f"it leaves the folder of the document's $self ({SELF})"),
        (
            "https://example.com/apis/other/pet.yaml",
            f"it is a URL outside the document's $self ({SELF}); "
            "sdkforge never fetches anything from a network",
        ),
        (
            "https://elsewhere.example/apis/pets/schemas/pet.yaml",
            f"it is a URL outside the document's $self ({SELF}); "
            "sdkforge never fetches anything from a network",
        ),
    ],
    ids=["dot-dot", "other-folder", "other-host"],
)
def test_refs_leaving_self_are_refused(tmp_path: Path, ref: str, reason: str) -> None:
    (tmp_path / "outside.yaml").write_text("type: string\n")  # exists, still refused
    spec = _copy_with(tmp_path, "'./schemas/pet.yaml'", repr(ref))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert caught.value.message == f"cannot follow $ref {ref!r}: {reason}"
    assert caught.value.pointer.endswith("/application~1json/schema/$ref")
    assert caught.value.line == 22
    assert "spec's folder" in caught.value.hint


def test_a_missing_file_under_self_names_the_file(tmp_path: Path) -> None:
    spec = _copy_with(tmp_path, "'./schemas/pet.yaml'", "'./schemas/cat.yaml'")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert "the file schemas/cat.yaml does not exist" in caught.value.message


@pytest.mark.parametrize(
    "value", ["5", "''", "'https://example.com/openapi.yaml#top'"], ids=str
)
def test_self_must_be_a_uri_without_fragment(tmp_path: Path, value: str) -> None:
    spec = _copy_with(tmp_path, f"$self: {SELF}", f"$self: {value}")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert (caught.value.pointer, caught.value.line) == ("/$self", 4)
    assert "without a fragment" in caught.value.message


def test_self_is_not_read_in_3_1(tmp_path: Path) -> None:
    """In a 3.1 document `$self` means nothing: an absolute URL ref is refused as before."""
    spec = _copy_with(tmp_path, "openapi: 3.2.0", "openapi: 3.1.0")
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert "it is a URL; sdkforge never fetches anything" in caught.value.message


def test_a_url_outside_self_in_another_file_names_that_file(tmp_path: Path) -> None:
    spec = _copy_with(tmp_path, "openapi: 3.2.0", "openapi: 3.2.0")
    pet = spec.parent / "schemas" / "pet.yaml"
    ref = "https://example.com/apis/other.yaml#/components/schemas/Owner"
    pet.write_text(pet.read_text().replace(f"{SELF}#/components/schemas/Owner", ref))
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    assert caught.value.message.startswith(f"cannot follow $ref {ref!r}: it is a URL")
    assert (caught.value.file, caught.value.line) == (str(pet), 6)
    assert caught.value.pointer == "/properties/owner/$ref"

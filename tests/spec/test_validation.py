"""The two validators of `spec/validate.py` agree: jsonschema-rs's quick "valid" never lets
through a document jsonschema (which explains errors) would reject."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from sdkforge.spec import SpecError
from sdkforge.spec.load import read_document
from sdkforge.spec.validate import _DOCUMENT, _surely_valid, validate_document

TESTS = Path(__file__).resolve().parent.parent
SHARED = TESTS.parent.parent / "shared" / "specs"
DOCUMENTS = sorted(
    path
    for folder in (TESTS / "core" / "broken", TESTS / "core" / "specs", SHARED)
    for path in folder.rglob("*")
    if path.suffix in {".yaml", ".json"} and path.name != "expected.yaml"
)


def _data(path: Path) -> object:
    try:
        return read_document(path).data
    except SpecError:  # a document the loader refuses never reaches validation
        return None


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_the_fast_validator_agrees_with_jsonschema(path: Path) -> None:
    data = _data(path)
    if data is None:
        pytest.skip("the loader refuses it")
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_DOCUMENT).iter_errors(data)
    )
    assert _surely_valid(data) == (error is None), error


def test_the_comparison_covers_documents_both_validators_reject() -> None:
    rejected = {
        path.name
        for path in DOCUMENTS
        if "broken" in path.parts and not _surely_valid(_data(path))
    }
    assert {
        "properties_list.yaml",
        "missing_info.yaml",
        "wrong_version.yaml",
    } <= rejected


def test_a_document_jsonschema_rs_cannot_read_is_validated_by_jsonschema(
    tmp_path: Path,
) -> None:
    """A YAML date is not JSON: jsonschema-rs cannot read it, so jsonschema names the error."""
    spec = tmp_path / "dated.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Dated, version: 2023-08-16}\npaths: {}\n",
        encoding="utf-8",
    )
    document = read_document(spec)
    assert not _surely_valid(document.data)
    with pytest.raises(SpecError, match="`version` must be of type string or number"):
        validate_document(document)

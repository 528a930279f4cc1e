"""Every spelling of "X or null" the real specs use gives the same model: X, or null, nothing else."""

from __future__ import annotations

import json

import pydantic
import pytest
from sdkforge import api
from sdkforge.pipeline import load_api

from .helpers import HERE

SPEC = HERE / "specs" / "nullable_spellings.yaml"
FIELDS = [
    "by_nullable",
    "by_type_list",
    "by_any_of_null",
    "by_any_of_ref",
    "by_all_of_null",
]


@pytest.fixture(scope="module")
def holder(tmp_path_factory):
    import importlib
    import sys

    from sdkforge.config import load_settings
    from sdkforge.output import write_tree
    from sdkforge.pipeline import generate_files

    out = tmp_path_factory.mktemp("nullable") / "out"
    write_tree(
        out,
        generate_files(
            load_settings({"spec": SPEC, "out": out, "package": "nullable_sdk"})
        ).files,
    )
    sys.path.insert(0, str(out))
    yield importlib.import_module("nullable_sdk.models").Holder
    sys.path.remove(str(out))


def test_each_spelling_is_a_nullable_use_of_the_same_type():
    model_api, _ = load_api(SPEC)
    fields = {f.wire_name: f for f in model_api.model("Holder").fields}
    for name in FIELDS:
        assert isinstance(fields[name].type, api.Nullable), name
    assert fields["by_all_of_null"].type == api.Nullable(api.ModelRef("Price"))
    assert fields["by_any_of_ref"].type == api.Nullable(api.ModelRef("Effort"))
    # A description next to an enum's $ref in allOf adds no null; the reference generator
    # reads it as a copy of the enum named for the property, which the description describes
    # (its docs show N/A for the field: a part's annotations are not the field's).
    assert fields["by_all_of_description"].type == api.ModelRef("ByAllOfDescription")
    assert fields["by_all_of_description"].description is None
    copy = model_api.model("ByAllOfDescription")
    assert isinstance(copy, api.EnumModel)
    assert copy.description == "Effort at this use"
    effort = model_api.model("Effort")
    assert isinstance(effort, api.EnumModel) and copy.values == effort.values


def test_an_object_wrapped_beside_an_example_is_a_copy_of_it(holder):
    """An example next to an object's $ref in allOf makes the use a copy of the object, named for
    the property (the reference generator's reading); a description alone keeps the component.
    """
    model_api, _ = load_api(SPEC)
    fields = {f.wire_name: f for f in model_api.model("Holder").fields}
    assert fields["price_described"].type == api.ModelRef("Price")
    assert fields["price_here"].type == api.ModelRef("PriceHere")
    copy, price = model_api.model("PriceHere"), model_api.model("Price")
    assert isinstance(copy, api.ObjectModel) and isinstance(price, api.ObjectModel)
    assert [f.wire_name for f in copy.fields] == [f.wire_name for f in price.fields]
    assert copy.example == {"amount": "0.50"}
    required = {
        "by_nullable": None,
        "by_type_list": None,
        "by_any_of_null": None,
        "by_any_of_ref": None,
        "by_all_of_null": None,
        "by_all_of_description": "low",
    }
    payload = required | {"price_here": {"amount": "2.00"}}
    parsed = holder.model_validate_json(json.dumps(payload))
    assert type(parsed.price_here).__name__ == "PriceHere"
    assert (
        json.loads(parsed.model_dump_json(by_alias=True, exclude_unset=True)) == payload
    )


def test_required_nullable_fields_take_null_and_values(holder):
    nulls = {name: None for name in FIELDS} | {"by_all_of_description": "low"}
    values = {
        "by_nullable": "a",
        "by_type_list": "b",
        "by_any_of_null": "c",
        "by_any_of_ref": "medium",
        "by_all_of_null": {"amount": "0.00003"},
        "by_all_of_description": "high",
    }
    for payload in (nulls, values):
        raw = json.dumps(payload)
        assert (
            json.loads(
                holder.model_validate_json(raw).model_dump_json(
                    by_alias=True, exclude_unset=True
                )
            )
            == payload
        )
    with pytest.raises(pydantic.ValidationError):
        holder.model_validate(values | {"by_all_of_description": None})  # not nullable
    with pytest.raises(pydantic.ValidationError):
        holder.model_validate(
            {k: v for k, v in values.items() if k != "by_all_of_null"}
        )  # required

"""Models that reference one another in cycles are imported and validated one ring at a time.

A field that leads back into its own cycle through other objects is `Lazy[...]`: its validator
is built when such a field first gets a value, and the classes only such fields name are
imported when a model is next built (issue 11 item 7: Stripe's first call went from 1-2 s,
importing and building 880 models, to ~0.2 s). Everything a user sees must stay the same:
which union member a value becomes, exact round trips, error locations, JSON schemas.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sdkforge.build import build_api
from sdkforge.config import load_settings
from sdkforge.output import write_tree
from sdkforge.pipeline import generate_files
from sdkforge.render.cycles import cycle_components
from sdkforge.render.models import render_models
from sdkforge.render.templates import template_environment
from sdkforge.spec.load import load_spec

from .helpers import run_script

SPEC = Path(__file__).parent / "specs" / "cycles.yaml"


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": ["b"], "b": ["c"], "c": []}, {}),  # a chain: no cycle
        ({"t": ["t"]}, {"t": {"t"}}),  # a model that nests itself
        (
            # two cycles joined by a one-way bridge stay two components
            {"a": ["b"], "b": ["a", "c"], "c": ["d"], "d": ["c"], "e": ["a"]},
            {"a": {"a", "b"}, "b": {"a", "b"}, "c": {"c", "d"}, "d": {"c", "d"}},
        ),
        ({"a": ["missing"]}, {}),  # a name without edges of its own
    ],
)
def test_cycle_components(
    edges: dict[str, list[str]], expected: dict[str, set[str]]
) -> None:
    assert cycle_components(edges) == {k: frozenset(v) for k, v in expected.items()}


def test_a_cycle_of_100000_nodes_is_found_without_recursion() -> None:
    n = 100_000
    components = cycle_components({f"n{i}": [f"n{(i + 1) % n}"] for i in range(n)})
    assert len(components) == n
    assert len(components["n0"]) == n


def test_only_fields_into_a_cycle_through_other_objects_are_lazy() -> None:
    files = render_models(
        build_api(load_spec(SPEC)), "cycles_sdk", template_environment()
    )
    customer = files["cycles_sdk/models/customer.py"]
    # into the cycle: lazy, and linked only when a model is next built
    assert "default_source: Lazy[Optional[DefaultSource]] = None" in customer
    assert "invoices: Lazy[Optional[list[Invoice]]] = None" in customer
    assert 'later={\n        "DefaultSource": ".defaultsource",' in customer
    # outside it (Address), or a tree that only nests itself (Category): as before
    assert "address: Optional[Address] = None" in customer
    assert "category: Optional[Category] = None" in customer
    category = files["cycles_sdk/models/category.py"]
    assert "children: Optional[list[Category]] = None" in category
    assert "Lazy" not in category


CHECK = """
import json
import sys

from pydantic import ValidationError

from cycles_sdk.models.customer import Customer

# Importing a model imports what it nests eagerly, not the cycle behind its lazy fields.
assert "cycles_sdk.models.address" in sys.modules
assert "cycles_sdk.models.invoice" not in sys.modules

# Building Customer imports the next ring (for the annotations) but builds none of it.
assert Customer.model_validate({"id": "cus_0", "invoices": []}).invoices == []
from cycles_sdk.models.invoice import Invoice
assert not Invoice.__pydantic_complete__
# A build links only the rings around the models it holds: Address's, none of the cycle's.
from cycles_sdk.models.address import Address
assert Address.model_validate({"city": "Oslo"}).city == "Oslo"
assert "cycles_sdk.models.cardcustomer" not in sys.modules

payload = {
    "id": "cus_1",
    "address": {"city": "Oslo"},
    "category": {"name": "a", "children": [{"name": "b", "children": []}]},
    "default_source": {"id": "ba_1", "bank_name": "B", "routing_number": "011", "extra": 1.0},
    "invoices": [
        {"id": "in_1", "total": 3, "customer": "cus_1"},
        {"id": "in_2", "total": 4, "customer": {"id": "cus_1", "default_source": None}},
    ],
}
customer = Customer.model_validate_json(json.dumps(payload))
# the union member is chosen as pydantic chooses it among eager members
assert type(customer.default_source).__name__ == "BankAccount", customer
assert customer.invoices[0].customer == "cus_1"
assert type(customer.invoices[1].customer).__name__ == "Customer"
# exact round trips, in JSON and Python modes, types included
text = customer.model_dump_json(by_alias=True, exclude_unset=True)
assert json.loads(text) == payload and '"extra":1.0' in text, text
assert customer.model_dump(mode="json", exclude_unset=True) == payload
# the dump options reach inside the lazy fields
assert customer.model_dump(exclude_none=True)["invoices"][1]["customer"] == {"id": "cus_1"}

# errors name the place inside the lazy field, as eager validation does
try:
    Customer.model_validate(
        {"id": "c", "invoices": [{"id": "in", "total": "many", "customer": {"id": 3}}]}
    )
except ValidationError as error:
    locations = [e["loc"] for e in error.errors()]
    assert ("invoices", 0, "total") in locations, locations
    assert ("invoices", 0, "customer", "Customer", "id") in locations, locations
else:
    raise AssertionError("an invalid nested invoice was accepted")

schema = Customer.model_json_schema()
assert set(schema["properties"]) == {
    "id", "address", "category", "default_source", "invoices"
}, schema
print("ok")
"""


THREADS_CHECK = """
import threading

from cycles_sdk.models.customer import Customer

payload = {
    "id": "cus_1",
    "default_source": {"id": "card_1", "brand": "visa", "customer": {"id": "cus_1"}},
    "invoices": [{"id": "in_1", "total": 3, "customer": {"id": "cus_1", "invoices": []}}],
}
start = threading.Barrier(8)
results = []

def first_use():
    start.wait()  # all threads build and link at the same moment
    results.append(Customer.model_validate(payload).model_dump(exclude_unset=True))

threads = [threading.Thread(target=first_use) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert results == [payload] * 8, results
print("ok")
"""


def test_threads_using_a_cycle_first_at_once_all_validate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = load_settings({"spec": SPEC, "out": out, "package": "cycles_sdk"})
    write_tree(out, generate_files(settings).files)
    assert run_script(THREADS_CHECK, cwd=out).strip() == "ok"


def test_a_cycle_validates_lazily_and_exactly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    settings = load_settings({"spec": SPEC, "out": out, "package": "cycles_sdk"})
    write_tree(out, generate_files(settings).files)
    assert run_script(CHECK, cwd=out).strip() == "ok"

"""Issue 10: the examples of two large public specs round-trip through their generated models.

Every `example` a Box component schema gives and every resource of Stripe's fixtures (one
realistic object per resource) goes through the generated model: validated from JSON and dumped
back by alias (unset fields left out), compared with JSON types (1 is not 1.0, true is not 1).
`openapi-schema-validator` decides which payloads are valid for their own schema: every valid one
must round-trip exactly; every invalid one is listed below with the validator's reason and must
stay invalid, so the list never goes stale. Both SDKs are generated once per session (slow).
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pydantic
import pytest
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from sdkforge import api
from sdkforge.pipeline import load_api
from sdkforge.spec import load_spec

from .helpers import ROOT, json_differences, start_cli

ZOO = ROOT.parent / "shared" / "specs" / "zoo"
BOX = ZOO / "box.json"
STRIPE = ZOO / "stripe.yaml"
STRIPE_FIXTURES = ZOO / "stripe-fixtures3.json"
GROUP_MODULES = {
    "models": "models",
    "operations": "models.operations",
    "errors": "models.errors",
}
SPEC_URI = "urn:sdkforge:spec"

# Payloads that break their own schema (class name -> where, and the keyword that fails); they
# must stay invalid. Box's examples are all valid. Stripe's fixtures send `null` where the schema
# says `nullable: true` beside `anyOf` (or beside an `enum` without null): OpenAPI 3.0 gives
# `nullable` a meaning only next to `type`, so a strict validator rejects the null (our models,
# like Stripe's own SDKs, accept it).
BOX_INVALID: dict[str, str] = {}
STRIPE_INVALID: dict[str, str] = {
    "Account": "/business_profile: anyOf",
    "ApplicationFee": "/originating_transaction: anyOf",
    "BankAccount": "/customer: anyOf",
    "BillingPortalConfiguration": "/application: anyOf",
    "BillingPortalSession": "/flow: anyOf",
    "Card": "/customer: anyOf",
    "Charge": "/application: anyOf",
    "CheckoutSession": "/after_expiration: anyOf",
    "CreditNote": "/customer_balance_transaction: anyOf",
    "Customer": "/address: anyOf",
    "CustomerBalanceTransaction": "/credit_note: anyOf",
    "Discount": "/promotion_code: anyOf",
    "Dispute": "/evidence/cancellation_policy: anyOf",
    "ExternalAccount": "/: anyOf",
    "FeeRefund": "/balance_transaction: anyOf",
    "FinancialConnectionsAccount": "/balance: anyOf",
    "IdentityVerificationReport": "/document/error: anyOf",
    "IdentityVerificationSession": "/last_error: anyOf",
    "Invoice": "/application: anyOf",
    "Invoiceitem": "/invoice: anyOf",
    "IssuingAuthorization": "/card/cancellation_reason: enum",
    "IssuingCard": "/cancellation_reason: enum",
    "IssuingCardholder": "/company: anyOf",
    "IssuingDispute": "/evidence/fraudulent/additional_documentation: anyOf",
    "IssuingTransaction": "/balance_transaction: anyOf",
    "Item": "/price: anyOf",
    "LineItem": "/price: anyOf",
    "PaymentIntent": "/application: anyOf",
    "PaymentLink": "/application: anyOf",
    "PaymentMethod": "/card/generated_from: anyOf",
    "PaymentSource": "/: anyOf",
    "Payout": "/failure_balance_transaction: anyOf",
    "Person": "/verification/additional_document: anyOf",
    "Plan": "/aggregate_usage: enum",
    "Price": "/custom_unit_amount: anyOf",
    "Product": "/package_dimensions: anyOf",
    "PromotionCode": "/customer: anyOf",
    "Quote": "/application: anyOf",
    "Refund": "/balance_transaction: anyOf",
    "Review": "/closed_reason: enum",
    "SetupAttempt": "/application: anyOf",
    "SetupIntent": "/application: anyOf",
    "ShippingRate": "/delivery_estimate: anyOf",
    "Source": "/owner: anyOf",
    "SourceMandateNotification": "/source/owner: anyOf",
    "Subscription": "/application: anyOf",
    "SubscriptionItem": "/billing_thresholds: anyOf",
    "SubscriptionSchedule": "/application: anyOf",
    "TaxSettings": "/defaults/tax_behavior: enum",
    "TaxTransaction": "/line_items/data/0/reversal: anyOf",
    "TaxTransactionLineItem": "/reversal: anyOf",
    "TerminalReader": "/action: anyOf",
    "Topup": "/balance_transaction: anyOf",
    "Transfer": "/source_transaction: anyOf",
    "TransferReversal": "/balance_transaction: anyOf",
    "TreasuryDebitReversal": "/linked_flows: anyOf",
    "TreasuryFinancialAccount": "/status_details/closed: anyOf",
    "TreasuryInboundTransfer": "/failure_details: anyOf",
    "TreasuryOutboundPayment": "/destination_payment_method_details: anyOf",
    "TreasuryOutboundTransfer": "/returned_details: anyOf",
    "TreasuryReceivedCredit": "/failure_code: enum",
    "TreasuryReceivedDebit": "/failure_code: enum",
}


@dataclass(frozen=True)
class Case:
    name: str  # the model's class name
    group: api.ModelGroup
    pointer: str  # the schema the payload is checked against
    payload: Any


@pytest.fixture(scope="module")
def zoo_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """spec stem -> the package `sdkforge generate` wrote for it (both generated at once)."""
    root = tmp_path_factory.mktemp("zoo")
    runs = {
        stem: start_cli(
            "generate", "--spec", spec, "--out", root / stem, "--package", f"zoo_{stem}",
            cwd=root,
        )
        for stem, spec in (("stripe", STRIPE), ("box", BOX))
    }  # fmt: skip
    for stem, process in runs.items():
        _, stderr = process.communicate(timeout=1800)
        assert process.returncode == 0, f"{stem}: {stderr[-3000:]}"
        sys.path.insert(0, str(root / stem))
    yield {stem: f"zoo_{stem}" for stem in runs}
    for stem in runs:
        sys.path.remove(str(root / stem))


def _validator(document: dict) -> Any:
    """A validator of payloads against schemas of `document`, by JSON pointer."""
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(document, default_specification=DRAFT4)
    )
    return lambda pointer: OAS30Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"}, registry=registry
    )


def _invalid_reason(validator: Any, case: Case) -> str | None:
    errors = sorted(
        validator(case.pointer).iter_errors(case.payload),
        key=lambda e: list(e.absolute_path),
    )
    if not errors:
        return None
    where = "/".join(str(p) for p in errors[0].absolute_path)
    return f"/{where}: {errors[0].validator}"


def _round_trip(exported: Any, payload: Any) -> Any:
    text = json.dumps(payload)
    if isinstance(exported, type) and issubclass(exported, pydantic.BaseModel):
        return json.loads(
            exported.model_validate_json(text).model_dump_json(
                by_alias=True, exclude_unset=True
            )
        )
    adapter = pydantic.TypeAdapter(exported)
    return json.loads(
        adapter.dump_json(
            adapter.validate_json(text), by_alias=True, exclude_unset=True
        )
    )


def _problems(package: str, case: Case) -> list[str]:
    module = importlib.import_module(f"{package}.{GROUP_MODULES[case.group]}")
    try:
        return json_differences(
            case.payload,
            _round_trip(getattr(module, api.class_name_of(case.name)), case.payload),
        )
    except pydantic.ValidationError as error:
        return [f"rejected: {str(error)[:300]}"]


def _check(
    package: str, document: dict, cases: list[Case], listed: dict[str, str]
) -> None:
    validator = _validator(document)
    invalid: dict[str, str] = {}
    failures: list[str] = []
    warnings.simplefilter("ignore", DeprecationWarning)
    for case in cases:
        reason = _invalid_reason(validator, case)
        if reason is not None:
            invalid[case.name] = reason
            continue
        problems = _problems(package, case)
        if problems:
            failures.append(f"{case.name}: {problems[:3]}")
    assert (
        not failures
    ), f"{len(failures)} of {len(cases)} valid payloads: {failures[:10]}"
    assert invalid == listed, "the payloads that break their schema changed"


def _box_cases() -> list[Case]:
    model_api, _ = load_api(BOX)
    document = load_spec(BOX).data
    cases = []
    for model in model_api.models:
        if model.example is api.MISSING or not _resolves(document, model.pointer):
            continue
        cases.append(Case(model.name, model.group, model.pointer, model.example))
    return cases


def _stripe_cases() -> list[Case]:
    model_api, _ = load_api(STRIPE)
    by_pointer = {model.pointer: model for model in model_api.models}
    resources = json.loads(STRIPE_FIXTURES.read_text())["resources"]
    cases = []
    for key, payload in resources.items():
        pointer = "/components/schemas/" + key.replace("~", "~0").replace("/", "~1")
        model = by_pointer[pointer]
        cases.append(Case(model.name, model.group, pointer, payload))
    return cases


def _resolves(document: dict, pointer: str) -> bool:
    node: Any = document
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return False
    return True


def test_box_examples_round_trip_through_their_models(
    zoo_packages: dict[str, str],
) -> None:
    cases = _box_cases()
    assert len(cases) >= 300
    _check(zoo_packages["box"], load_spec(BOX).data, cases, BOX_INVALID)


def test_stripe_fixtures_round_trip_through_their_models(
    zoo_packages: dict[str, str],
) -> None:
    cases = _stripe_cases()
    assert len(cases) == 131
    _check(zoo_packages["stripe"], load_spec(STRIPE).data, cases, STRIPE_INVALID)

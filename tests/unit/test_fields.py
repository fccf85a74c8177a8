"""The API.md field rules, one table row each: what is accepted, and the exact message."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from statesync.kinds import registry
from statesync.manifest.messages import field_problems
from tests.samples import ITEM, ORDER, PRODUCT, SHIPMENT

EVENT = {"tracking_code": "T1", "event": "refunded", "datetime": "2020-08-01T10:00:00Z"}
BASE: dict[str, dict[str, Any]] = {
    "order": ORDER,
    "order_item": ITEM,
    "shipment": SHIPMENT,
    "shipment_event": EVENT,
    "product": PRODUCT,
}


def problems(kind: str, **changes: Any) -> list[str]:
    data = {**BASE[kind], **changes}
    data = {k: v for k, v in data.items() if v is not ...}
    spec_kind = registry().get(kind)
    try:
        spec_kind.spec.model_validate(data)
    except ValidationError as error:
        return [
            f"{'.'.join(map(str, p.path))}: {p.message}" for p in field_problems(spec_kind, error)
        ]
    return []


@pytest.mark.parametrize("kind", sorted(BASE))
def test_base_examples_are_valid(kind: str) -> None:
    assert problems(kind) == []


REJECTED = [
    ("order_item", {"sales_price": "abc"}, 'sales_price: expected a number, got "abc"'),
    ("order_item", {"sales_price": True}, "sales_price: expected a number, got true"),
    ("order_item", {"weight": float("nan")}, "weight: expected a finite number, got nan"),
    ("order_item", {"name": 42}, 'name: expected a string, got 42 (quote it: "42")'),
    ("order_item", {"name": ""}, "name: must not be empty"),
    ("order_item", {"returnable": "yes"}, 'returnable: expected true or false, got "yes"'),
    ("order_item", {"returnable": ...}, "returnable: required field is missing"),
    (
        "order_item",
        {"currency": "EURO"},
        'currency: "EURO" is not an ISO 4217 currency code (did you mean "EUR"?)',
    ),
    (
        "order_item",
        {"currency": "eur"},
        'currency: "eur" is not an ISO 4217 currency code (did you mean "EUR"?)',
    ),
    (
        "order_item",
        {"shop_product_url": "www.example.com"},
        'shop_product_url: expected an http(s) URL, got "www.example.com"',
    ),
    (
        "order_item",
        {"shipment": "T1", "shipment_id": "1"},
        ": give either shipment (a tracking code) or shipment_id, not both",
    ),
    ("order_item", {"nmae": "x"}, 'nmae: unknown field "nmae" (did you mean "name"?)'),
    (
        "order",
        {"order_date": "31.07.2020"},
        "order_date: expected an ISO-8601 date and time such as 2020-07-31T07:00:00+00:00,"
        ' got "31.07.2020"',
    ),
    (
        "order",
        {"order_date": "2020-07-31"},
        "order_date: expected an ISO-8601 date and time such as 2020-07-31T07:00:00+00:00,"
        ' got "2020-07-31"',
    ),
    (
        "order",
        {"order_date": "2020-07-31T07:00:00"},
        'order_date: "2020-07-31T07:00:00" has no UTC offset (add Z or +00:00)',
    ),
    (
        "order",
        {"order_date": "2020-07-31T07:00:00.123Z"},
        'order_date: "2020-07-31T07:00:00.123Z": sub-second precision is not supported',
    ),
    (
        "order",
        {"language": ["en", "xx"]},
        'language.1: "xx" is not one of the 25 portal languages',
    ),
    (
        "order",
        {"language": "EN"},
        'language: "EN" is not one of the 25 portal languages (did you mean "en"?)',
    ),
    ("order", {"language": []}, "language: expected at least one language code"),
    (
        "order",
        {"order_tags": ["a"]},
        "order_tags: expected a mapping of tag names to values, got a list",
    ),
    ("order", {"order_tags": {"a": None}}, "order_tags.a: expected a scalar value, got null"),
    ("order", {"boarding_complete": 1}, "boarding_complete: expected true or false, got 1"),
    (
        "product",
        {"customs_item_value": 500},
        'customs_item_value: expected a numeric string, got the number 500 (quote it: "500")',
    ),
    (
        "product",
        {"customs_item_value": "5 EUR"},
        'customs_item_value: expected a numeric string such as "500", got "5 EUR"',
    ),
    (
        "product",
        {"customs_origin_country_iso2": "DEU"},
        'customs_origin_country_iso2: "DEU" is not an ISO 3166 alpha-2 country code'
        ' (did you mean "DE"?)',
    ),
    (
        "product",
        {"customs_origin_country_iso2": "GER"},
        'customs_origin_country_iso2: "GER" is not an ISO 3166 alpha-2 country code',
    ),
    (
        "shipment",
        {"customer_email": "not-an-email"},
        "customer_email: expected an e-mail address (the value is sensitive and not shown)",
    ),
    ("shipment", {"carrier": {"name": "dhl"}}, "carrier.country: required field is missing"),
    ("shipment", {"carrier": "dhl"}, 'carrier: expected a mapping, got "dhl"'),
    (
        "shipment",
        {"carrier_service": "overnight"},
        'carrier_service: expected one of standard, express, other, got "overnight"',
    ),
    (
        "shipment",
        {"goods_value_currency": "XYZ"},
        'goods_value_currency: "XYZ" is not an ISO 4217 currency code',
    ),
    (
        "shipment_event",
        {"event": "returned"},
        'event: expected one of "refunded", "Refunded", "returned_to_warehouse",'
        ' "Returned to warehouse", got "returned" (did you mean "returned_to_warehouse"?)',
    ),
]


@pytest.mark.parametrize(("kind", "changes", "expected"), REJECTED)
def test_rule_violation_has_its_exact_message(
    kind: str, changes: dict[str, Any], expected: str
) -> None:
    assert problems(kind, **changes) == [expected]


def test_every_problem_in_a_resource_is_reported() -> None:
    found = problems("shipment", carrier={"name": "dhl", "contry": "DE"}, reference_number=7)
    assert found == [
        "carrier.country: required field is missing",
        'carrier.contry: unknown field "contry" (did you mean "country"?)',
        'reference_number: expected a string, got 7 (quote it: "7")',
    ]


def test_datetimes_are_normalised_to_utc() -> None:
    spec = (
        registry()
        .get("order")
        .spec.model_validate({**ORDER, "order_date": "2020-07-31T09:00:00+0200"})
    )
    assert spec.model_dump()["order_date"] == "2020-07-31T07:00:00+00:00"


@pytest.mark.parametrize(
    "written", ["2020-07-31T07:00:00Z", "2020-07-31T07:00:00.000Z", "2020-07-31 07:00:00+00:00"]
)
def test_documented_datetime_spellings_are_accepted(written: str) -> None:
    spec = registry().get("order").spec.model_validate({**ORDER, "order_date": written})
    assert spec.model_dump()["order_date"] == "2020-07-31T07:00:00+00:00"


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("Refunded", "refunded"),
        ("refunded", "refunded"),
        ("Returned to warehouse", "returned_to_warehouse"),
        ("returned_to_warehouse", "returned_to_warehouse"),
    ],
)
def test_event_display_spellings_are_sent_in_api_spelling(written: str, sent: str) -> None:
    kind = registry().get("shipment_event")
    spec = kind.spec.model_validate({**EVENT, "event": written})
    assert kind.payload(spec, {"tracking_code": "123456789"})["event"] == sent


def test_values_are_sent_exactly_as_written() -> None:
    kind = registry().get("order_item")
    spec = kind.spec.model_validate(
        {**ITEM, "shop_product_url": "https://Example.com/Shirt", "weight": 5, "sales_price": 5.0}
    )
    body = kind.payload(spec)
    assert body["shop_product_url"] == "https://Example.com/Shirt"
    assert body["weight"] == 5 and isinstance(body["weight"], int)
    assert body["sales_price"] == 5.0 and isinstance(body["sales_price"], float)


def test_language_keeps_the_form_written() -> None:
    kind = registry().get("order")
    single = kind.spec.model_validate({**ORDER, "language": "de"})
    several = kind.spec.model_validate({**ORDER, "language": ["de", "en"]})
    assert kind.payload(single)["language"] == "de"
    assert kind.payload(several)["language"] == ["de", "en"]


def test_item_line_defaults_to_sku_and_is_not_sent() -> None:
    kind = registry().get("order_item")
    spec = kind.spec.model_validate(ITEM)
    assert kind.address(spec).key == ("O1", "S1")
    assert "line" not in kind.payload(spec)


def test_item_sends_the_shipment_server_id_not_the_tracking_code() -> None:
    kind = registry().get("order_item")
    spec = kind.spec.model_validate({**ITEM, "shipment": "T1"})
    assert kind.payload(spec, {"shipment": "987654321"})["shipment_id"] == "987654321"
    assert "shipment" not in kind.payload(spec, {"shipment": "987654321"})


def test_event_is_sent_with_the_shipment_id() -> None:
    kind = registry().get("shipment_event")
    spec = kind.spec.model_validate(EVENT)
    assert kind.payload(spec, {"tracking_code": "123456789"}) == {
        "event": "refunded",
        "datetime": "2020-08-01T10:00:00+00:00",
        "id": "123456789",
    }

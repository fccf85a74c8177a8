"""Every field rule of API.md, sent to the simulator: status 400, propertyPath and message."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from statesync.simulator import Simulator
from tests.simulator_helpers import ITEM, ORDER, SHIPMENT, client_for, with_order_and_product

EVENT = {"event": "refunded", "datetime": "2020-08-01T10:00:00Z"}
REQUIRED = "This value should not be blank."

RULES: list[tuple[str, dict[str, Any], str, str]] = [
    # Order
    ("/orders", {"order_id": None}, "order_id", REQUIRED),
    ("/orders", {"order_id": ""}, "order_id", "must not be empty"),
    ("/orders", {"order_date": None}, "order_date", REQUIRED),
    (
        "/orders",
        {"order_date": "yesterday"},
        "order_date",
        'expected an ISO-8601 date and time such as 2020-07-31T07:00:00+00:00, got "yesterday"',
    ),
    ("/orders", {"order_url": "ftp://x"}, "order_url", 'expected an http(s) URL, got "ftp://x"'),
    (
        "/orders",
        {"boarding_complete": "false"},
        "boarding_complete",
        'expected true or false, got "false"',
    ),
    (
        "/orders",
        {"language": ["en", "xx"]},
        "language[1]",
        '"xx" is not one of the 25 portal languages',
    ),
    (
        "/orders",
        {"order_tags": "x"},
        "order_tags",
        'expected a mapping of tag names to values, got "x"',
    ),
    (
        "/orders",
        {"promised_delivery_date": "2020-08-05T07:00:00"},
        "promised_delivery_date",
        '"2020-08-05T07:00:00" has no UTC offset (add Z or +00:00)',
    ),
    ("/orders", {"extra": 1}, "extra", 'unknown field "extra"'),
    # Order item
    ("/order_items", {"name": None}, "name", REQUIRED),
    ("/order_items", {"description": None}, "description", REQUIRED),
    ("/order_items", {"sku": None}, "sku", REQUIRED),
    ("/order_items", {"size": None}, "size", REQUIRED),
    ("/order_items", {"sales_price": "19.99"}, "sales_price", 'expected a number, got "19.99"'),
    ("/order_items", {"weight": None}, "weight", REQUIRED),
    ("/order_items", {"weight": "heavy"}, "weight", 'expected a number, got "heavy"'),
    (
        "/order_items",
        {"currency": "EURO"},
        "currency",
        '"EURO" is not an ISO 4217 currency code (did you mean "EUR"?)',
    ),
    ("/order_items", {"returnable": None}, "returnable", REQUIRED),
    ("/order_items", {"returnable": 1}, "returnable", "expected true or false, got 1"),
    (
        "/order_items",
        {"shop_product_url": "shop"},
        "shop_product_url",
        'expected an http(s) URL, got "shop"',
    ),
    (
        "/order_items",
        {"bundle_item": 3456},
        "bundle_item",
        'expected a string, got 3456 (quote it: "3456")',
    ),
    ("/order_items", {"line": "1"}, "line", 'unknown field "line"'),
    # Product
    (
        "/products",
        {"customs_item_value": 500},
        "customs_item_value",
        'expected a numeric string, got the number 500 (quote it: "500")',
    ),
    (
        "/products",
        {"customs_origin_country_iso2": "XX"},
        "customs_origin_country_iso2",
        '"XX" is not an ISO 3166 alpha-2 country code',
    ),
    # Shipment
    ("/shipments", {"customer_email": None}, "customer_email", REQUIRED),
    (
        "/shipments",
        {"customer_email": "nobody"},
        "customer_email",
        "expected an e-mail address (the value is sensitive and not shown)",
    ),
    ("/shipments", {"tracking_code": None}, "tracking_code", REQUIRED),
    ("/shipments", {"carrier": {"name": "dhl"}}, "carrier.country", REQUIRED),
    ("/shipments", {"carrier": {"country": "DE"}}, "carrier.name", REQUIRED),
    (
        "/shipments",
        {"carrier_service": "fast"},
        "carrier_service",
        'expected one of standard, express, other, got "fast"',
    ),
    ("/shipments", {"return_parcel": "no"}, "return_parcel", 'expected true or false, got "no"'),
    ("/shipments", {"goods_value": "12"}, "goods_value", 'expected a number, got "12"'),
    (
        "/shipments",
        {"goods_value_currency": "E"},
        "goods_value_currency",
        '"E" is not an ISO 4217 currency code',
    ),
    # Shipment event
    (
        "/shipment_events",
        {"event": "lost"},
        "event",
        'expected one of "refunded", "Refunded", "returned_to_warehouse",'
        ' "Returned to warehouse", got "lost"',
    ),
    ("/shipment_events", {"datetime": None}, "datetime", REQUIRED),
    ("/shipment_events", {"id": None}, "id", REQUIRED),
]


@pytest.fixture
def client() -> httpx.Client:
    client = client_for(Simulator())
    with_order_and_product(client)
    shipment = client.post("/shipments", json=SHIPMENT).json()
    client.headers["X-Shipment"] = str(shipment["id"])
    return client


def _body(client: httpx.Client, path: str, changes: dict[str, Any]) -> dict[str, Any]:
    bases: dict[str, dict[str, Any]] = {
        "/orders": {**ORDER, "order_id": "O-new"},
        "/order_items": ITEM,
        "/products": {"sku": "S-new"},
        "/shipments": {**SHIPMENT, "tracking_code": "T-new"},
        "/shipment_events": {**EVENT, "id": client.headers["X-Shipment"]},
    }
    base = bases[path]
    merged = {**base, **changes}
    return {k: v for k, v in merged.items() if v is not None}


@pytest.mark.parametrize(("path", "changes", "property_path", "message"), RULES)
def test_a_violating_body_is_400_with_the_rule_message(
    client: httpx.Client, path: str, changes: dict[str, Any], property_path: str, message: str
) -> None:
    answer = client.post(path, json=_body(client, path, changes))
    assert answer.status_code == 400
    body = answer.json()
    assert body["title"] == "An error occurred"
    assert body["violations"] == [{"propertyPath": property_path, "message": message}]
    assert body["detail"] == f"{property_path}: {message}"


def test_several_violations_are_all_reported(client: httpx.Client) -> None:
    answer = client.post("/order_items", json={"order_id": "O1", "sku": "S1"})
    paths = [v["propertyPath"] for v in answer.json()["violations"]]
    assert paths == [
        "name",
        "description",
        "sales_price",
        "currency",
        "size",
        "weight",
        "returnable",
    ]
    assert answer.json()["detail"].count("\n") == 6

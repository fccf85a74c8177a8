"""The documented example payloads validate, and manifests restating them send them as-is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from statesync import Address, load
from statesync.kinds import registry
from tests.conftest import ROOT, SEED_PAYLOADS, WriteTree

FIXTURES = {"order": "order.json", "order_item": "order_item.json"}


def fixture(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SEED_PAYLOADS / FIXTURES[kind]).read_text())
    return data


@pytest.mark.parametrize("kind_name", sorted(FIXTURES))
def test_documented_payload_validates_and_round_trips(kind_name: str) -> None:
    kind = registry().get(kind_name)
    spec = kind.spec.model_validate(fixture(kind_name))
    assert kind.payload(spec) == fixture(kind_name)


def test_a_manifest_restating_the_payloads_sends_them_field_for_field(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "shop.yaml": """
            orders:
              - order_id: QA_order_2020_07_31_091340
                order_url: https://shop.example.com
                order_date: 2020-07-31T07:00:00+00:00
                boarding_complete: false
                language: [en]
                order_tags: {tag_1: test}
                promised_delivery_date: "2020-08-05T07:00:00+00:00"
                items:
                  - sku: QA_SKU_2020-07-31_091254
                    shipment_id: "123456789"
                    warehouse_address: "Schleißheimer Str. 506\\n80933 München"
                    warehouse: Warehouse 1
                    shop_product_url: https://www.sevensenders.com
                    name: Shirt
                    description: Shirt description
                    sales_price: 19.99
                    currency: EUR
                    size: Medium
                    weight: 5.0
                    appearance: White
                    returnable: true
                    bundle_item: "3456"
            """
        }
    )
    desired = load([root])
    order = desired.resources[Address("order", ("QA_order_2020_07_31_091340",))]
    item = desired.resources[
        Address("order_item", ("QA_order_2020_07_31_091340", "QA_SKU_2020-07-31_091254"))
    ]
    assert order.kind.payload(order.spec) == fixture("order")
    assert item.kind.payload(item.spec) == fixture("order_item")
    assert json.dumps(item.kind.payload(item.spec)) == json.dumps(fixture("order_item"))


def test_the_example_shop_restates_the_documented_order_and_item(tmp_path: Path) -> None:
    desired = load([ROOT / "manifests"])
    order = desired.resources[Address("order", ("QA_order_2020_07_31_091340",))]
    item = desired.resources[
        Address("order_item", ("QA_order_2020_07_31_091340", "QA_SKU_2020-07-31_091254"))
    ]
    assert order.kind.payload(order.spec) == fixture("order")
    # The example names its shipment by tracking code; once created, its id is sent.
    assert item.kind.payload(item.spec, {"shipment": "123456789"}) == fixture("order_item")

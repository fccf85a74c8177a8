"""Order item: one line of an order (``POST /order_items`` → server ``id``).

Its key is ``order_id`` + ``line``; ``line`` defaults to the ``sku``, so two items of one order
with the same sku need distinct ``line``s. ``shipment: <tracking_code>`` names a shipment in
the manifests and is sent as the server's ``shipment_id`` once known; ``shipment_id`` may be
given literally instead, for a shipment statesync does not manage.
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from statesync.kinds.base import Api, Immutable, Kind, Reference, Spec
from statesync.kinds.fields import Boolean, Currency, Number, RequiredText, Text, Url, fail


class OrderItemSpec(Spec):
    order_id: RequiredText
    line: RequiredText
    sku: RequiredText
    shipment: RequiredText | None = None
    shipment_id: RequiredText | None = None
    warehouse_address: Text | None = None
    warehouse: Text | None = None
    shop_product_url: Url | None = None
    name: RequiredText
    description: RequiredText
    sales_price: Number
    currency: Currency
    size: RequiredText
    weight: Number
    appearance: Text | None = None
    returnable: Boolean
    bundle_item: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _line_defaults_to_sku(cls, data: Any) -> Any:
        if isinstance(data, dict) and "line" not in data and isinstance(data.get("sku"), str):
            return {**data, "line": data["sku"]}
        return data

    @model_validator(mode="after")
    def _one_shipment_reference(self) -> OrderItemSpec:
        if self.shipment is not None and self.shipment_id is not None:
            raise fail(
                "shipment", "give either shipment (a tracking code) or shipment_id, not both"
            )
        return self


KIND = Kind(
    name="order_item",
    section="order_items",
    spec=OrderItemSpec,
    key_fields=("order_id", "line"),
    references=(
        Reference("order_id", "order"),
        Reference("sku", "product", must_resolve=False),
        # The documented example item names shipment 123456789 out of nowhere: unchecked.
        Reference("shipment", "shipment", sends_id_as="shipment_id", api_checked=False),
    ),
    manifest_only=frozenset({"line", "shipment"}),
    duplicate_hint="two items of one order with the same sku need distinct line: values",
    namespaced=frozenset({"order_id", "sku", "shipment"}),
    immutable=(
        Immutable(
            "order_id",
            "an order item cannot move to another order",
            "add the item to the other order as a new item",
        ),
    ),
    api=Api(
        collection="/order_items",
        resource_name="OrderItem",
        update="/order_items/{id}",
        read="/order_items/{id}",
        lookup="/order_items?order_id={order_id}",
        server_id=True,
    ),
)

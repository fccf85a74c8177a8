"""Order: what the customer logs into the portal with (``POST /orders`` → server ``id``)."""

from __future__ import annotations

from statesync.kinds.base import Api, Kind, Nesting, Spec
from statesync.kinds.fields import Boolean, Languages, RequiredText, Tags, Url, UtcDateTime


class OrderSpec(Spec):
    order_id: RequiredText
    order_url: Url | None = None
    order_date: UtcDateTime
    boarding_complete: Boolean | None = None
    language: Languages | None = None
    order_tags: Tags | None = None
    promised_delivery_date: UtcDateTime | None = None


KIND = Kind(
    name="order",
    section="orders",
    spec=OrderSpec,
    key_fields=("order_id",),
    namespaced=frozenset({"order_id"}),
    nested=(
        Nesting("items", "order_item", inherit=(("order_id", "order_id"),)),
        Nesting("shipments", "shipment", inherit=(("order_id", "order_id"),)),
    ),
    api=Api(
        collection="/orders",
        resource_name="Order",
        update="/orders/{id}",
        read="/orders/{id}",
        lookup="/orders?order_id={order_id}",
        server_id=True,
        unique=("order_id",),
    ),
)

"""Shipment: a parcel of an order (``POST /shipments`` → a 9-digit server ``id``).

``customer_email`` is, with ``order_id``, the customer's portal log-in: it is sensitive and
never shown or stored in clear.
"""

from __future__ import annotations

from statesync.kinds.base import Api, Immutable, Kind, Nesting, Reference, Spec
from statesync.kinds.fields import (
    Boolean,
    CarrierService,
    Country,
    Currency,
    Email,
    Number,
    RequiredText,
    Text,
)


class Carrier(Spec):
    name: RequiredText
    country: Country


class ShipmentSpec(Spec):
    order_id: RequiredText
    tracking_code: RequiredText
    customer_email: Email
    carrier: Carrier | None = None
    carrier_service: CarrierService | None = None
    reference_number: Text | None = None
    recipient_first_name: Text | None = None
    recipient_last_name: Text | None = None
    recipient_address: Text | None = None
    recipient_zip: Text | None = None
    recipient_city: Text | None = None
    recipient_country: Text | None = None
    recipient_phone: Text | None = None
    return_parcel: Boolean | None = None
    goods_value: Number | None = None
    goods_value_currency: Currency | None = None
    warehouse: Text | None = None
    warehouse_address: Text | None = None


KIND = Kind(
    name="shipment",
    section="shipments",
    spec=ShipmentSpec,
    key_fields=("tracking_code",),
    references=(Reference("order_id", "order"),),
    nested=(Nesting("events", "shipment_event", inherit=(("tracking_code", "tracking_code"),)),),
    sensitive=frozenset({"customer_email"}),
    namespaced=frozenset({"order_id", "tracking_code", "reference_number"}),
    immutable=(
        Immutable(
            "order_id",
            "a shipment cannot move to another order",
            "create a shipment with a new tracking_code under the other order",
        ),
    ),
    api=Api(
        collection="/shipments",
        resource_name="Shipment",
        update="/shipments/{id}",
        read="/shipments/{id}",
        lookup="/shipments?tracking_code={tracking_code}",
        server_id=True,
        unique=("tracking_code", "reference_number"),
    ),
)

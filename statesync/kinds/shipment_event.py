"""Shipment event: an append-only ``refunded`` or ``returned_to_warehouse`` on a shipment.

Every field is part of the key, so an edited event is a new event: the old one stays at Seven
Senders (there is no delete). The manifest names the shipment by ``tracking_code``; the API
gets the shipment's server id as ``id``. Event names may be written as the docs display them
("Refunded", "Returned to warehouse") and are sent in API spelling.
"""

from __future__ import annotations

from statesync.kinds.base import Api, Kind, Reference, Spec
from statesync.kinds.fields import EventName, RequiredText, UtcDateTime


class ShipmentEventSpec(Spec):
    tracking_code: RequiredText
    event: EventName
    datetime: UtcDateTime


KIND = Kind(
    name="shipment_event",
    section="shipment_events",
    spec=ShipmentEventSpec,
    key_fields=("tracking_code", "event", "datetime"),
    references=(Reference("tracking_code", "shipment", sends_id_as="id"),),
    manifest_only=frozenset({"tracking_code"}),
    namespaced=frozenset({"tracking_code"}),
    api=Api(
        collection="/shipment_events",
        resource_name="ShipmentEvent",
        lookup="/shipment_events?shipment_id={id}",
    ),
)

"""Sample resource bodies shared by tests: valid as manifest specs and as API request bodies."""

from __future__ import annotations

from typing import Any

ORDER: dict[str, Any] = {"order_id": "O1", "order_date": "2020-07-31T07:00:00+00:00"}
PRODUCT: dict[str, Any] = {"sku": "S1"}
ITEM: dict[str, Any] = {
    "order_id": "O1",
    "sku": "S1",
    "name": "Shirt",
    "description": "d",
    "sales_price": 19.99,
    "currency": "EUR",
    "size": "M",
    "weight": 0.3,
    "returnable": True,
}
SHIPMENT: dict[str, Any] = {
    "order_id": "O1",
    "tracking_code": "T1",
    "customer_email": "a@example.com",
}

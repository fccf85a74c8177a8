"""Product: the catalogue entry an order item names by ``sku`` (``POST /products``)."""

from __future__ import annotations

from statesync.kinds.base import Api, Kind, Nesting, Spec
from statesync.kinds.fields import Country, NumericString, RequiredText, Text


class ProductSpec(Spec):
    sku: RequiredText
    customs_description: Text | None = None
    customs_item_value: NumericString | None = None
    customs_tariff_code_sending_country: Text | None = None
    customs_tariff_code_receiving_country: Text | None = None
    customs_origin_country_iso2: Country | None = None


KIND = Kind(
    name="product",
    section="products",
    spec=ProductSpec,
    key_fields=("sku",),
    namespaced=frozenset({"sku"}),
    nested=(Nesting("image", "product_image", inherit=(("sku", "sku"),), scalar="image"),),
    api=Api(
        collection="/products",
        resource_name="Product",
        update="/products/{key}",
        read="/products/{key}",
        unique=("sku",),
    ),
)

"""What the simulator accepts: the kinds' field rules, applied to API request bodies.

The API body of a kind is its manifest spec without the manifest-only fields, plus the fields
that carry server ids (an item's ``shipment_id``, an event's ``id``). The models are derived
from the kinds' declarations, so the simulator and ``statesync validate`` can never disagree on
a rule; only the product image upload, whose body differs in shape, has its own model.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from statesync.kinds.base import Kind, Spec
from statesync.kinds.fields import RequiredText, Text
from statesync.manifest.locate import render_path
from statesync.manifest.messages import field_problems


class ProductImageUpload(Spec):
    """``PUT /product_images``: the image travels base64-encoded in ``attachment``."""

    sku: RequiredText
    attachment: RequiredText
    filename: Text | None = None


@cache
def api_model(kind: Kind) -> type[BaseModel]:
    """The request-body model of ``kind`` (cached per kind)."""
    if kind.name == "product_image":
        return ProductImageUpload
    fields: dict[str, Any] = {}
    for name, info in kind.spec.model_fields.items():
        if name not in kind.manifest_only:
            fields[name] = (info.annotation, info)
    for ref in kind.references:
        if ref.sends_id_as:
            required = kind.spec.model_fields[ref.field].is_required()
            fields[ref.sends_id_as] = (RequiredText, ...) if required else (Text | None, None)
    return create_model(f"{kind.spec.__name__}Body", __base__=Spec, **fields)


def violations(kind: Kind, error: ValidationError) -> list[dict[str, str]]:
    """``[{"propertyPath": "carrier.country", "message": "…"}]`` from a validation error."""
    out = []
    for problem in field_problems(kind, error, api_model(kind)):
        message = problem.message
        if problem.message == "required field is missing":
            message = "This value should not be blank."
        out.append({"propertyPath": render_path(problem.path), "message": message})
    return out

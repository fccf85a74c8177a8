"""Create, update and read one kind's objects, driven by its declaration.

Identity: kinds with ``api.server_id`` get increasing integer ids (shipments 9-digit ones);
products and images are addressed by ``sku``; events get an internal sequence number (their
own ``id`` field names the shipment). References are checked on every write: a body field that
names another object (``order_id``, ``sku``, ``shipment_id``, an event's ``id``) must name one
that exists, else 404.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from statesync.kinds.base import Kind, Reference
from statesync.kinds.product_image import MAX_IMAGE_BYTES, image_type
from statesync.kinds.registry import Registry
from statesync.simulator.responses import SimResponse, error, invalid, ok, violation
from statesync.simulator.schema import api_model, violations
from statesync.simulator.store import Body, SimStore

READ_ONLY = frozenset({"id", "image_url"})
FIRST_ID = {"shipment": 100_000_001}
IMAGE_HOST = "https://images.simulator.statesync.invalid"


@dataclass(frozen=True)
class Resources:
    """The object operations of the simulator over one store."""

    kinds: Registry
    store: SimStore
    duplicates: Literal["reject", "upsert"] = "reject"

    def create(self, kind: Kind, body: Any) -> SimResponse:
        if kind.name == "product_image":
            return self._upload_image(kind, body)
        checked = self._checked(kind, body)
        if isinstance(checked, SimResponse):
            return checked
        existing = self._holder_of_unique(kind, checked)
        if existing is not None:
            if self.duplicates == "reject":
                field, _ = existing
                return violation(field, "This value is already used.", status=409)
            return self._upsert(kind, existing[1], checked)
        ident = self._new_ident(kind, checked)
        stored = {"id": int(ident), **checked} if kind.api.server_id else checked
        self.store.put(kind.name, ident, stored)
        return ok(stored, 201, {"Location": f"{kind.api.collection}/{ident}"})

    def update(self, kind: Kind, ident: str, body: Any) -> SimResponse:
        existing = self.store.get(kind.name, ident)
        if existing is None:
            return error(404, f"{kind.api.resource_name} {ident} not found")
        if not isinstance(body, dict):
            return violation("", "The request body must be a JSON object.")
        frozen = self._frozen_change(kind, existing, body)
        if frozen is not None:
            return frozen
        merged = {k: v for k, v in existing.items() if k not in READ_ONLY}
        merged.update(body)
        merged = {k: v for k, v in merged.items() if v is not None}
        checked = self._checked(kind, merged)
        if isinstance(checked, SimResponse):
            return checked
        holder = self._holder_of_unique(kind, checked)
        if holder is not None and _ident(kind, holder[1]) != ident:
            return violation(holder[0], "This value is already used.", status=409)
        stored = _keep_read_only(existing, checked)
        self.store.put(kind.name, ident, stored)
        return ok(stored)

    def read(self, kind: Kind, ident: str) -> SimResponse:
        found = self.store.get(kind.name, ident)
        return (
            ok(found)
            if found is not None
            else error(404, f"{kind.api.resource_name} {ident} not found")
        )

    def list(self, kind: Kind, query: Mapping[str, str]) -> SimResponse:
        """Objects whose fields equal every filter (compared as text), in creation order.

        ``<kind>_id`` filters on the field that carries that kind's server id, so
        ``/shipment_events?shipment_id=…`` finds the events whose ``id`` names the shipment.
        """
        aliases = {f"{r.kind}_id": r.sends_id_as for r in kind.references if r.sends_id_as}
        items: list[Body] | None = None
        for name, value in sorted(query.items()):
            matches = self.store.find(kind.name, aliases.get(name, name), value)
            items = matches if items is None else [b for b in items if b in matches]
        return ok(items if items is not None else self.store.all(kind.name))

    def _checked(self, kind: Kind, body: Any) -> dict[str, Any] | SimResponse:
        """The validated body, or the 400/404 that a bad field or a missing target earns."""
        checked = self._validate(kind, body)
        if isinstance(checked, SimResponse):
            return checked
        return self._missing_reference(kind, checked) or checked

    def _validate(self, kind: Kind, body: Any) -> dict[str, Any] | SimResponse:
        if not isinstance(body, dict):
            return violation("", "The request body must be a JSON object.")
        try:
            model = api_model(kind).model_validate(body)
        except ValidationError as exc:
            return invalid(violations(kind, exc))
        dumped: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
        return dumped

    def _missing_reference(self, kind: Kind, body: Body) -> SimResponse | None:
        for ref in kind.references:
            if not ref.api_checked:
                continue
            field = ref.sends_id_as or ref.field
            value = body.get(field)
            if value is not None and self._target(ref, str(value)) is None:
                target = self.kinds.get(ref.kind).api.resource_name
                return error(404, f"{target} {value} not found ({field})")
        return None

    def _target(self, ref: Reference, value: str) -> Body | None:
        """The object a reference names: by server id, or by the target's natural key."""
        target = self.kinds.get(ref.kind)
        if ref.sends_id_as or not target.api.server_id:
            return self.store.get(target.name, value)
        found = self.store.find(target.name, target.key_fields[0], value)
        return found[0] if found else None

    def _holder_of_unique(self, kind: Kind, body: Body) -> tuple[str, Body] | None:
        """The first unique field of ``body`` that another object already holds, and it."""
        for field in kind.api.unique:
            if body.get(field) is not None:
                found = self.store.find(kind.name, field, str(body[field]))
                if found:
                    return field, found[0]
        return None

    def _upsert(self, kind: Kind, existing: Body, body: Body) -> SimResponse:
        ident = _ident(kind, existing)
        stored = _keep_read_only(existing, body)
        self.store.put(kind.name, ident, stored)
        return ok(stored, 200)

    def _frozen_change(self, kind: Kind, existing: Body, body: Body) -> SimResponse | None:
        frozen = {i.field for i in kind.immutable} | set(kind.key_fields) | READ_ONLY
        for field in sorted(frozen & body.keys()):
            if body[field] != existing.get(field):
                return violation(field, "This value cannot be changed.")
        return None

    def _new_ident(self, kind: Kind, body: Body) -> str:
        if kind.api.server_id:
            return str(self.store.next_id(kind.name, FIRST_ID.get(kind.name, 1)))
        if kind.api.unique:
            return str(body[kind.key_fields[0]])
        return str(self.store.next_id(kind.name, 1))

    def _upload_image(self, kind: Kind, body: Any) -> SimResponse:
        checked = self._validate(kind, body)
        if isinstance(checked, SimResponse):
            return checked
        sku = checked["sku"]
        product = self.store.get("product", sku)
        if product is None:
            return error(404, f"Product {sku} not found (sku)")
        try:
            data = base64.b64decode(checked["attachment"], validate=True)
        except (binascii.Error, ValueError):
            return violation("attachment", "The attachment is not valid base64.")
        media = image_type(data[:8])
        if media is None:
            return violation("attachment", "The file is not a valid JPEG or PNG image.")
        if len(data) > MAX_IMAGE_BYTES:
            message = f"The file is {len(data)} bytes; the limit is {MAX_IMAGE_BYTES}."
            return violation("attachment", message)
        digest = hashlib.sha256(data).hexdigest()
        image = {"sku": sku, "sha256": digest, "size": len(data), "media_type": f"image/{media}"}
        if checked.get("filename"):
            image["filename"] = checked["filename"]
        self.store.put(kind.name, sku, image)
        extension = "png" if media == "png" else "jpg"
        product["image_url"] = f"{IMAGE_HOST}/{sku}/{digest}.{extension}"
        self.store.put("product", sku, product)
        return ok(product, 200)


def _ident(kind: Kind, body: Body) -> str:
    if kind.api.server_id:
        return str(body["id"])
    return str(body[kind.key_fields[0]])


def _keep_read_only(existing: Body, body: Body) -> Body:
    """``body`` with the server-owned fields (``id``, ``image_url``) of ``existing``."""
    return {**{k: v for k, v in existing.items() if k in READ_ONLY}, **body}

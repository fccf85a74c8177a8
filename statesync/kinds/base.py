"""What a resource kind declares. Adding a kind is one module that builds a ``Kind``.

The planner, renderers, executor and simulator read these declarations; none of them names a
kind in code. A declaration says:

- ``spec``: the pydantic model of one resource as written in a manifest (strict, no extras);
- ``key_fields``: the natural key, in address order;
- ``references``: fields that name another resource, and how they resolve;
- ``nested``: manifest sugar (an order's ``items:``) that the loader flattens;
- ``sensitive``: fields masked in every output and kept as digests in state;
- ``immutable``: fields the API cannot change, with the reason and what to do instead;
- ``manifest_only``: fields that steer statesync but are not sent (an item's ``line``);
- ``namespaced``: identity fields that the configured ``namespace`` prefixes, so one set of
  manifests can be applied into isolated test environments;
- ``api``: the paths, and whether the server assigns an id;
- ``duplicate_hint``: what to do when two resources of this kind share an address.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from statesync.addresses import Address


class Spec(BaseModel):
    """Base of every kind's manifest model: strict, frozen, unknown fields rejected."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="forbid", frozen=True, strict=True, hide_input_in_errors=True
    )


@dataclass(frozen=True)
class Reference:
    """``field`` holds the key of a ``kind`` resource.

    ``must_resolve``: the target must be in the manifests (else an error); when False a target
    missing from the manifests is assumed to exist remotely (a warning, no dependency edge).
    ``sends_id_as``: the payload field that receives the target's server-assigned id instead of
    the key (an item's ``shipment`` becomes ``shipment_id``). ``api_checked``: the API answers
    404 when the target does not exist (SPEC §9); the simulator does what this says.
    """

    field: str
    kind: str
    must_resolve: bool = True
    sends_id_as: str | None = None
    api_checked: bool = True


@dataclass(frozen=True)
class Nesting:
    """Manifest sugar: ``field`` on a parent holds children of ``kind``.

    ``inherit`` maps child field → parent field, filled into each child. A ``scalar`` nesting
    holds one value (a product's ``image: path``) that becomes the child's ``scalar`` field.
    """

    field: str
    kind: str
    inherit: tuple[tuple[str, str], ...]
    scalar: str | None = None


@dataclass(frozen=True)
class Immutable:
    """A field the API cannot change once the resource exists."""

    field: str
    reason: str
    instead: str


@dataclass(frozen=True)
class Api:
    """Where a kind lives in the API (default lowercase plural paths; config may override).

    ``resource_name`` is the documentation's name (``OrderItem``), which the simulator answers
    too. ``update`` is None for append-only kinds; ``{id}``/``{key}`` are filled by the client.
    ``lookup`` finds an object by its natural key (a list filter), used to resolve a call whose
    answer was lost. ``unique`` lists the fields no two objects may share (a second POST → 409).
    """

    collection: str
    resource_name: str
    create_method: str = "POST"
    update: str | None = None
    read: str | None = None
    lookup: str | None = None
    server_id: bool = False
    unique: tuple[str, ...] = ()


PayloadHook = Callable[[Spec, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Kind:
    """One resource kind's whole declaration."""

    name: str
    spec: type[Spec]
    key_fields: tuple[str, ...]
    api: Api
    section: str | None = None
    references: tuple[Reference, ...] = ()
    nested: tuple[Nesting, ...] = ()
    sensitive: frozenset[str] = frozenset()
    immutable: tuple[Immutable, ...] = ()
    manifest_only: frozenset[str] = frozenset()
    namespaced: frozenset[str] = frozenset()
    duplicate_hint: str = ""
    finish_payload: PayloadHook | None = None

    def address(self, spec: Spec) -> Address:
        return Address(self.name, tuple(str(getattr(spec, f)) for f in self.key_fields))

    def attributes(self, spec: Spec) -> dict[str, Any]:
        """The fields the manifest sets, JSON-ready (tuples as lists), unset ones left out."""
        return spec.model_dump(mode="json", exclude_none=True)

    def payload(self, spec: Spec, server_ids: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The API request body for creating ``spec``.

        ``server_ids`` maps each reference field to the target's server id, for references
        that send an id (``"shipment" → "123456789"``); a missing one is left out.
        """
        body = {k: v for k, v in self.attributes(spec).items() if k not in self.manifest_only}
        for ref in self.references:
            if ref.sends_id_as and server_ids and ref.field in server_ids:
                body[ref.sends_id_as] = server_ids[ref.field]
        return self.finish_payload(spec, body) if self.finish_payload else body

    def fields(self) -> tuple[str, ...]:
        """Every field a manifest may write for this kind, sugar included."""
        return (*self.spec.model_fields, *(n.field for n in self.nested))

    def immutable_field(self, name: str) -> Immutable | None:
        return next((i for i in self.immutable if i.field == name), None)

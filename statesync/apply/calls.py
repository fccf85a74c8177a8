"""The HTTP call for each planned change, and how to find an object by its natural key.

Paths come from the kinds' declarations, through a ``PathTable`` that configuration may
override per kind (``api.paths: {order: /Order}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from statesync.addresses import Address
from statesync.desired import Resource
from statesync.errors import StatesyncError
from statesync.kinds.base import Kind
from statesync.plan.model import Change


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: dict[str, Any] | None = None


@dataclass(frozen=True)
class Lookup:
    """GET ``path``; the object is the one whose fields equal ``match`` (``single``: the path
    names one object and a 404 means it does not exist)."""

    path: str
    match: dict[str, Any]
    single: bool = False


class PathTable:
    """Collection paths per kind: the declared default unless configuration overrides it."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def resolve(self, kind: Kind, template: str) -> str:
        override = self._overrides.get(kind.name)
        if override and template.startswith(kind.api.collection):
            return override.rstrip("/") + template[len(kind.api.collection) :]
        return template


def server_ids(resource: Resource, ids: Mapping[Address, str | None]) -> dict[str, str]:
    """Reference field → the target's server id, for references that send one and are known."""
    found = {}
    for ref in resource.kind.references:
        value = getattr(resource.spec, ref.field)
        if ref.sends_id_as and value is not None:
            remote = ids.get(Address(ref.kind, (str(value),)))
            if remote is not None:
                found[ref.field] = remote
    return found


def payload(resource: Resource, ids: Mapping[Address, str | None]) -> dict[str, Any]:
    return resource.kind.payload(resource.spec, server_ids(resource, ids))


def create_call(resource: Resource, ids: Mapping[Address, str | None], paths: PathTable) -> Call:
    kind = resource.kind
    return Call(
        kind.api.create_method, paths.resolve(kind, kind.api.collection), payload(resource, ids)
    )


def update_call(
    change: Change,
    resource: Resource,
    ids: Mapping[Address, str | None],
    paths: PathTable,
) -> Call:
    """PUT of the changed fields only (a cleared one as null); an upload sends itself whole."""
    kind = resource.kind
    body = payload(resource, ids)
    if kind.api.update == kind.api.collection:  # upsert endpoint (product image)
        return Call("PUT", paths.resolve(kind, kind.api.collection), body)
    template = kind.api.update or ""
    if "{id}" in template and change.remote_id is None:
        raise StatesyncError(f"{change.address}: state holds no server id to update it by")
    sent = {f.name: body.get(f.name) for f in change.fields if f.name not in kind.manifest_only}
    path = _fill(template, change.remote_id, resource.address)
    return Call("PUT", paths.resolve(kind, path), sent)


def lookup(resource: Resource, body: Mapping[str, Any], paths: PathTable) -> Lookup | None:
    """How to find ``resource`` at Seven Senders after a POST whose answer was lost."""
    kind = resource.kind
    if kind.api.create_method != "POST":
        return None  # an upsert is repeated, not looked up
    match = {k: v for k, v in body.items() if k not in kind.sensitive}
    if kind.api.lookup:
        path = kind.api.lookup.format(**{k: quote(str(v), safe="") for k, v in body.items()})
        return Lookup(paths.resolve(kind, path), match)
    if kind.api.read and "{key}" in kind.api.read:
        return Lookup(
            paths.resolve(kind, _fill(kind.api.read, None, resource.address)), match, True
        )
    return None


def _fill(template: str, remote_id: str | None, address: Address) -> str:
    return template.replace("{id}", quote(remote_id or "", safe="")).replace(
        "{key}", quote(address.key[0], safe="")
    )

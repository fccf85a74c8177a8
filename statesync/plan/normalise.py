"""Normalised attributes: what state keeps and plans compare.

The manifest's attributes as the kind reports them, with every sensitive value replaced by
``sha256:<hex>`` of its canonical JSON (an image is already its file's digest). Pure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from statesync.addresses import Address
from statesync.desired import Resource
from statesync.kinds.base import Kind, Spec
from statesync.state.model import Record

DIGEST_PREFIX = "sha256:"


def digest(value: Any) -> str:
    if isinstance(value, str) and value.startswith(DIGEST_PREFIX):
        return value
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return DIGEST_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normalised(kind: Kind, spec: Spec) -> dict[str, Any]:
    attributes = kind.attributes(spec)
    for name in kind.sensitive & attributes.keys():
        attributes[name] = digest(attributes[name])
    return attributes


def applied_record(resource: Resource, remote_id: str | None, applied_at: str) -> Record:
    """The state record of ``resource`` once applied (the executor writes these)."""
    return Record(
        kind=resource.address.kind,
        key=resource.address.key,
        remote_id=remote_id,
        attributes=normalised(resource.kind, resource.spec),
        source=str(resource.source),
        applied_at=applied_at,
    )


def desired_hash(attributes: Mapping[Address, Mapping[str, Any]]) -> str:
    """One digest of the whole desired state, in address order: a plan's manifest stamp."""
    document = [[str(a), attributes[a]] for a in sorted(attributes)]
    return digest(document)

"""The last-applied state: what statesync believes Seven Senders holds, per address.

A ``State`` has a format ``version`` (older files are migrated on read), a ``lineage`` (a UUID
fixed when the state is first written; None until then) and a ``serial`` (bumped on every
write). Each ``Record`` keeps the kind, key, the server's id where it assigns one, the
attributes as last applied (normalised: sensitive values and image bytes only as SHA-256
digests), where the resource was written, and when it was applied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from statesync.addresses import Address
from statesync.errors import StateError

STATE_VERSION = 1


class Record(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    kind: str
    key: tuple[str, ...]
    remote_id: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None
    applied_at: str | None = None

    @property
    def address(self) -> Address:
        return Address(self.kind, self.key)


class State(BaseModel):
    model_config: ClassVar[ConfigDict] = ConfigDict(extra="forbid", frozen=True)

    version: int = STATE_VERSION
    lineage: str | None = None
    serial: int = 0
    resources: dict[str, Record] = Field(default_factory=dict)

    def get(self, address: Address) -> Record | None:
        return self.resources.get(str(address))

    def records(self) -> dict[Address, Record]:
        """Every record by address (in file order, which is address-text order)."""
        return {r.address: r for r in self.resources.values()}

    def with_records(self, records: Mapping[Address, Record], lineage: str) -> State:
        """The next state: these records, the same lineage (or this one if new), serial + 1."""
        ordered = {str(a): records[a] for a in sorted(records)}
        return State(lineage=self.lineage or lineage, serial=self.serial + 1, resources=ordered)


Migration = Callable[[dict[str, Any]], dict[str, Any]]
# MIGRATIONS[n] turns a version-n document into version n + 1.
MIGRATIONS: dict[int, Migration] = {}


def migrate(
    document: dict[str, Any],
    migrations: Mapping[int, Migration] = MIGRATIONS,
    current: int = STATE_VERSION,
) -> dict[str, Any]:
    """Bring a state document up to ``current``; refuse one from a newer statesync."""
    version = document.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise StateError(f"state has no valid version: {version!r}")
    if version > current:
        raise StateError(
            f"state is format version {version}; this statesync reads up to {current}:"
            " upgrade statesync"
        )
    while version < current:
        document = {**migrations[version](document), "version": version + 1}
        version += 1
    return document

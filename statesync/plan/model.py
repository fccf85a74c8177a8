"""The Plan: a frozen value, stamped with the state and manifests it came from.

One symbol per action, shared by the model and every renderer. Values in a plan are normalised
attributes: a sensitive value appears only as its SHA-256 digest, so a saved plan holds no
secret; the executor takes real values from the manifests, after checking they are the ones
the plan was made from (``manifest_hash``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from statesync.addresses import Address


class Action(Enum):
    CREATE = "create"
    UPDATE = "update"
    ORPHAN = "orphan"
    BLOCKED = "blocked"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {Action.CREATE: "+", Action.UPDATE: "~", Action.ORPHAN: "-", Action.BLOCKED: "✗"}
KNOWN_AFTER_APPLY = "(known after apply)"


@dataclass(frozen=True)
class FieldChange:
    """One field of one change. ``old`` is None for a create, ``new`` None when cleared.

    ``known_after_apply``: the new value is a server id that does not exist yet.
    """

    name: str
    old: Any
    new: Any
    sensitive: bool = False
    known_after_apply: bool = False

    @property
    def cleared(self) -> bool:
        return self.new is None and self.old is not None and not self.known_after_apply


@dataclass(frozen=True)
class Change:
    """What happens to one address, why, and after which other changes."""

    address: Address
    action: Action
    fields: tuple[FieldChange, ...] = ()
    source: str | None = None
    depends_on: tuple[Address, ...] = ()
    reason: str | None = None  # blocked: why; orphan: what it means
    instead: str | None = None  # blocked: what to do instead
    remote_id: str | None = None

    @property
    def calls(self) -> int:
        """API calls this change makes (one POST or PUT, or none)."""
        return 1 if self.action in (Action.CREATE, Action.UPDATE) else 0


@dataclass(frozen=True)
class Stamp:
    """Where a plan came from: the state's lineage and serial, and the desired state's hash."""

    lineage: str | None
    serial: int
    manifest_hash: str
    target: str = ""
    state_location: str = ""
    manifests: tuple[str, ...] = ()  # the paths the plan read, so a saved plan reads them again


@dataclass(frozen=True)
class Plan:
    """Changes in an order that respects every dependency; no-ops are only counted."""

    stamp: Stamp
    changes: tuple[Change, ...] = ()
    unchanged: int = 0
    warnings: tuple[str, ...] = field(default=())

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action is action)

    @property
    def api_calls(self) -> int:
        return sum(c.calls for c in self.changes)

    @property
    def has_changes(self) -> bool:
        """Anything to create, update, look at (orphans) or fix (blocked)."""
        return bool(self.changes)

    def summary(self) -> str:
        """``Plan: 3 to create, 2 to update, 1 orphaned, 0 blocked — 5 API calls.``"""
        calls = self.api_calls
        return (
            f"Plan: {self.count(Action.CREATE)} to create, {self.count(Action.UPDATE)} to update,"
            f" {self.count(Action.ORPHAN)} orphaned, {self.count(Action.BLOCKED)} blocked"
            f" — {calls} API call{'s' if calls != 1 else ''}."
        )

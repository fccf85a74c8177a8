"""desired state + last-applied state → Plan. Pure: no IO, no clock, no randomness.

For each desired address: absent from state → create; attributes equal → unchanged; otherwise
update, or blocked when a field the kind declares immutable changed (or the kind cannot be
changed at all). Each state address gone from the manifests is an orphan: no call, since the
API has no DELETE; an orphaned append-only event says so, and names its successor when it was
edited. References that send a server id get a derived field: the id from state, or
"(known after apply)" when the target is created in the same plan — the change then waits for
that create.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from statesync.addresses import Address
from statesync.desired import DesiredState, Resource
from statesync.errors import PlanError
from statesync.kinds.base import Reference
from statesync.kinds.registry import Registry
from statesync.kinds.registry import registry as default_registry
from statesync.plan.diff import changed_fields
from statesync.plan.graph import closure, execution_order
from statesync.plan.model import Action, Change, FieldChange, Plan, Stamp
from statesync.plan.normalise import desired_hash, normalised
from statesync.state.model import Record, State

ORPHAN_REASON = "gone from the manifests; no call is made (the API has no DELETE)"
FORGET_HINT = "statesync state rm or apply --forget-orphans stops tracking it"
APPEND_ONLY = "append-only: it stays at Seven Senders"


@dataclass(frozen=True)
class _World:
    """What every step needs to see: state records, desired addresses, planned creates."""

    records: Mapping[Address, Record]
    desired: Mapping[Address, Resource]
    created: frozenset[Address]


def make_plan(
    desired: DesiredState,
    state: State,
    *,
    target: str = "",
    state_location: str = "",
    only: Sequence[Address] = (),
    kinds: Registry | None = None,
    manifests: Sequence[str] = (),
) -> Plan:
    """The plan that takes Seven Senders from ``state`` to ``desired``.

    ``only`` restricts it to those addresses and what they depend on (``--target``).
    """
    kinds = kinds or default_registry()
    attributes = {a: normalised(r.kind, r.spec) for a, r in desired.resources.items()}
    records = state.records()
    drafts = {}
    for address, resource in desired.resources.items():
        change = _desired_change(resource, attributes[address], records.get(address))
        if change is not None:
            drafts[address] = change
    created = frozenset(a for a, c in drafts.items() if c.action is Action.CREATE)
    world = _World(records, desired.resources, created)
    changes = {a: _linked(c, desired.resources[a], world) for a, c in drafts.items()}
    for address, record in records.items():
        if address not in desired.resources:
            changes[address] = _orphan(address, record, world, kinds)
    if only:
        changes = _restricted(changes, only, world)
    unchanged = len(desired.resources) - len(drafts)
    stamp = Stamp(
        state.lineage, state.serial, desired_hash(attributes), target, state_location,
        tuple(manifests),
    )  # fmt: skip
    return Plan(stamp, tuple(_ordered(changes)), unchanged)


def _desired_change(
    resource: Resource, wanted: dict[str, Any], record: Record | None
) -> Change | None:
    kind, source = resource.kind, str(resource.source)
    if record is None:
        fields = tuple(
            FieldChange(name, None, value, sensitive=name in kind.sensitive)
            for name, value in sorted(wanted.items())
        )
        return Change(resource.address, Action.CREATE, fields, source)
    fields = changed_fields(record.attributes, wanted, kind.sensitive)
    if not fields:
        return None
    blocker = next((i for f in fields if (i := kind.immutable_field(f.name))), None)
    if blocker is not None:
        return Change(
            resource.address, Action.BLOCKED, fields, source,
            reason=f"{blocker.field}: {blocker.reason}", instead=blocker.instead,
            remote_id=record.remote_id,
        )  # fmt: skip
    if kind.api.update is None:
        return Change(
            resource.address, Action.BLOCKED, fields, source,
            reason=f"the API cannot change a {kind.name} once it exists",
            instead="write it as a new one", remote_id=record.remote_id,
        )  # fmt: skip
    return Change(resource.address, Action.UPDATE, fields, source, remote_id=record.remote_id)


def _linked(change: Change, resource: Resource, world: _World) -> Change:
    """Add the server-id fields and the dependencies on targets created in this plan."""
    if change.action is Action.BLOCKED:
        return change
    extra: list[FieldChange] = []
    depends: set[Address] = set()
    changed = {f.name for f in change.fields}
    for ref in resource.kind.references:
        value = getattr(resource.spec, ref.field)
        if value is None:
            continue
        target = Address(ref.kind, (str(value),))
        if target in world.created:
            depends.add(target)
        elif ref.must_resolve and target not in world.records and target not in world.desired:
            raise PlanError(
                f"{change.address}: {ref.field} names {target}, which is neither in the"
                " manifests nor in state"
            )
        if ref.sends_id_as and ref.field in changed:
            extra.append(_id_field(ref, change, target, world))
    fields = tuple(sorted((*change.fields, *extra), key=lambda f: f.name))
    return Change(
        change.address, change.action, fields, change.source, tuple(sorted(depends)),
        change.reason, change.instead, change.remote_id,
    )  # fmt: skip


def _id_field(ref: Reference, change: Change, target: Address, world: _World) -> FieldChange:
    """``shipment_id``: the old target's id → the new target's id (or known after apply)."""
    assert ref.sends_id_as is not None
    old_key = next((f.old for f in change.fields if f.name == ref.field), None)
    old_record = world.records.get(Address(target.kind, (str(old_key),))) if old_key else None
    old = old_record.remote_id if old_record else None
    if target in world.created:
        return FieldChange(ref.sends_id_as, old, None, known_after_apply=True)
    record = world.records.get(target)
    return FieldChange(ref.sends_id_as, old, record.remote_id if record else None)


def _orphan(address: Address, record: Record, world: _World, kinds: Registry) -> Change:
    reason = ORPHAN_REASON
    if address.kind in kinds and kinds.get(address.kind).api.update is None:
        reason = f"{reason}; {APPEND_ONLY}"
        successors = sorted(
            a for a in world.created if a.kind == address.kind and a.key[:1] == address.key[:1]
        )
        if successors:
            reason += f"; its edited version is created as {successors[0]}"
    reason += f". {FORGET_HINT}"
    return Change(
        address, Action.ORPHAN, (), record.source, reason=reason, remote_id=record.remote_id
    )


def _restricted(
    changes: dict[Address, Change], only: Iterable[Address], world: _World
) -> dict[Address, Change]:
    wanted = list(only)
    unknown = [a for a in wanted if a not in changes and a not in world.desired]
    if unknown:
        raise PlanError(f"--target {unknown[0]}: no such address in the manifests or the state")
    keep = closure(wanted, {a: c.depends_on for a, c in changes.items()})
    return {a: c for a, c in changes.items() if a in keep}


def _ordered(changes: Mapping[Address, Change]) -> list[Change]:
    """Creates and updates in execution order, then blocked, then orphans."""
    calls = {a: c.depends_on for a, c in changes.items() if c.calls}
    rest = sorted(
        (c for c in changes.values() if not c.calls),
        key=lambda c: (c.action is Action.ORPHAN, c.address),
    )
    return [changes[a] for a in execution_order(calls)] + rest

"""The plan as JSON: the stable, versioned schema documented in ``docs/plan-json.md``.

Sensitive values are never written: their ``old``/``new`` are null and ``changed`` says whether
they differ. ``plan --out`` saves this document; ``show`` and ``apply PLANFILE`` read it back
with ``plan_from_json``.
"""

from __future__ import annotations

import json
from typing import Any

from statesync.addresses import Address
from statesync.errors import PlanError
from statesync.kinds.registry import registry
from statesync.plan.model import Action, Change, FieldChange, Plan, Stamp

FORMAT = "statesync-plan"
FORMAT_VERSION = 1


def plan_document(plan: Plan) -> dict[str, Any]:
    stamp = plan.stamp
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "target": stamp.target,
        "state": {
            "location": stamp.state_location,
            "lineage": stamp.lineage,
            "serial": stamp.serial,
        },
        "manifests": list(stamp.manifests),
        "manifest_hash": stamp.manifest_hash,
        "summary": {
            "create": plan.count(Action.CREATE),
            "update": plan.count(Action.UPDATE),
            "orphan": plan.count(Action.ORPHAN),
            "blocked": plan.count(Action.BLOCKED),
            "unchanged": plan.unchanged,
            "api_calls": plan.api_calls,
        },
        "changes": [_change(c) for c in plan.changes],
    }


def render_json(plan: Plan) -> str:
    return json.dumps(plan_document(plan), indent=2, ensure_ascii=False) + "\n"


def _change(change: Change) -> dict[str, Any]:
    return {
        "address": str(change.address),
        "kind": change.address.kind,
        "key": list(change.address.key),
        "action": change.action.value,
        "source": change.source,
        "remote_id": change.remote_id,
        "depends_on": [str(a) for a in change.depends_on],
        "reason": change.reason,
        "instead": change.instead,
        "fields": [_field(f) for f in change.fields],
    }


def _field(field: FieldChange) -> dict[str, Any]:
    hidden = field.sensitive
    return {
        "name": field.name,
        "old": None if hidden else field.old,
        "new": None if hidden else field.new,
        "sensitive": field.sensitive,
        "changed": field.old != field.new,
        "cleared": field.cleared,
        "known_after_apply": field.known_after_apply,
    }


def plan_from_json(text: str) -> Plan:
    """Read a saved plan back (sensitive values stay masked)."""
    try:
        document = json.loads(text)
        if document.get("format") != FORMAT:
            raise PlanError("not a statesync plan file")
        if document.get("format_version") != FORMAT_VERSION:
            raise PlanError(
                f"plan format version {document.get('format_version')} is not supported"
            )
        state = document["state"]
        stamp = Stamp(
            state["lineage"],
            state["serial"],
            document["manifest_hash"],
            document["target"],
            state["location"],
            tuple(document["manifests"]),
        )
        changes = tuple(_read_change(c) for c in document["changes"])
        return Plan(stamp, changes, document["summary"]["unchanged"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PlanError(f"not a readable statesync plan file ({exc})") from None


def _read_change(data: dict[str, Any]) -> Change:
    key = tuple(data["key"])
    return Change(
        address=Address(data["kind"], key),
        action=Action(data["action"]),
        fields=tuple(
            FieldChange(
                f["name"],
                _masked(f, "old"),
                _masked(f, "new"),
                sensitive=f["sensitive"],
                known_after_apply=f["known_after_apply"],
            )
            for f in data["fields"]
        ),
        source=data["source"],
        depends_on=tuple(_address(a) for a in data["depends_on"]),
        reason=data["reason"],
        instead=data["instead"],
        remote_id=data["remote_id"],
    )


def _masked(field: dict[str, Any], side: str) -> Any:
    """A sensitive field read back: its values were never written; a marker on the new side
    keeps ``changed`` true, so a saved plan renders exactly as it did when it was made."""
    if field["sensitive"] and field["changed"] and side == "new":
        return "(masked)"
    return field[side]


def _address(text: str) -> Address:
    kind = text.partition(".")[0]
    return Address.parse(text, len(registry().get(kind).key_fields))

"""How one value is shown in a plan, in every format: JSON spelling, masks, markers."""

from __future__ import annotations

import json
from typing import Any

from statesync.plan.model import KNOWN_AFTER_APPLY, Action, FieldChange

SENSITIVE = "(sensitive)"
SENSITIVE_CHANGED = "(sensitive, changed)"
CLEARED = "(cleared)"


def shown(value: Any) -> str:
    """A value as JSON would spell it: strings quoted, true/false/null, compact lists."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def old_text(field: FieldChange) -> str:
    if field.sensitive:
        return SENSITIVE
    return "" if field.old is None else shown(field.old)


def new_text(field: FieldChange, action: Action) -> str:
    if field.known_after_apply:
        return KNOWN_AFTER_APPLY
    if field.sensitive:
        return SENSITIVE if action is Action.CREATE else SENSITIVE_CHANGED
    if field.cleared:
        return CLEARED
    return shown(field.new)


def transition(field: FieldChange, action: Action) -> str:
    """``19.99 → 17.99``; a create shows only the new value; a sensitive change only says so."""
    new = new_text(field, action)
    if action is Action.CREATE or field.old is None or field.sensitive:
        return new
    return f"{old_text(field)} → {new}"

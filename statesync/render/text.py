"""The plan as people read it in a terminal: one block per change, Terraform's symbols.

Colour only when asked (the CLI asks on a TTY unless ``--no-color``).
"""

from __future__ import annotations

from statesync.plan.model import Action, Change, Plan
from statesync.render.values import transition

_COLOURS = {Action.CREATE: "32", Action.UPDATE: "33", Action.ORPHAN: "31", Action.BLOCKED: "31"}


def header(plan: Plan) -> str:
    """The first line: where the plan goes and which state it starts from."""
    stamp = plan.stamp
    serial = f"serial {stamp.serial}" if stamp.lineage else "new"
    return f"Target: {stamp.target} · State: {stamp.state_location} ({serial})"


def render_text(plan: Plan, color: bool = False) -> str:
    lines = [header(plan), ""]
    if not plan.changes:
        lines.append(f"No changes. {plan.unchanged} resources match the manifests.")
    else:
        lines.append("statesync will make these changes, in this order:")
        lines.append("")
        for change in plan.changes:
            lines.extend(_block(change, color))
    lines.extend(["", _paint(plan.summary(), "1", color)])
    return "\n".join(lines) + "\n"


def _block(change: Change, color: bool) -> list[str]:
    symbol = _paint(change.action.symbol, _COLOURS[change.action], color)
    address = _paint(str(change.address), "1", color)
    where = (
        f"  ({'was ' if change.action is Action.ORPHAN else ''}{change.source})"
        if change.source
        else ""
    )
    lines = [f"  {symbol} {address}{where}"]
    width = max((len(f.name) for f in change.fields), default=0)
    for field in change.fields:
        lines.append(f"      {field.name + ':':<{width + 1}}  {transition(field, change.action)}")
    if change.action is Action.BLOCKED:
        lines.append(f"      blocked: {change.reason}")
        lines.append(f"      instead: {change.instead}")
    elif change.action is Action.ORPHAN:
        lines.append(f"      {change.reason}")
    return lines


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text

"""The plan as a pull-request comment: summary first, a table, then one ``<details>`` per
change — never more than 60,000 characters (GitHub allows 65,536), saying what it left out."""

from __future__ import annotations

from statesync.plan.model import Action, Change, Plan
from statesync.render.text import header
from statesync.render.values import new_text, old_text

LIMIT = 60_000


def render_markdown(plan: Plan, limit: int = LIMIT) -> str:
    head = [
        "### statesync plan",
        "",
        f"**{plan.summary()}**",
        "",
        _escape(header(plan)),
        "",
    ]
    if not plan.changes:
        head.append(f"No changes. {plan.unchanged} resources match the manifests.")
        return "\n".join(head) + "\n"
    table = ["| | address | action | source |", "|---|---|---|---|"]
    table += [_row(c) for c in plan.changes]
    details = [_details(c) for c in plan.changes]
    return _fit(head, table, details, len(plan.changes), limit)


def _fit(head: list[str], table: list[str], details: list[str], total: int, limit: int) -> str:
    """Everything that fits in ``limit`` characters, in order, plus what was cut."""
    reserve = 300  # room for the closing note
    out = "\n".join(head) + "\n"
    rows = 0
    for line in table:
        if len(out) + len(line) + 1 > limit - reserve:
            break
        out += line + "\n"
        rows += 1
    shown = 0
    if rows == len(table):
        out += "\n"
        for block in details:
            if len(out) + len(block) + 1 > limit - reserve:
                break
            out += block + "\n"
            shown += 1
    table_rows = max(0, rows - 2)
    if table_rows < total or shown < total:
        out += (
            f"\n_Cut to stay under {limit:,} characters: the table lists {table_rows} of {total}"
            f" changes and the details show {shown}. Run `statesync plan` for the whole plan._\n"
        )
    return out


def _row(change: Change) -> str:
    source = f"`{_escape(change.source)}`" if change.source else ""
    address = f"`{_escape(str(change.address))}`"
    return f"| {change.action.symbol} | {address} | {change.action.value} | {source} |"


def _details(change: Change) -> str:
    summary = (
        f"{change.action.symbol} <code>{_html(str(change.address))}</code> — {change.action.value}"
    )
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if change.fields:
        lines += ["| field | old | new |", "|---|---|---|"]
        for field in change.fields:
            old = old_text(field) if change.action is not Action.CREATE else ""
            new = new_text(field, change.action)
            lines.append(f"| `{field.name}` | {_cell(old)} | {_cell(new)} |")
        lines.append("")
    if change.reason:
        lines.append(
            f"{'Blocked: ' if change.action is Action.BLOCKED else ''}{_escape(change.reason)}"
        )
    if change.instead:
        lines.append(f"Instead: {_escape(change.instead)}")
    lines.append("</details>")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return f"`{_escape(text)}`" if text else ""


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""``statesync sim``: run, inspect and reset the Seven Senders simulator."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from statesync.errors import ConfigError
from statesync.kinds import Kind, registry
from statesync.simulator import (
    DEFAULT_ACCESS_KEY,
    FaultPlan,
    FaultRule,
    MemoryStore,
    SimStore,
    Simulator,
    SimulatorConfig,
    SqliteStore,
)
from statesync.simulator.server import bind, serve

DEFAULT_DB = Path(".statesync/simulator.sqlite")
_DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The simulator's SQLite file (the embedded default target keeps its data here).",
)
_SHOWN_COLUMNS = 6


@click.group("sim")
def sim_group() -> None:
    """Run, inspect and reset the Seven Senders simulator.

    \b
    Examples:
      statesync sim serve --port 8080
      statesync sim serve --port 0 --memory --latency-ms 20 --fault 429:0.1
      statesync sim show orders
      statesync sim reset
    """


@sim_group.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="0 picks a free port (printed when ready).",
)
@click.option(
    "--access-key",
    default=DEFAULT_ACCESS_KEY,
    show_default=True,
    help="The key POST /token accepts.",
)
@click.option(
    "--latency-ms", type=click.FloatRange(min=0), default=0.0, help="Added to every answer."
)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="RULE",
    help="KIND[:RATE][@[METHOD ]PATH]: 429|500|502|503|504|drop|lost|latency=MS. Repeatable.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for fault rates.")
@click.option(
    "--duplicates",
    type=click.Choice(["reject", "upsert"]),
    default="reject",
    show_default=True,
    help="A POST of an existing key: 409, or 200 and update.",
)
@click.option(
    "--token-ttl",
    type=click.FloatRange(min=1),
    default=3600.0,
    show_default=True,
    help="Seconds a token lives.",
)
@click.option("--memory", is_flag=True, help="Keep objects in memory only (gone on exit).")
@_DB_OPTION
def serve_command(
    host: str,
    port: int,
    access_key: str,
    latency_ms: float,
    faults: Sequence[str],
    seed: int,
    duplicates: str,
    token_ttl: float,
    memory: bool,
    db: Path,
) -> None:
    """Serve the simulator over HTTP until Ctrl-C (or SIGTERM).

    Clients use the base URL it prints (paths like /orders or /Order, under /v2 or not),
    get a token from POST /token with the access key, and send it as a Bearer token.
    GET /_simulator/log and POST /_simulator/reset help tests.

    \b
    Examples:
      statesync sim serve --port 8080
      statesync sim serve --port 0 --memory --fault 503:0.05 --fault lost:0.02@POST\\ /shipments
    """
    plan = FaultPlan(_rules(faults), seed=seed, latency_ms=latency_ms)
    config = SimulatorConfig(
        access_key=access_key,
        token_ttl_s=token_ttl,
        duplicates="upsert" if duplicates == "upsert" else "reject",
        faults=plan,
    )
    store: SimStore = MemoryStore() if memory else SqliteStore(db)
    sock = bind(host, port)
    address = sock.getsockname()
    shown_host = f"[{address[0]}]" if ":" in address[0] else address[0]
    url = f"http://{shown_host}:{address[1]}/v2"

    def ready() -> None:
        where = "in memory" if memory else str(db)
        click.echo(f"Seven Senders simulator listening on {url} (objects {where}; Ctrl-C stops)")

    try:
        serve(Simulator(config, store), sock, ready)
    finally:
        store.close()
    click.echo("Simulator stopped.")


@sim_group.command("show")
@click.argument("kind", required=False)
@click.option("--json", "as_json", is_flag=True, help="Every object, every field, as JSON.")
@_DB_OPTION
def show_command(kind: str | None, as_json: bool, db: Path) -> None:
    """Show what the simulator holds, by kind (e.g. orders, order_items, Shipment).

    \b
    Examples:
      statesync sim show
      statesync sim show shipments --json
    """
    kinds = [_kind(kind)] if kind else list(registry())
    store = SqliteStore(db)
    try:
        objects = {k.name: store.all(k.name) for k in kinds}
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(objects, indent=2, ensure_ascii=False, sort_keys=True))
        return
    console = Console(soft_wrap=False)
    if kind is None:
        counts = ", ".join(f"{len(objects[k.name])} {k.api.collection.strip('/')}" for k in kinds)
        console.print(f"Simulator ({db}): {counts}", highlight=False)
    for k in kinds:
        if objects[k.name] or kind is not None:
            console.print(_table(k, objects[k.name]))


@sim_group.command("reset")
@_DB_OPTION
def reset_command(db: Path) -> None:
    """Forget every object the simulator holds (its SQLite file stays).

    \b
    Examples:
      statesync sim reset
      statesync sim reset --db /tmp/shop-sim.sqlite
    """
    store = SqliteStore(db)
    try:
        count = sum(len(store.all(k.name)) for k in registry())
        store.clear()
    finally:
        store.close()
    click.echo(f"Simulator reset: {count} objects removed from {db}.")


def _rules(texts: Sequence[str]) -> list[FaultRule]:
    try:
        return [FaultRule.parse(text) for text in texts]
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _kind(name: str) -> Kind:
    for kind in registry():
        names = {kind.name, kind.section, kind.api.collection.strip("/"), kind.api.resource_name}
        if name in names:
            return kind
    known = ", ".join(k.api.collection.strip("/") for k in registry())
    raise ConfigError(f"no resource kind {name!r} (one of: {known})")


def _table(kind: Kind, objects: list[dict[str, Any]]) -> Table:
    columns = list(dict.fromkeys(field for body in objects for field in body))
    shown = columns[:_SHOWN_COLUMNS]
    title = f"{kind.api.collection.strip('/')} ({len(objects)})"
    if len(columns) > len(shown):
        title += f" — {len(shown)} of {len(columns)} fields; --json shows all"
    table = Table(title=title, title_justify="left")
    for column in shown or ["(empty)"]:
        table.add_column(column, overflow="fold")
    for body in objects:
        table.add_row(*(_cell(kind, column, body.get(column)) for column in shown))
    return table


def _cell(kind: Kind, field: str, value: Any) -> str:
    if value is None:
        return ""
    if field in kind.sensitive:
        return "(sensitive)"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

"""``statesync state``: list, show and remove state records; clear a dead process's lock."""

from __future__ import annotations

import json
from pathlib import Path

import click

from statesync import engine
from statesync.cli.options import lock_timeout_option
from statesync.config import load_config
from statesync.errors import ConfigError
from statesync.state import LocalStateStore
from statesync.state.lock import StateLockedError, read_lock


@click.group("state")
def state_group() -> None:
    """Inspect and repair the last-applied state.

    \b
    Examples:
      statesync state list
      statesync state show order.QA_order_2020_07_31_091340
      statesync state rm order.OLD_ORDER       stop tracking an orphan (no call is made)
      statesync state unlock
    """


_CONFIG = click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))


@state_group.command("list")
@_CONFIG
def list_command(config_path: Path | None) -> None:
    """Every address in the state, with its server id where it has one.

    \b
    Examples:
      statesync state list
      statesync state list | grep ^shipment
    """
    state = engine.state_store(load_config(config_path)).read()
    for address, record in sorted(state.records().items()):
        click.echo(f"{address}  {record.remote_id}" if record.remote_id else str(address))


@state_group.command("show")
@click.argument("address")
@_CONFIG
def show_command(address: str, config_path: Path | None) -> None:
    """One record as JSON: server id, attributes as last applied (sensitive ones as digests),
    source and time.

    \b
    Examples:
      statesync state show shipment.QA_TRACK_2020_07_31_0001
    """
    state = engine.state_store(load_config(config_path)).read()
    (target,) = engine.parse_targets([address])
    record = state.get(target)
    if record is None:
        raise ConfigError(f"{address} is not in the state")
    click.echo(json.dumps(record.model_dump(mode="json"), indent=2, ensure_ascii=False))


@state_group.command("rm")
@click.argument("addresses", nargs=-1, required=True)
@_CONFIG
@lock_timeout_option
def rm_command(addresses: tuple[str, ...], config_path: Path | None, lock_timeout: float) -> None:
    """Stop tracking resources. Nothing is sent: the API cannot delete, so they stay at Seven
    Senders; if they are still in the manifests, the next plan creates them again.

    \b
    Examples:
      statesync state rm order.OLD_ORDER
      statesync state rm shipment_event.T1/refunded/2020-08-01T10:00:00+00:00
    """
    store = engine.state_store(load_config(config_path))
    targets = engine.parse_targets(addresses)
    with store.lock("state rm", lock_timeout):
        state = store.read()
        records = state.records()
        missing = [str(a) for a in targets if a not in records]
        if missing:
            raise ConfigError(f"not in the state: {', '.join(missing)}")
        for target in targets:
            del records[target]
        store.write(state.with_records(records, lineage=state.lineage or ""))
    count = len(targets)
    click.echo(f"Removed {count} resource{'s' if count != 1 else ''} from the state.")


@state_group.command("unlock")
@_CONFIG
@click.option("--force", is_flag=True, help="Remove the lock even if its process still runs.")
def unlock_command(config_path: Path | None, force: bool) -> None:
    """Remove the state lock left behind by a statesync that died.

    Refuses while the process holding the lock is still running on this host (--force
    overrides: only when you are sure nothing is applying).

    \b
    Examples:
      statesync state unlock
      statesync state unlock --force      the holder ran on another machine and is gone
    """
    store = LocalStateStore(Path(load_config(config_path).state.path))
    try:
        holder = read_lock(store.lock_path)
    except StateLockedError:
        store.lock_path.unlink(missing_ok=True)
        click.echo(f"Removed {store.lock_path}, which held no readable lock.")
        return
    if holder is None:
        click.echo(f"The state is not locked ({store.lock_path} does not exist).")
        return
    if not holder.is_stale() and not force:
        raise ConfigError(
            f"the state is locked by {holder.describe()}, which may still be running;"
            " wait for it, or use --force if you are sure it is gone"
        )
    store.lock_path.unlink(missing_ok=True)
    click.echo(f"Removed the lock held by {holder.describe()}.")

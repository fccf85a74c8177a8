"""``statesync state``: look after the state file (more subcommands arrive with import/drift)."""

from __future__ import annotations

from pathlib import Path

import click

from statesync.config import load_config
from statesync.errors import ConfigError
from statesync.state import LocalStateStore
from statesync.state.lock import read_lock


@click.group("state")
def state_group() -> None:
    """Inspect and repair the last-applied state.

    \b
    Examples:
      statesync state unlock
    """


@state_group.command("unlock")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
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
    holder = read_lock(store.lock_path)
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

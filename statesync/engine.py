"""The facade the CLI and library users call: load, read state, plan. All IO happens here or
below; the planner and renderers stay pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from statesync.addresses import Address
from statesync.config import Config
from statesync.desired import DesiredState
from statesync.errors import ConfigError
from statesync.kinds.registry import registry
from statesync.manifest import LoadOptions, load
from statesync.plan import Plan, make_plan
from statesync.state.model import State
from statesync.state.store import LocalStateStore, StateWriter

SIMULATOR_DB = ".statesync/simulator.sqlite"


@dataclass(frozen=True)
class Planned:
    plan: Plan
    desired: DesiredState


def describe_target(config: Config) -> str:
    """What the first line of every plan names: where the calls would go."""
    if config.api.target == "simulator":
        return f"embedded simulator ({SIMULATOR_DB})"
    return config.api.base_url


def state_store(config: Config) -> StateWriter:
    if config.state.backend != "local":
        raise ConfigError(
            f"state backend {config.state.backend!r} is not available yet; use backend: local"
        )
    return LocalStateStore(Path(config.state.path))


def parse_targets(texts: Sequence[str]) -> list[Address]:
    """``--target`` values: ``kind.key`` addresses of known kinds."""
    addresses = []
    kinds = registry()
    for text in texts:
        kind = text.partition(".")[0]
        if kind not in kinds:
            names = ", ".join(k.name for k in kinds)
            raise ConfigError(f"--target {text}: unknown kind {kind!r} (one of: {names})")
        try:
            addresses.append(Address.parse(text, len(kinds.get(kind).key_fields)))
        except ValueError as exc:
            raise ConfigError(f"--target {text}: {exc}") from None
    return addresses


def read_state(store: StateWriter, config: Config, lock_timeout: float) -> State:
    """The state as one consistent read: under the lock when a state file exists (a plan on a
    fresh checkout creates nothing)."""
    if not Path(config.state.path).exists():
        return store.read()
    with store.lock("plan", lock_timeout):
        return store.read()


def plan(
    config: Config,
    paths: Sequence[Path],
    options: LoadOptions,
    targets: Sequence[Address] = (),
    lock_timeout: float = 0.0,
) -> Planned:
    """Load the manifests and the state, and plan (raises ManifestErrors, StateError, PlanError)."""
    store = state_store(config)
    return _plan(config, store, read_state(store, config, lock_timeout), paths, options, targets)


def plan_locked(
    config: Config,
    store: StateWriter,
    paths: Sequence[Path],
    options: LoadOptions,
    targets: Sequence[Address] = (),
) -> Planned:
    """Plan while the caller already holds the state lock (apply)."""
    return _plan(config, store, store.read(), paths, options, targets)


def _plan(
    config: Config,
    store: StateWriter,
    state: State,
    paths: Sequence[Path],
    options: LoadOptions,
    targets: Sequence[Address],
) -> Planned:
    desired = load(paths, options)
    made = make_plan(
        desired,
        state,
        target=describe_target(config),
        state_location=store.location,
        only=targets,
        manifests=[str(p) for p in paths],
    )
    return Planned(made, desired)

"""The facade the CLI and library users call: load, read state, plan. All IO happens here or
below; the planner and renderers stay pure.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from statesync.addresses import Address
from statesync.apply.journal import Journal
from statesync.apply.session import journal_for
from statesync.config import Config
from statesync.desired import DesiredState
from statesync.errors import ConfigError
from statesync.kinds.registry import registry
from statesync.manifest import LoadOptions, load
from statesync.plan import Plan, make_plan
from statesync.runtime import paused_gc
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
    fresh checkout creates nothing), with the completed calls of an interrupted apply folded
    in, so the plan does not offer to create what already exists."""
    if not Path(config.state.path).exists() and not journal_for(store.location).exists():
        return store.read()
    with store.lock("plan", lock_timeout):
        return with_journal(store.read(), journal_for(store.location))


class InterruptedApply(UserWarning):
    """A journal from an apply that did not finish was found."""


def with_journal(state: State, journal: Journal) -> State:
    """``state`` as it will be once the next apply recovers ``journal`` (in memory only)."""
    if not journal.exists():
        return state
    replay = journal.replay()
    if replay.pending:
        warnings.warn(
            f"an interrupted apply left {len(replay.pending)} calls without a recorded answer;"
            " the next apply looks them up before sending anything",
            InterruptedApply,
            stacklevel=2,
        )
    resources = dict(state.resources)
    resources.update(replay.done)
    for text in replay.forgotten:
        resources.pop(text, None)
    return state.model_copy(update={"resources": dict(sorted(resources.items()))})


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
    with paused_gc():  # loading and planning build ~10 objects per field, and no cycles
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

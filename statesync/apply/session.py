"""One apply, start to finish, under the state lock: recover, plan, execute, compact.

- **Recover**: a journal left by an interrupted apply is folded into the state — completed
  calls become records; calls that were sent (or about to be) without a recorded answer are
  looked up by natural key, and adopted when found. Only then is anything planned.
- **Execute**: the executor journals each call; the journal survives any crash.
- **Compact**: the records are written into the state (serial + 1, atomically), then the
  journal is removed. A crash between the two only means the next run replays it again.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import TracebackType

import httpx

from statesync.addresses import Address
from statesync.apply.calls import Lookup, PathTable
from statesync.apply.client import ApiClient, RetryPolicy
from statesync.apply.executor import ApplyResult, Executor, claimed_ids, find
from statesync.apply.journal import Journal, Replay
from statesync.apply.ratelimit import RateLimiter
from statesync.apply.reporter import Reporter
from statesync.config import Config
from statesync.desired import DesiredState
from statesync.errors import ConfigError, StatesyncError
from statesync.kinds.registry import registry
from statesync.plan.model import Plan
from statesync.state.model import Record, State
from statesync.state.store import StateWriter

SIMULATOR_URL = "http://simulator.statesync.invalid/v2"


@dataclass(frozen=True)
class Target:
    """Where calls go: a base URL, the access key, and the transport (None: the network)."""

    base_url: str
    access_key: str
    transport: httpx.AsyncBaseTransport | None
    rate: float | None
    close: Callable[[], None] = lambda: None


def connect(config: Config, simulator_db: Path, environ: dict[str, str] | None = None) -> Target:
    """The configured target: the embedded simulator (persisted in ``simulator_db``) or the API."""
    rate = config.api.max_requests_per_second
    if config.api.target == "simulator":
        from statesync.simulator import (
            DEFAULT_ACCESS_KEY,
            Simulator,
            SimulatorTransport,
            SqliteStore,
        )

        store = SqliteStore(simulator_db)
        transport = SimulatorTransport(Simulator(store=store))
        return Target(SIMULATOR_URL, DEFAULT_ACCESS_KEY, transport, rate, store.close)
    env = os.environ if environ is None else environ
    key = env.get(config.api.access_key_env)
    if not key:
        raise ConfigError(
            f"set the environment variable {config.api.access_key_env} to your Seven Senders"
            " access key (api.access_key_env names it)"
        )
    return Target(config.api.base_url, key, None, rate if rate is not None else 20.0)


class ApplySession:
    """Holds the state lock from ``with`` to the end; see the module docstring."""

    def __init__(
        self,
        store: StateWriter,
        journal: Journal,
        target: Target,
        config: Config,
        lock_timeout: float = 0.0,
        now: Callable[[], str] | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        pool_per_worker: bool = True,
    ) -> None:
        self.store = store
        self.journal = journal
        self.target = target
        self.config = config
        self._now = now or (lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"))
        self._lock = store.lock("apply", lock_timeout)
        self._retry = retry or RetryPolicy()
        self._sleep = sleep or asyncio.sleep
        self._pool_per_worker = pool_per_worker
        self.api_calls = 0

    def __enter__(self) -> ApplySession:
        self._lock.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.journal.close()
        self.target.close()
        self._lock.__exit__(kind, error, trace)

    def recover(self) -> list[str]:
        """Fold an interrupted apply's journal into the state; returns what it found."""
        if not self.journal.exists():
            return []
        replay = self.journal.replay()
        state = self.store.read()
        records = state.records()
        adopted, dropped = asyncio.run(self._resolve(replay, records))
        _fold(records, replay)
        records.update(adopted)
        self._compact(state, records)
        notes = [f"recovered an interrupted apply: {len(replay.done)} completed calls"]
        if adopted or dropped:
            notes.append(
                f"{len(adopted)} unanswered calls had reached Seven Senders and were adopted,"
                f" {len(dropped)} had not"
            )
        return notes

    def execute(
        self,
        plan: Plan,
        desired: DesiredState,
        reporter: Reporter,
        parallelism: int,
        forget_orphans: bool = False,
    ) -> ApplyResult:
        state = self.store.read()
        if (state.lineage, state.serial) != (plan.stamp.lineage, plan.stamp.serial):
            raise StatesyncError("the state changed while the plan was being made; plan again")
        records = state.records()
        ids = {a: r.remote_id for a, r in records.items()}
        self.journal.open()
        result = asyncio.run(self._run(plan, desired, ids, reporter, parallelism, forget_orphans))
        records.update(result.done)
        for address in result.forgotten:
            records.pop(address, None)
        if result.done or result.forgotten:
            self._compact(state, records)
        else:
            self.journal.remove()
        return result

    async def _run(
        self,
        plan: Plan,
        desired: DesiredState,
        ids: dict[Address, str | None],
        reporter: Reporter,
        parallelism: int,
        forget_orphans: bool,
    ) -> ApplyResult:
        async with self._connected(parallelism) as client:
            executor = Executor(
                client, desired, ids, self.journal, self._now,
                paths=PathTable(self.config.api.paths), reporter=reporter,
                parallelism=parallelism,
            )  # fmt: skip
            return await executor.run(plan, forget_orphans)

    async def _resolve(
        self, replay: Replay, records: dict[Address, Record]
    ) -> tuple[dict[Address, Record], list[str]]:
        adopted: dict[Address, Record] = {}
        dropped: list[str] = []
        if not replay.pending:
            return adopted, dropped
        kinds = registry()
        async with self._connected(1) as client:
            for text, intent in sorted(replay.pending.items()):
                record = Record.model_validate(intent["record"])
                if intent.get("lookup") is None or record.kind not in kinds:
                    dropped.append(text)
                    continue
                ids = {a: r.remote_id for a, r in {**records, **adopted}.items()}
                kind = kinds.get(record.kind)
                look = Lookup(**intent["lookup"])
                claimed = partial(claimed_ids, ids, kind.name)
                exists, remote = await find(client, look, kind, claimed)
                if exists:
                    adopted[record.address] = record.model_copy(update={"remote_id": remote})
                else:
                    dropped.append(text)
        return adopted, dropped

    @asynccontextmanager
    async def _connected(self, lanes: int) -> AsyncIterator[ApiClient]:
        """A client for one run; its calls are added to ``api_calls`` however the run ends."""
        async with self._client(lanes) as client:
            try:
                yield client
            finally:
                self.api_calls += client.calls

    def _client(self, lanes: int) -> ApiClient:
        return ApiClient(
            self.target.base_url,
            self.target.access_key,
            transport=self.target.transport,
            timeout_s=self.config.api.timeout_s,
            retry=self._retry,
            limiter=RateLimiter(self.target.rate, sleep=self._sleep),
            sleep=self._sleep,
            lanes=lanes if self._pool_per_worker else 1,
        )

    def _compact(self, state: State, records: dict[Address, Record]) -> None:
        self.store.write(state.with_records(records, lineage=str(uuid.uuid4())))
        self.journal.remove()


def _fold(records: dict[Address, Record], replay: Replay) -> None:
    for record in replay.done.values():
        records[record.address] = record
    for text in replay.forgotten:
        for address in [a for a in records if str(a) == text]:
            records.pop(address)


def journal_for(store_location: str) -> Journal:
    return Journal(Path(store_location + ".journal"))


def stale_reason(saved: Plan, fresh: Plan) -> str | None:
    """Why a saved plan may not be applied now, or None."""
    old, new = saved.stamp, fresh.stamp
    if old.lineage is not None and old.lineage != new.lineage:
        return f"it was made for another state (lineage {old.lineage}, now {new.lineage})"
    if old.serial != new.serial or old.lineage != new.lineage:
        return f"the state has changed since it was made (serial {old.serial}, now {new.serial})"
    if old.manifest_hash != new.manifest_hash:
        return "the manifests (or their variables and images) have changed since it was made"
    return None

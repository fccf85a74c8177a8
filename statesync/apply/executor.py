"""Run a Plan's per-object DAG with bounded parallelism.

A change starts as soon as its own dependencies are done; server ids fill in as creates answer.
Every completed call is journalled (fsync) before anything that depends on it starts. A failed
change skips only its dependents, transitively. A POST whose answer was lost is resolved by a
lookup of the object's natural key before it is ever sent again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from statesync.addresses import Address
from statesync.apply.calls import Lookup, PathTable, create_call, lookup, update_call
from statesync.apply.client import AnswerLost, ApiClient, ApiError
from statesync.apply.journal import Journal, done_line, intent_line
from statesync.apply.reporter import NullReporter, Reporter
from statesync.desired import DesiredState
from statesync.errors import StatesyncError
from statesync.kinds.base import Kind
from statesync.plan.model import Action, Change, Plan
from statesync.plan.normalise import applied_record
from statesync.state.model import Record

POST_ATTEMPTS = 3


@dataclass
class ApplyResult:
    done: dict[Address, Record] = field(default_factory=dict)
    failed: dict[Address, str] = field(default_factory=dict)
    skipped: dict[Address, str] = field(default_factory=dict)
    blocked: list[Address] = field(default_factory=list)
    forgotten: list[Address] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped and not self.blocked

    def summary(self) -> str:
        text = (
            f"Apply: {len(self.done)} done, {len(self.failed)} failed, {len(self.skipped)} skipped"
        )
        if self.blocked:
            text += f", {len(self.blocked)} blocked"
        if self.forgotten:
            text += f", {len(self.forgotten)} orphans forgotten"
        return text + "."


class Executor:
    def __init__(
        self,
        client: ApiClient,
        desired: DesiredState,
        ids: Mapping[Address, str | None],
        journal: Journal,
        now: Callable[[], str],
        paths: PathTable | None = None,
        reporter: Reporter | None = None,
        parallelism: int = 16,
    ) -> None:
        self._client = client
        self._desired = desired
        self._ids: dict[Address, str | None] = dict(ids)
        self._journal = journal
        self._now = now
        self._paths = paths or PathTable()
        self._reporter = reporter or NullReporter()
        self._parallelism = max(1, parallelism)
        self._adopting: dict[str, set[str]] = {}  # kind → ids found by lookups, not yet recorded
        self.result = ApplyResult()

    async def run(self, plan: Plan, forget_orphans: bool = False) -> ApplyResult:
        for change in plan.changes:
            if change.action is Action.BLOCKED:
                self.result.blocked.append(change.address)
            elif change.action is Action.ORPHAN and forget_orphans:
                self._journal.forget(change.address)
                self.result.forgotten.append(change.address)
        calls = [c for c in plan.changes if c.calls]
        self._reporter.started(len(calls))
        try:
            await _Schedule(calls, self._parallelism, self._perform, self._on_failure).run()
        finally:
            self._reporter.finished()
        return self.result

    async def _perform(self, change: Change, lane: int) -> None:
        resource = self._desired.resources[change.address]
        if change.action is Action.CREATE:
            call = create_call(resource, self._ids, self._paths)
            record = applied_record(resource, None, self._now())
            found = lookup(resource, call.body or {}, self._paths)
            if call.method == "POST":
                line = intent_line(change.address, asdict(found) if found else None, record)
                await self._journal.commit(line)
            remote = await self._create(
                call.method, call.path, call.body, found, resource.kind, lane
            )
            record = record.model_copy(update={"remote_id": remote})
            detail = f"created{f' (id {remote})' if remote else ''}"
        else:
            call = update_call(change, resource, self._ids, self._paths)
            await self._client.request(call.method, call.path, call.body, lane)
            record = applied_record(resource, change.remote_id, self._now())
            detail = "updated"
        await self._journal.commit(done_line(record))  # durable before any dependent starts
        self._ids[change.address] = record.remote_id
        self.result.done[change.address] = record
        self._reporter.done(change, detail)

    async def _create(
        self, method: str, path: str, body: Any, found: Lookup | None, kind: Kind, lane: int
    ) -> str | None:
        for _ in range(POST_ATTEMPTS):
            try:
                answer = await self._client.request(method, path, body, lane)
            except AnswerLost:
                if found is None:
                    raise
                claimed = partial(self._claimed, kind.name)
                exists, remote = await find(self._client, found, kind, claimed, lane)
                if exists:
                    if remote is not None:  # claimed before any await: no one else takes it
                        self._adopting.setdefault(kind.name, set()).add(remote)
                    return remote
                continue  # it never arrived: sending again cannot duplicate it
            return remote_id(answer, kind)
        raise ApiError(f"{method} {path}: no answer after {POST_ATTEMPTS} attempts")

    def _claimed(self, kind: str) -> set[str]:
        return claimed_ids(self._ids, kind) | self._adopting.get(kind, set())

    def _on_failure(self, change: Change, error: Exception, dependents: list[Change]) -> None:
        message = str(error)
        self.result.failed[change.address] = message
        self._reporter.failed(change, message)
        for dependent in dependents:
            reason = f"needs {change.address}, which failed"
            self.result.skipped[dependent.address] = reason
            self._reporter.skipped(dependent, reason)


def remote_id(answer: Any, kind: Kind) -> str | None:
    """The server's id in an answer, for kinds whose objects get one."""
    if kind.api.server_id and isinstance(answer, dict) and answer.get("id") is not None:
        return str(answer["id"])
    return None


def claimed_ids(ids: Mapping[Address, str | None], kind: str) -> set[str]:
    return {i for a, i in ids.items() if a.kind == kind and i is not None}


async def find(
    client: ApiClient,
    found: Lookup,
    kind: Kind,
    claimed: Callable[[], set[str]],
    lane: int = 0,
) -> tuple[bool, str | None]:
    """Whether the object exists at Seven Senders, and its server id.

    Objects whose ids are already ``claimed`` are someone else's: two identical items of one
    order are told apart that way. ``claimed`` is asked after the answer arrives, and the caller
    claims the id it gets before it awaits anything, so two concurrent lookups cannot both take
    the same object.
    """
    try:
        answer = await client.request("GET", found.path, None, lane)
    except ApiError as error:
        if found.single and error.status == 404:
            return False, None
        raise
    candidates = [answer] if found.single else list(answer or [])
    for candidate in candidates:
        if isinstance(candidate, dict) and all(
            candidate.get(k) == v for k, v in found.match.items()
        ):
            remote = remote_id(candidate, kind)
            if remote is None or remote not in claimed():
                return True, remote
    return False, None


class _Schedule:
    """Workers take ready changes; a change becomes ready when its last dependency is done."""

    def __init__(
        self,
        changes: list[Change],
        parallelism: int,
        perform: Callable[[Change, int], Any],
        on_failure: Callable[[Change, Exception, list[Change]], None],
    ) -> None:
        self._by_address = {c.address: c for c in changes}
        self._waiting = {
            c.address: {d for d in c.depends_on if d in self._by_address} for c in changes
        }
        self._dependents: dict[Address, list[Address]] = {a: [] for a in self._by_address}
        for change in changes:
            for dependency in self._waiting[change.address]:
                self._dependents[dependency].append(change.address)
        self._parallelism = parallelism
        self._perform = perform
        self._on_failure = on_failure
        self._queue: asyncio.Queue[Change | None] = asyncio.Queue()
        self._remaining = len(changes)

    async def run(self) -> None:
        if not self._remaining:
            return
        for change in self._by_address.values():
            if not self._waiting[change.address]:
                self._queue.put_nowait(change)
        workers = [asyncio.create_task(self._worker(lane)) for lane in range(self._parallelism)]
        await asyncio.gather(*workers)

    async def _worker(self, lane: int) -> None:
        while True:
            change = await self._queue.get()
            if change is None:
                return
            try:
                await self._perform(change, lane)
            except (StatesyncError, OSError) as error:
                skipped = self._skip_dependents(change.address)
                self._on_failure(change, error, skipped)
                self._finish(1 + len(skipped))
                continue
            for dependent in self._dependents[change.address]:
                waiting = self._waiting[dependent]
                waiting.discard(change.address)
                if not waiting and dependent in self._by_address:
                    self._queue.put_nowait(self._by_address[dependent])
            self._finish(1)

    def _skip_dependents(self, failed: Address) -> list[Change]:
        skipped: list[Change] = []
        stack = list(self._dependents[failed])
        while stack:
            address = stack.pop()
            if address in self._by_address:
                skipped.append(self._by_address.pop(address))
                stack.extend(self._dependents[address])
        return sorted(skipped, key=lambda c: c.address)

    def _finish(self, count: int) -> None:
        self._remaining -= count
        if self._remaining <= 0:
            for _ in range(self._parallelism):
                self._queue.put_nowait(None)

"""The apply journal: every call's intent before it is sent, and its result once it is done.

One JSON object per line, fsynced before the code goes on, so after a crash at any point the
next run knows (a) every completed call, to fold into the state, and (b) every call that was
sent — or about to be — with no recorded answer, to look up by natural key before anything is
sent again. Lines:

- ``{"type": "intent", "address": …, "lookup": {"path", "match", "single"}, "record": …}``
- ``{"type": "done", "address": …, "record": …}``
- ``{"type": "forget", "address": …}`` (``apply --forget-orphans``)

Records hold normalised attributes only (sensitive values as digests), like the state. A torn
last line — the crash came mid-write — is ignored: its call was never confirmed.

The executor appends through ``commit``: a group commit that writes every line waiting at that
moment with one fsync, in a worker thread, and only then lets each waiting call go on. With
many calls in flight, thousands of fsyncs become a few hundred, and the event loop keeps
sending requests while the disk syncs.
"""

from __future__ import annotations

import asyncio
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statesync.addresses import Address
from statesync.state.model import Record


@dataclass
class Replay:
    """What a journal says happened."""

    done: dict[str, Record] = field(default_factory=dict)
    forgotten: set[str] = field(default_factory=set)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)  # address → intent line


def intent_line(address: Address, lookup: dict[str, Any] | None, record: Record) -> dict[str, Any]:
    record_json = record.model_dump(mode="json")
    return {"type": "intent", "address": str(address), "lookup": lookup, "record": record_json}


def done_line(record: Record) -> dict[str, Any]:
    return {
        "type": "done",
        "address": str(record.address),
        "record": record.model_dump(mode="json"),
    }


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None
        self._committer: _GroupCommit | None = None

    def exists(self) -> bool:
        return self.path.exists()

    def replay(self) -> Replay:
        replay = Replay()
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return replay
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # torn by a crash mid-write
            _fold(replay, entry)
        return replay

    def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self._handle = os.fdopen(fd, "a", encoding="utf-8")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def intent(self, address: Address, lookup: dict[str, Any] | None, record: Record) -> None:
        self.write_lines([_text(intent_line(address, lookup, record))])

    def done(self, record: Record) -> None:
        self.write_lines([_text(done_line(record))])

    def forget(self, address: Address) -> None:
        self.write_lines([_text({"type": "forget", "address": str(address)})])

    async def commit(self, entry: dict[str, Any]) -> None:
        """Append ``entry`` durably; returns once it (and its batch) is fsynced."""
        if self._committer is None:
            self._committer = _GroupCommit(self)
        await self._committer.append(_text(entry))

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)

    def write_lines(self, lines: list[str]) -> None:
        """Append whole lines and fsync once."""
        if self._handle is None:
            self.open()
        self._handle.write("".join(line + "\n" for line in lines))
        self._handle.flush()
        os.fsync(self._handle.fileno())


class _GroupCommit:
    """One writer at a time; whatever arrives while it syncs goes into the next batch."""

    def __init__(self, journal: Journal) -> None:
        self._journal = journal
        self._waiting: list[tuple[str, asyncio.Future[None]]] = []
        self._flushing = False
        self._flusher: asyncio.Task[None] | None = None

    async def append(self, line: str) -> None:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._waiting.append((line, done))
        if not self._flushing:
            self._flushing = True
            self._flusher = loop.create_task(self._flush())
        await done

    async def _flush(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    await asyncio.to_thread(self._journal.write_lines, [line for line, _ in batch])
                except OSError as error:
                    for _, done in batch:
                        done.set_exception(error)
                    continue
                for _, done in batch:
                    done.set_result(None)
        finally:
            self._flushing = False


def _text(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False)


def _fold(replay: Replay, entry: dict[str, Any]) -> None:
    address = entry.get("address")
    kind = entry.get("type")
    if not isinstance(address, str):
        return
    if kind == "intent":
        replay.pending[address] = entry
    elif kind == "done":
        replay.done[address] = Record.model_validate(entry["record"])
        replay.pending.pop(address, None)
        replay.forgotten.discard(address)
    elif kind == "forget":
        replay.forgotten.add(address)
        replay.done.pop(address, None)

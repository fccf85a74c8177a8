"""The apply journal: every call's intent before it is sent, and its result once it is done.

One JSON object per line, each line fsynced before the code goes on, so after a crash at any
point the next run knows (a) every completed call, to fold into the state, and (b) every call
that was sent — or about to be — with no recorded answer, to look up by natural key before
anything is sent again. Lines:

- ``{"type": "intent", "address": …, "lookup": {"path", "match", "single"}, "record": …}``
- ``{"type": "done", "address": …, "record": …}``
- ``{"type": "forget", "address": …}`` (``apply --forget-orphans``)

Records hold normalised attributes only (sensitive values as digests), like the state. A torn
last line — the crash came mid-write — is ignored: its call was never confirmed.
"""

from __future__ import annotations

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


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

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
        self._append({"type": "intent", "address": str(address), "lookup": lookup,
                      "record": record.model_dump(mode="json")})  # fmt: skip

    def done(self, record: Record) -> None:
        self._append(
            {
                "type": "done",
                "address": str(record.address),
                "record": record.model_dump(mode="json"),
            }
        )

    def forget(self, address: Address) -> None:
        self._append({"type": "forget", "address": str(address)})

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)

    def _append(self, entry: dict[str, Any]) -> None:
        if self._handle is None:
            self.open()
        self._handle.write(json.dumps(entry, sort_keys=True, ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())


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

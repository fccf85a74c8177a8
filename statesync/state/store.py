"""State stores: a reader the planner gets, a writer only the executor gets.

``LocalStateStore`` keeps a JSON file: stable key order (diffs well), created ``0600``, written
atomically (temporary file, fsync, rename, directory fsync) with the previous version kept as
``<file>.backup``. A write never leaves a half-written state: the old file stays until the new
one is complete. ``MemoryStateStore`` is the same contract for tests.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from statesync.errors import StateError
from statesync.fileio import atomic_write
from statesync.runtime import paused_gc
from statesync.state.lock import LockInfo, hold
from statesync.state.model import State, migrate


class StateReader(Protocol):
    """Reads the last-applied state (an empty one when there is none yet)."""

    @property
    def location(self) -> str: ...

    def read(self) -> State: ...


class StateWriter(StateReader, Protocol):
    """Also writes it, under a lock."""

    def write(self, state: State) -> None: ...

    def lock(self, operation: str, timeout: float = 0.0) -> AbstractContextManager[LockInfo]: ...


class LocalStateStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.path = path
        self._clock = clock

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".backup")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def read(self) -> State:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return State()
        except OSError as exc:
            raise StateError(f"cannot read state {self.path}: {exc.strerror}") from None
        try:
            with paused_gc():
                return State.model_validate(migrate(json.loads(text)))
        except (ValueError, ValidationError) as exc:
            raise StateError(
                f"state {self.path} is damaged ({str(exc).splitlines()[0]}); the previous version"
                f" is {self.backup_path}"
            ) from None

    def write(self, state: State) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = render_state(state).encode("utf-8")
        if self.path.exists():
            atomic_write(self.backup_path, self.path.read_bytes())
        atomic_write(self.path, data)

    def lock(self, operation: str, timeout: float = 0.0) -> AbstractContextManager[LockInfo]:
        return hold(self.lock_path, operation, timeout, clock=self._clock)


class MemoryStateStore:
    """The store contract without files, for tests."""

    def __init__(self, state: State | None = None) -> None:
        self.state = state or State()
        self.locked: str | None = None

    @property
    def location(self) -> str:
        return "(memory)"

    def read(self) -> State:
        return self.state

    def write(self, state: State) -> None:
        self.state = State.model_validate_json(render_state(state))

    @contextmanager
    def _hold(self, operation: str) -> Iterator[LockInfo]:
        if self.locked is not None:
            raise StateError(f"the state is locked ({self.locked})")
        self.locked = operation
        try:
            yield LockInfo("test", os.getpid(), "memory", "", operation)
        finally:
            self.locked = None

    def lock(self, operation: str, timeout: float = 0.0) -> AbstractContextManager[LockInfo]:
        return self._hold(operation)


def render_state(state: State) -> str:
    """The file's text: sorted keys, two-space indent, a final newline."""
    return (
        json.dumps(state.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )

"""A lock file that keeps two applies off one state, and says who holds it.

The file holds owner, pid, host, time and operation as JSON. A lock whose process is gone (same
host, pid not running) is *reported*, never silently broken: the error names the command that
clears it. Time comes from an injected clock; waiting polls until ``timeout`` seconds pass.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from statesync.errors import StateError

UNLOCK_COMMAND = "statesync state unlock"


class StateLockedError(StateError):
    """The state is locked by someone else (or by a process that died)."""


@dataclass(frozen=True)
class LockInfo:
    owner: str
    pid: int
    host: str
    time: str
    operation: str

    def describe(self) -> str:
        return f"{self.owner}@{self.host} (pid {self.pid}, {self.operation}, since {self.time})"

    def is_stale(self) -> bool:
        """True when the holder ran on this host and is no longer running."""
        return self.host == socket.gethostname() and not _alive(self.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_lock(path: Path) -> LockInfo | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockInfo(**data)
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as exc:
        raise StateLockedError(
            f"{path} exists but is not a statesync lock ({exc}); {UNLOCK_COMMAND} clears it"
        ) from None


@contextmanager
def hold(
    path: Path,
    operation: str,
    timeout: float = 0.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[LockInfo]:
    """Hold the lock at ``path`` for the ``with`` block; wait up to ``timeout`` seconds."""
    info = LockInfo(
        owner=getpass.getuser(),
        pid=os.getpid(),
        host=socket.gethostname(),
        time=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        operation=operation,
    )
    deadline = clock() + timeout
    while not _try_create(path, info):
        holder = read_lock(path)
        if holder is None:
            continue  # released between our attempt and the read: try again
        if holder.is_stale():
            raise StateLockedError(
                f"the state is locked by a process that is no longer running: {holder.describe()}."
                f" If no other statesync is running, clear it with: {UNLOCK_COMMAND}"
            )
        if clock() >= deadline:
            waited = f" after waiting {timeout:g}s" if timeout else ""
            raise StateLockedError(
                f"the state is locked by {holder.describe()}{waited}; try again later or"
                " use --lock-timeout"
            )
        sleep(min(0.2, max(0.0, deadline - clock())))
    try:
        yield info
    finally:
        path.unlink(missing_ok=True)


def _try_create(path: Path, info: LockInfo) -> bool:
    """Create the lock with its content in one step: the content goes to a private file that
    is then hard-linked into place (which fails if a lock exists). A kill at any moment leaves
    either no lock or a complete one — never an empty lock file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.draft")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(asdict(info), handle, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return False
        return True
    finally:
        draft.unlink(missing_ok=True)

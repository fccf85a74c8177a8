"""State: the last-applied state, its stores (local JSON file, memory), and the lock.

The planner receives a ``StateReader``; only the executor receives a ``StateWriter``. Names are
imported on first use, so the pure planner can import ``statesync.state.model`` without pulling
in the file and lock machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statesync._lazy import lazy_exports

_EXPORTS = {
    "STATE_VERSION": "statesync.state.model",
    "Record": "statesync.state.model",
    "State": "statesync.state.model",
    "StateError": "statesync.errors",
    "LockInfo": "statesync.state.lock",
    "StateLockedError": "statesync.state.lock",
    "LocalStateStore": "statesync.state.store",
    "MemoryStateStore": "statesync.state.store",
    "StateReader": "statesync.state.store",
    "StateWriter": "statesync.state.store",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from statesync.errors import StateError as StateError
    from statesync.state.lock import LockInfo as LockInfo
    from statesync.state.lock import StateLockedError as StateLockedError
    from statesync.state.model import STATE_VERSION as STATE_VERSION
    from statesync.state.model import Record as Record
    from statesync.state.model import State as State
    from statesync.state.store import LocalStateStore as LocalStateStore
    from statesync.state.store import MemoryStateStore as MemoryStateStore
    from statesync.state.store import StateReader as StateReader
    from statesync.state.store import StateWriter as StateWriter


__getattr__ = lazy_exports("statesync.state", _EXPORTS, globals())

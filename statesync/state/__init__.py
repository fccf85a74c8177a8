"""State: the last-applied state, its stores (local JSON file, memory), and the lock.

The planner receives a ``StateReader``; only the executor receives a ``StateWriter``.
"""

from statesync.state.lock import LockInfo, StateLockedError
from statesync.state.model import STATE_VERSION, Record, State, StateError
from statesync.state.store import LocalStateStore, MemoryStateStore, StateReader, StateWriter

__all__ = [
    "STATE_VERSION",
    "LocalStateStore",
    "LockInfo",
    "MemoryStateStore",
    "Record",
    "State",
    "StateError",
    "StateLockedError",
    "StateReader",
    "StateWriter",
]

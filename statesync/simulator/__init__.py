"""The Seven Senders simulator: a faithful fake of the API, in-process or as a server.

One core (``core.Simulator``: auth, validation with the kinds' rules, referential checks,
server ids, faults, a request log) served three ways: an httpx transport
(``transport.SimulatorTransport``), an ASGI app run by uvicorn (``statesync sim serve``), and
with its objects in memory or in SQLite (``store``) so the embedded default keeps its data.
"""

from statesync.simulator.core import (
    DEFAULT_ACCESS_KEY,
    Exchange,
    LogEntry,
    SimRequest,
    Simulator,
    SimulatorConfig,
)
from statesync.simulator.faults import FaultPlan, FaultRule
from statesync.simulator.store import MemoryStore, SimStore, SqliteStore
from statesync.simulator.transport import SimulatorTransport

__all__ = [
    "DEFAULT_ACCESS_KEY",
    "Exchange",
    "FaultPlan",
    "FaultRule",
    "LogEntry",
    "MemoryStore",
    "SimRequest",
    "SimStore",
    "Simulator",
    "SimulatorConfig",
    "SimulatorTransport",
    "SqliteStore",
]

"""The simulator's core: one request in, one answer out, independent of how it is served.

``Simulator.exchange`` is what adapters call: it decides the faults for the request (latency,
an injected status, a dropped connection, an answer lost after commit), processes it unless a
fault answers first, and records it in the request log. Adapters only carry bytes and sleep.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from statesync.kinds.base import Kind
from statesync.kinds.registry import Registry
from statesync.kinds.registry import registry as default_registry
from statesync.simulator.auth import TokenIssuer
from statesync.simulator.faults import Decision, FaultPlan
from statesync.simulator.resources import Resources
from statesync.simulator.responses import SimResponse, error, ok, violation
from statesync.simulator.store import MemoryStore, SimStore

DEFAULT_ACCESS_KEY = "statesync-simulator"
CONTROL = "_simulator"  # test-only endpoints, outside the API's namespace
LOG_LIMIT = 100_000


@dataclass(frozen=True)
class SimulatorConfig:
    """How the fake API behaves. ``duplicates``: a POST of an existing key → 409 or 200."""

    access_key: str = DEFAULT_ACCESS_KEY
    token_ttl_s: float = 3600.0
    duplicates: Literal["reject", "upsert"] = "reject"
    faults: FaultPlan = field(default_factory=FaultPlan)


@dataclass(frozen=True)
class SimRequest:
    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""


@dataclass(frozen=True)
class LogEntry:
    """One request as the simulator saw it. ``outcome``: answered, fault, dropped or lost."""

    method: str
    path: str
    status: int | None
    body: Any
    outcome: str = "answered"


@dataclass(frozen=True)
class Exchange:
    """What an adapter must do: wait ``latency_s``, then drop, answer, or lose the answer."""

    latency_s: float
    response: SimResponse | None  # None: the connection drops before processing
    lost: bool = False


class Simulator:
    """The fake Seven Senders API. Thread-safe: one lock serialises request processing."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        store: SimStore | None = None,
        clock: Callable[[], float] = time.time,
        kinds: Registry | None = None,
    ) -> None:
        self.config = config or SimulatorConfig()
        self.store = store or MemoryStore()
        self.kinds = kinds or default_registry()
        self.tokens = TokenIssuer(clock, self.config.token_ttl_s)
        self.resources = Resources(self.kinds, self.store, self.config.duplicates)
        self.log: list[LogEntry] = []
        self._routes = _route_table(self.kinds)
        self._lock = threading.Lock()

    def exchange(self, request: SimRequest) -> Exchange:
        """Decide faults, process, log. The adapter applies latency, drops and losses.

        The test-only control endpoints see no faults and are not logged."""
        if f"/{CONTROL}/" in f"{request.path}/":
            return Exchange(0.0, self.handle(request))
        decision: Decision = self.config.faults.decide(request.method, request.path)
        body = _loggable(request.body)
        if decision.dropped:
            self._record(LogEntry(request.method, request.path, None, body, "dropped"))
            return Exchange(decision.latency_s, None)
        if decision.status is not None:
            headers = {"Retry-After": str(decision.retry_after)} if decision.status == 429 else {}
            response = error(decision.status, headers=headers)
            self._record(LogEntry(request.method, request.path, response.status, body, "fault"))
            return Exchange(decision.latency_s, response)
        response = self.handle(request)
        outcome = "lost" if decision.lost else "answered"
        self._record(LogEntry(request.method, request.path, response.status, body, outcome))
        return Exchange(decision.latency_s, response, lost=decision.lost)

    def handle(self, request: SimRequest) -> SimResponse:
        """Process one request, faults aside."""
        with self._lock:
            return self._dispatch(request)

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _record(self, entry: LogEntry) -> None:
        with self._lock:
            self.log.append(entry)
            if len(self.log) > LOG_LIMIT:
                del self.log[: len(self.log) - LOG_LIMIT]

    def _dispatch(self, request: SimRequest) -> SimResponse:
        segments = [s for s in request.path.split("/") if s]
        if segments[:1] == ["v2"]:
            segments = segments[1:]
        if segments == ["token"]:
            return self._token(request) if request.method == "POST" else error(405)
        if segments[:1] == [CONTROL]:
            return self._control(request.method, segments[1:])
        kind = self._routes.get(segments[0]) if segments else None
        if kind is None or len(segments) > 2:
            return error(404)
        denied = self._authorise(request)
        if denied is not None:
            return denied
        body, bad = _json_body(request)
        if bad is not None:
            return bad
        return self._route(
            kind, request.method, segments[1] if len(segments) == 2 else None, request, body
        )

    def _route(
        self, kind: Kind, method: str, ident: str | None, request: SimRequest, body: Any
    ) -> SimResponse:
        if ident is None:
            if method == kind.api.create_method:
                return self.resources.create(kind, body)
            if method == "GET":
                return self.resources.list(kind, request.query)
        else:
            if method == "PUT" and kind.api.update and kind.api.update != kind.api.collection:
                return self.resources.update(kind, ident, body)
            if method == "GET":
                return self.resources.read(kind, ident)
        return error(405)

    def _control(self, method: str, segments: list[str]) -> SimResponse:
        """``GET /_simulator/log`` and ``POST /_simulator/reset``: for tests over a socket."""
        if segments == ["log"] and method == "GET":
            return ok([asdict(entry) for entry in self.log])
        if segments == ["reset"] and method == "POST":
            self.store.clear()
            self.log.clear()
            return ok({"reset": True})
        return error(404)

    def _token(self, request: SimRequest) -> SimResponse:
        body, bad = _json_body(request)
        if bad is not None:
            return bad
        key = body.get("access_key") if isinstance(body, dict) else None
        if not isinstance(key, str) or not key:
            return violation("access_key", "This value should not be blank.")
        if key != self.config.access_key:
            return error(401, "Invalid credentials.")
        return ok({"token": self.tokens.issue()})

    def _authorise(self, request: SimRequest) -> SimResponse | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return error(401, "JWT Token not found")
        problem = self.tokens.check(token.strip())
        return error(401, problem) if problem else None


def _route_table(kinds: Registry) -> dict[str, Kind]:
    """Every path name of every kind: ``order_items``, ``order-items``, ``OrderItem``."""
    table: dict[str, Kind] = {}
    for kind in kinds:
        plural = kind.api.collection.strip("/")
        for name in (plural, plural.replace("_", "-"), kind.api.resource_name):
            table[name] = kind
    return table


def _json_body(request: SimRequest) -> tuple[Any, SimResponse | None]:
    if request.method in ("GET", "DELETE") or not request.body:
        return None, None
    try:
        return json.loads(request.body), None
    except (ValueError, UnicodeDecodeError):
        return None, violation("", "Syntax error: the request body is not valid JSON.")


def _loggable(body: bytes) -> Any:
    """The request body for the log, with the access key masked."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return body.decode("utf-8", "replace")
    if isinstance(data, dict) and "access_key" in data:
        data = {**data, "access_key": "***"}
    return data

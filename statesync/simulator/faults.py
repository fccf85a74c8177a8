"""Faults the simulator can inject, per path and by rate, deterministic under a seed.

A rule is written ``KIND[:RATE][@[METHOD ]PATH]``, e.g. ``429:0.2``, ``503:0.1@/orders*``,
``lost:0.05@POST /shipments``, ``latency=50:0.5`` (50 ms on half the requests). Kinds:

- ``429`` (with ``Retry-After``), ``500``, ``502``, ``503``, ``504``: answered instead of the
  request, which is not processed;
- ``drop``: the connection breaks before the request is processed;
- ``lost``: the request is processed and committed, then the answer never arrives — the case
  that makes naive clients create duplicates;
- ``latency=MS``: the answer is delayed.

Each rule draws from one ``random.Random(seed)`` in request order, so a sequential run with the
same seed meets the same faults.
"""

from __future__ import annotations

import fnmatch
import random
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

STATUSES = frozenset({429, 500, 502, 503, 504})
_RULE = re.compile(
    r"(?P<kind>\d{3}|drop|lost|latency=(?P<ms>\d+(\.\d+)?))"
    r"(:(?P<rate>[0-9.]+))?"
    r"(@((?P<method>[A-Z]+)\s+)?(?P<path>\S+))?"
)


@dataclass(frozen=True)
class FaultRule:
    kind: str  # "429" … "504", "drop", "lost", "latency"
    rate: float = 1.0
    path: str = "*"
    method: str = "*"
    latency_ms: float = 0.0
    retry_after: int = 1

    def matches(self, method: str, path: str) -> bool:
        method_ok = self.method in ("*", method)
        return method_ok and fnmatch.fnmatchcase(path, self.path)

    @classmethod
    def parse(cls, text: str) -> FaultRule:
        match = _RULE.fullmatch(text.strip())
        if match is None:
            raise ValueError(
                f"bad fault {text!r}: expected KIND[:RATE][@[METHOD ]PATH] with KIND one of"
                " 429, 500, 502, 503, 504, drop, lost, latency=MS"
            )
        kind = "latency" if match["ms"] else match["kind"]
        if kind.isdigit() and int(kind) not in STATUSES:
            raise ValueError(f"bad fault {text!r}: status must be one of {sorted(STATUSES)}")
        rate = float(match["rate"]) if match["rate"] else 1.0
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"bad fault {text!r}: rate must be between 0 and 1")
        return cls(
            kind=kind,
            rate=rate,
            path=match["path"] or "*",
            method=match["method"] or "*",
            latency_ms=float(match["ms"] or 0),
        )


@dataclass(frozen=True)
class Decision:
    """What happens to one request."""

    latency_s: float = 0.0
    status: int | None = None
    retry_after: int = 1
    dropped: bool = False
    lost: bool = False


class FaultPlan:
    """Decides, request by request, which faults strike."""

    def __init__(
        self, rules: Sequence[FaultRule] = (), seed: int = 0, latency_ms: float = 0.0
    ) -> None:
        self.rules = tuple(rules)
        self._base_latency = latency_ms / 1000
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def decide(self, method: str, path: str) -> Decision:
        latency, status, retry_after, dropped, lost = self._base_latency, None, 1, False, False
        with self._lock:
            hits = [r for r in self.rules if r.matches(method, path) and self._strikes(r)]
        for rule in hits:
            if rule.kind == "latency":
                latency += rule.latency_ms / 1000
            elif rule.kind == "drop":
                dropped = True
            elif rule.kind == "lost":
                lost = True
            elif status is None:
                status, retry_after = int(rule.kind), rule.retry_after
        return Decision(latency, status, retry_after, dropped, lost)

    def _strikes(self, rule: FaultRule) -> bool:
        return rule.rate >= 1.0 or self._random.random() < rule.rate

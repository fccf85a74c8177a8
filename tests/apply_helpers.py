"""Builders for apply tests: a project with manifests, a simulator, and a session on them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from statesync import load
from statesync.apply.executor import ApplyResult
from statesync.apply.journal import Journal
from statesync.apply.reporter import NullReporter
from statesync.apply.session import ApplySession, Target
from statesync.config import Config
from statesync.desired import DesiredState
from statesync.plan import Plan, make_plan
from statesync.simulator import FaultPlan, FaultRule, Simulator, SimulatorConfig, SimulatorTransport
from statesync.state.store import LocalStateStore

ACCESS_KEY = "apply-test-key"


async def no_wait(seconds: float) -> None:
    await asyncio.sleep(0)


@dataclass
class Project:
    root: Path
    simulator: Simulator

    @property
    def store(self) -> LocalStateStore:
        return LocalStateStore(self.root / ".statesync" / "state.json")

    def desired(self) -> DesiredState:
        return load([self.root / "manifests"])

    def session(self) -> ApplySession:
        target = Target("http://sim.test/v2", ACCESS_KEY, SimulatorTransport(self.simulator), None)
        journal = Journal(self.root / ".statesync" / "state.json.journal")
        return ApplySession(self.store, journal, target, Config(), sleep=no_wait)

    def plan(self) -> Plan:
        return make_plan(self.desired(), self.store.read())

    def apply(self, parallelism: int = 8, forget_orphans: bool = False) -> ApplyResult:
        with self.session() as session:
            session.recover()
            desired = self.desired()
            plan = make_plan(desired, self.store.read())
            return session.execute(plan, desired, NullReporter(), parallelism, forget_orphans)

    def calls(self, method: str | None = None) -> list[tuple[str, str, int | None]]:
        """The API calls the simulator saw (token requests left out)."""
        return [
            (e.method, e.path, e.status)
            for e in self.simulator.log
            if not e.path.endswith("/token") and (method is None or e.method == method)
        ]


def simulator(*rules: FaultRule, seed: int = 0, latency_ms: float = 0) -> Simulator:
    faults = FaultPlan(rules, seed=seed, latency_ms=latency_ms)
    return Simulator(SimulatorConfig(access_key=ACCESS_KEY, faults=faults))

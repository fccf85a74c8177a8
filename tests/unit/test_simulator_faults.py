"""Injected faults: statuses, dropped connections, lost answers, latency, determinism."""

from __future__ import annotations

import httpx
import pytest

from statesync.simulator import FaultPlan, FaultRule, SimRequest, Simulator, SimulatorConfig
from tests.simulator_helpers import ORDER, client_for


def faulty(*rules: str, seed: int = 0, latency_ms: float = 0) -> Simulator:
    plan = FaultPlan([FaultRule.parse(r) for r in rules], seed=seed, latency_ms=latency_ms)
    return Simulator(SimulatorConfig(faults=plan))


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_answer_instead_of_processing(status: int) -> None:
    sim = faulty(f"{status}@/v2/orders")
    client = client_for(sim)
    answer = client.post("/orders", json=ORDER)
    assert answer.status_code == status
    assert answer.json()["code"] == status
    assert sim.store.all("order") == []


def test_429_carries_retry_after_and_processes_nothing() -> None:
    sim = faulty("429@POST /v2/orders")
    client = client_for(sim)
    answer = client.post("/orders", json=ORDER)
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "1"
    assert sim.store.all("order") == []
    assert client.get("/orders").status_code == 200  # other methods are not matched


def test_a_dropped_connection_raises_and_stores_nothing() -> None:
    sim = faulty("drop@/v2/orders")
    client = client_for(sim)
    with pytest.raises(httpx.ConnectError):
        client.post("/orders", json=ORDER)
    assert sim.store.all("order") == []
    assert sim.log[-1].outcome == "dropped" and sim.log[-1].status is None


def test_an_answer_lost_after_commit_raises_but_the_object_exists() -> None:
    sim = faulty("lost@POST /v2/orders")
    client = client_for(sim)
    with pytest.raises(httpx.ReadError):
        client.post("/orders", json=ORDER)
    assert [o["order_id"] for o in sim.store.all("order")] == ["O1"]
    assert sim.log[-1].outcome == "lost" and sim.log[-1].status == 201


def test_latency_is_part_of_the_exchange() -> None:
    sim = faulty("latency=40@/v2/orders", latency_ms=10)
    slow = sim.exchange(SimRequest("GET", "/v2/orders"))
    other = sim.exchange(SimRequest("GET", "/v2/products"))
    assert slow.latency_s == pytest.approx(0.05)
    assert other.latency_s == pytest.approx(0.01)


def test_latency_is_applied_by_the_async_transport() -> None:
    import asyncio

    from statesync.simulator import SimulatorTransport

    sim = faulty(latency_ms=1)

    async def call() -> int:
        transport = SimulatorTransport(sim)
        async with httpx.AsyncClient(transport=transport, base_url="http://sim/v2") as client:
            answer = await client.post("/token", json={"access_key": sim.config.access_key})
            return answer.status_code

    assert asyncio.run(call()) == 200


def _decisions(sim: Simulator, count: int) -> list[int | None]:
    return [
        sim.exchange(SimRequest("GET", "/v2/orders")).response.status  # type: ignore[union-attr]
        for _ in range(count)
    ]


def test_rates_are_deterministic_under_a_seed() -> None:
    first = _decisions(faulty("503:0.3", seed=42), 200)
    again = _decisions(faulty("503:0.3", seed=42), 200)
    other = _decisions(faulty("503:0.3", seed=43), 200)
    assert first == again and first != other
    hits = first.count(503)
    assert 30 < hits < 90  # about 30 % of 200


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("429", FaultRule("429")),
        ("503:0.25@/v2/orders*", FaultRule("503", 0.25, "/v2/orders*")),
        ("lost:0.05@POST /v2/shipments", FaultRule("lost", 0.05, "/v2/shipments", "POST")),
        ("drop:1", FaultRule("drop", 1.0)),
        ("latency=50:0.5", FaultRule("latency", 0.5, latency_ms=50.0)),
    ],
)
def test_fault_rules_parse(text: str, rule: FaultRule) -> None:
    assert FaultRule.parse(text) == rule


@pytest.mark.parametrize("text", ["418", "slow", "429:2", "drop:0.1@"])
def test_bad_fault_rules_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="bad fault"):
        FaultRule.parse(text)

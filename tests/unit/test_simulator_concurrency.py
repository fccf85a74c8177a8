"""Under concurrent creates the simulator loses no object and hands out no id twice."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from statesync.simulator import (
    FaultPlan,
    MemoryStore,
    SimStore,
    Simulator,
    SimulatorConfig,
    SimulatorTransport,
    SqliteStore,
)
from tests.simulator_helpers import ORDER, SHIPMENT, client_for

CREATES = 1000
WORKERS = 32


def _store(kind: str, tmp_path: Path) -> SimStore:
    return MemoryStore() if kind == "memory" else SqliteStore(tmp_path / "sim.sqlite")


async def _create_all(
    sim: Simulator, bodies: Sequence[tuple[str, Mapping[str, object]]]
) -> list[httpx.Response]:
    queue: asyncio.Queue[tuple[str, Mapping[str, object]]] = asyncio.Queue()
    for item in bodies:
        queue.put_nowait(item)
    answers: list[httpx.Response] = []
    transport = SimulatorTransport(sim)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim/v2") as client:
        token = (await client.post("/token", json={"access_key": sim.config.access_key})).json()
        client.headers["Authorization"] = f"Bearer {token['token']}"

        async def worker() -> None:
            while not queue.empty():
                path, body = queue.get_nowait()
                answers.append(await client.post(path, json=body))

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
    return answers


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
def test_1000_concurrent_creates_from_32_async_workers(store_kind: str, tmp_path: Path) -> None:
    config = SimulatorConfig(faults=FaultPlan(latency_ms=1))  # interleave the workers
    sim = Simulator(config, _store(store_kind, tmp_path))
    client_for(sim).post("/orders", json=ORDER)
    half = CREATES // 2
    bodies = [("/orders", {**ORDER, "order_id": f"C{n}"}) for n in range(half)]
    bodies += [("/shipments", {**SHIPMENT, "tracking_code": f"T{n}"}) for n in range(half)]
    answers = asyncio.run(_create_all(sim, bodies))
    assert [a.status_code for a in answers] == [201] * CREATES
    order_ids = [a.json()["id"] for a in answers if a.url.path.endswith("/orders")]
    shipment_ids = [a.json()["id"] for a in answers if a.url.path.endswith("/shipments")]
    assert sorted(order_ids) == list(range(2, half + 2))
    assert sorted(shipment_ids) == list(range(100_000_001, 100_000_001 + half))
    assert len(sim.store.all("order")) == half + 1
    assert len(sim.store.all("shipment")) == half


@pytest.mark.parametrize("store_kind", ["memory", "sqlite"])
def test_concurrent_duplicates_from_threads_create_exactly_one(
    store_kind: str, tmp_path: Path
) -> None:
    sim = Simulator(store=_store(store_kind, tmp_path))
    clients = [client_for(sim) for _ in range(8)]

    def create(n: int) -> int:
        return clients[n % 8].post("/orders", json={**ORDER, "order_id": f"D{n % 50}"}).status_code

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(create, range(400)))
    assert statuses.count(201) == 50
    assert statuses.count(409) == 350
    ids = [o["id"] for o in sim.store.all("order")]
    assert sorted(ids) == list(range(1, 51))

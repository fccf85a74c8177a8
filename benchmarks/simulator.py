"""The simulator's own throughput, so later benchmarks know when it is the bottleneck.

Each run POSTs unique orders (the create path: validation, uniqueness check, id, store).

- in-process: ``SimulatorTransport`` with ``httpx.Client`` (one at a time) and with
  ``httpx.AsyncClient`` (16 workers), memory and SQLite stores; the simulator core called
  directly (no HTTP) and ``httpx.MockTransport`` answering a fixed 201 (the httpx client's own
  cost) are the baselines measured in the same run;
- loopback: ``statesync sim serve --memory`` in a subprocess, async workers with one client
  each (PERFORMANCE.md: a shared AsyncClient slows down as concurrency rises).

    python benchmarks/simulator.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from statesync.simulator import (
    MemoryStore,
    SimRequest,
    SimStore,
    Simulator,
    SimulatorTransport,
    SqliteStore,
)

ORDER = {"order_date": "2020-07-31T07:00:00+00:00", "order_url": "https://shop.example.com"}


def body(n: int) -> dict[str, Any]:
    return {"order_id": f"B{n}", **ORDER}


def rate(count: int, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return count / (time.perf_counter() - start)


def token(sim: Simulator) -> str:
    answer = sim.handle(
        SimRequest(
            "POST", "/token", body=json.dumps({"access_key": sim.config.access_key}).encode()
        )
    )
    return str(answer.body["token"])


def core_direct(store: SimStore, count: int) -> float:
    sim = Simulator(store=store)
    headers = {"authorization": f"Bearer {token(sim)}"}
    requests = [
        SimRequest("POST", "/v2/orders", headers=headers, body=json.dumps(body(n)).encode())
        for n in range(count)
    ]
    return rate(count, lambda: [sim.exchange(r) for r in requests])


def sync_client(transport: httpx.BaseTransport, count: int, headers: dict[str, str]) -> float:
    with httpx.Client(transport=transport, base_url="http://sim/v2", headers=headers) as client:
        return rate(count, lambda: [client.post("/orders", json=body(n)) for n in range(count)])


async def _async_posts(
    base_url: str,
    count: int,
    workers: int,
    headers: dict[str, str],
    transport: httpx.AsyncBaseTransport | None,
) -> None:
    numbers = iter(range(count))

    async def worker() -> None:
        async with httpx.AsyncClient(
            base_url=base_url, headers=headers, transport=transport, timeout=30
        ) as client:
            for n in numbers:
                answer = await client.post("/orders", json=body(n))
                assert answer.status_code == 201, answer.text

    await asyncio.gather(*(worker() for _ in range(workers)))


def async_clients(
    base_url: str,
    count: int,
    workers: int,
    headers: dict[str, str],
    transport: httpx.AsyncBaseTransport | None = None,
) -> float:
    return rate(
        count, lambda: asyncio.run(_async_posts(base_url, count, workers, headers, transport))
    )


def in_process(count: int, workdir: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    results["core, no HTTP (memory)"] = core_direct(MemoryStore(), count)
    mock = httpx.MockTransport(lambda request: httpx.Response(201, json={"id": 1}))
    results["httpx.Client + MockTransport (client floor)"] = sync_client(mock, count, {})
    for name, make in (
        ("memory", MemoryStore),
        ("sqlite", lambda: SqliteStore(workdir / f"{time.time_ns()}.db")),
    ):
        sim = Simulator(store=make())
        headers = {"Authorization": f"Bearer {token(sim)}"}
        results[f"httpx.Client + transport ({name})"] = sync_client(
            SimulatorTransport(sim), count, headers
        )
        sim = Simulator(store=make())
        headers = {"Authorization": f"Bearer {token(sim)}"}
        results[f"AsyncClient x16 + transport ({name})"] = async_clients(
            "http://sim/v2", count, 16, headers, SimulatorTransport(sim)
        )
    return results


def loopback(count: int) -> dict[str, float]:
    process = subprocess.Popen(
        [sys.executable, "-m", "statesync", "sim", "serve", "--memory", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split("listening on ")[1].split()[0]
        key = httpx.post(f"{url}/token", json={"access_key": "statesync-simulator"}).json()["token"]
        headers = {"Authorization": f"Bearer {key}"}
        results = {}
        for workers in (1, 8, 32):
            httpx.post(f"{url}/_simulator/reset")
            results[f"loopback, {workers} worker(s), a client each"] = async_clients(
                url, count, workers, headers
            )
        return results
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statesync-bench-") as workdir:
        results = {**in_process(args.requests, Path(workdir)), **loopback(args.requests)}
    floor = results["httpx.Client + MockTransport (client floor)"]
    print(f"{args.requests:,} order creates each; ratio = share of the httpx client floor's rate")
    for name, per_second in results.items():
        print(f"  {name:<46} {per_second:9,.0f} req/s   {per_second / floor:5.2f}x")


if __name__ == "__main__":
    main()

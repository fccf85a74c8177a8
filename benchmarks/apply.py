"""How long an apply takes, by parallelism, and how many calls it makes.

1,000 generated orders (3 items, 1 shipment, 1 event each; 7,000 objects incl. products and
images) applied from an empty state to the in-process simulator with 20 ms of latency per
answer, at parallelism 1, 16 and 64; plus 64 with one shared connection pool instead of one per
worker. The baseline is the ideal: the minimum number of calls (one per object, plus one token)
at the latency floor — calls × 20 ms ÷ parallelism — computed for the same run.

    python benchmarks/apply.py [--orders 1000] [--latency-ms 20] [--parallelism 1 16 64]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from statesync import load
from statesync.apply.journal import Journal
from statesync.apply.reporter import NullReporter
from statesync.apply.session import ApplySession, Target
from statesync.config import Config
from statesync.generate import GenerateOptions, generate
from statesync.plan import make_plan
from statesync.simulator import (
    DEFAULT_ACCESS_KEY,
    FaultPlan,
    Simulator,
    SimulatorConfig,
    SimulatorTransport,
)
from statesync.state.store import LocalStateStore


def run(
    manifests: Path,
    workdir: Path,
    parallelism: int,
    latency_ms: float,
    lanes: bool,
    url: str | None = None,
) -> None:
    if url is None:
        sim = Simulator(SimulatorConfig(faults=FaultPlan(latency_ms=latency_ms)))
        target = Target("http://sim/v2", sim.config.access_key, SimulatorTransport(sim), None)
    else:
        httpx.post(f"{url}/_simulator/reset")
        target = Target(url, DEFAULT_ACCESS_KEY, None, None)
    store = LocalStateStore(workdir / f"state-{parallelism}-{lanes}.json")
    journal = Journal(Path(store.location + ".journal"))
    desired = load([manifests])
    plan = make_plan(desired, store.read())
    session = ApplySession(store, journal, target, Config(), pool_per_worker=lanes)
    start = time.perf_counter()
    with session:
        result = session.execute(plan, desired, NullReporter(), parallelism)
    seconds = time.perf_counter() - start
    minimum = len(desired) + 1
    floor = minimum * latency_ms / 1000 / parallelism
    label = f"parallelism {parallelism:>2}" + ("" if lanes else ", one shared pool")
    versus = (
        f"floor {floor:6.2f} s → {seconds / floor:4.1f}x the floor"
        if floor
        else (f"{session.api_calls / seconds:,.0f} calls/s")
    )
    print(
        f"  {label:<34} {seconds:7.2f} s  {session.api_calls:,} calls (minimum {minimum:,})"
        f"  {versus}; {result.summary()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--parallelism", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument(
        "--loopback",
        action="store_true",
        help="against 'sim serve' over a socket (no added latency) instead",
    )
    args = parser.parse_args()
    if args.loopback:
        loopback(args.orders, args.parallelism)
        return
    with tempfile.TemporaryDirectory(prefix="statesync-bench-") as folder:
        workdir = Path(folder)
        manifests = workdir / "manifests"
        generate(manifests, GenerateOptions(orders=args.orders, seed=1))
        print(f"{args.orders:,} orders, {args.latency_ms:g} ms latency, in-process simulator")
        for parallelism in args.parallelism:
            run(manifests, workdir, parallelism, args.latency_ms, lanes=True)
        run(manifests, workdir, max(args.parallelism), args.latency_ms, lanes=False)


def loopback(orders: int, parallelisms: list[int]) -> None:
    """Per-worker connection pools against one shared pool, over a real socket."""
    command = [sys.executable, "-m", "statesync", "sim", "serve", "--memory", "--port", "0"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split("listening on ")[1].split()[0]
        with tempfile.TemporaryDirectory(prefix="statesync-bench-") as folder:
            workdir = Path(folder)
            generate(workdir / "manifests", GenerateOptions(orders=orders, seed=1))
            print(f"{orders:,} orders over loopback to sim serve")
            for parallelism in parallelisms:
                for lanes in (True, False):
                    run(workdir / "manifests", workdir, parallelism, 0, lanes, url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()

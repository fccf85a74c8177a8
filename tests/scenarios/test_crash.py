"""Crash safety: ``apply`` killed with SIGKILL at random points, then run again, must end with
the simulator holding exactly the desired objects — none duplicated, none forgotten — and a
state that plans no changes. The server also loses 10 % of POST answers after committing them.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

from statesync.generate import GenerateOptions, generate
from tests.conftest import run_process
from tests.sim_server import served, token_client

RUNS = 20
KEY = "crash-key"
ENV = {"SEVENSENDERS_ACCESS_KEY": KEY}
PATHS = {
    "order": "/orders",
    "order_item": "/order_items",
    "product": "/products",
    "product_image": "/product_images",
    "shipment": "/shipments",
    "shipment_event": "/shipment_events",
}


def remote_objects(client: httpx.Client) -> dict[str, list[dict[str, object]]]:
    return {
        kind: client.get(path).json() for kind, path in PATHS.items() if kind != "product_image"
    }


def assert_exactly_desired(client: httpx.Client, expected: dict[str, int]) -> None:
    objects = remote_objects(client)
    for kind, rows in objects.items():
        assert len(rows) == expected[kind], (kind, len(rows), expected[kind])
    images = [p for p in objects["product"] if p.get("image_url")]
    assert len(images) == expected["product_image"]
    assert len({o["order_id"] for o in objects["order"]}) == expected["order"]
    items = Counter((i["order_id"], i["description"]) for i in objects["order_item"])
    assert max(items.values()) == 1, "an order item was created twice"
    events = Counter((e["id"], e["event"], e["datetime"]) for e in objects["shipment_event"])
    assert max(events.values()) == 1, "an event was created twice"


def apply_process(root: Path) -> subprocess.Popen[bytes]:
    import os

    return subprocess.Popen(
        [sys.executable, "-m", "statesync", "apply", "--auto-approve", "--parallelism", "8"],
        cwd=root,
        env={**os.environ, **ENV},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


EXPECTED = {"order": 25, "order_item": 75, "product": 12, "product_image": 12,
            "shipment": 25, "shipment_event": 25}  # fmt: skip
FAULTS = ["--fault", "lost:0.1@POST *", "--latency-ms", "3"]


def configure(root: Path, manifests: Path, url: str) -> None:
    root.mkdir()
    (root / "statesync.yaml").write_text(
        f"manifests: {manifests}\napi:\n  target: seven-senders\n  base_url: {url}\n"
        "  max_requests_per_second: 1000\n"
    )


def uninterrupted_seconds(tmp_path: Path, manifests: Path) -> float:
    """How long one whole apply takes here, start-up included: kills are spread over it."""
    with served("--memory", "--access-key", KEY, *FAULTS) as (url, _):
        configure(tmp_path / "calibrate", manifests, url)
        start = time.monotonic()
        process = apply_process(tmp_path / "calibrate")
        assert process.wait(timeout=120) == 0
        return time.monotonic() - start


def crash_then_converge(root: Path, url: str, kills: list[float]) -> int:
    """Kill an apply after each of ``kills`` seconds, then apply to the end and check the
    simulator and the plan; returns how many kills landed mid-apply."""
    client = token_client(url, KEY)
    mid_apply = 0
    for seconds in kills:
        process = apply_process(root)
        time.sleep(seconds)
        process.kill()
        process.wait()
        created = sum(len(rows) for rows in remote_objects(client).values())
        mid_apply += 0 < created < sum(EXPECTED.values()) - EXPECTED["product_image"]
        if (root / ".statesync" / "state.json.lock").exists():
            unlocked = run_process("state", "unlock", cwd=root)
            assert unlocked.returncode == 0, unlocked.stderr
    final = run_process("apply", "--auto-approve", "--no-color", cwd=root, env=ENV)
    assert final.returncode == 0, f"{root.name}: {final.stdout[-2000:]}{final.stderr}"
    assert_exactly_desired(client, EXPECTED)
    plan = run_process("plan", "--detailed-exitcode", cwd=root, env=ENV)
    assert plan.returncode == 0, f"{root.name}: {plan.stdout[-2000:]}"
    client.close()
    return mid_apply


def test_sigkill_at_random_points_then_rerun_converges(tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    generate(manifests, GenerateOptions(orders=25, seed=9))
    whole = uninterrupted_seconds(tmp_path, manifests)
    rng = random.Random(2026)
    landed = kills = 0
    for run in range(RUNS):
        with served("--memory", "--access-key", KEY, *FAULTS, "--seed", str(run)) as (url, _):
            configure(tmp_path / f"run-{run}", manifests, url)
            moments = [rng.uniform(0.25, 1.0) * whole for _ in range(1 + run % 3)]
            landed += crash_then_converge(tmp_path / f"run-{run}", url, moments)
            kills += len(moments)
    print(f"{landed} of {kills} kills landed mid-apply (a whole apply: {whole:.2f} s)")
    assert landed >= 10, f"only {landed} kills landed mid-apply"

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


def test_sigkill_at_random_points_then_rerun_converges(tmp_path: Path) -> None:
    manifests = tmp_path / "manifests"
    generate(manifests, GenerateOptions(orders=25, seed=9))
    expected = {"order": 25, "order_item": 75, "product": 12, "product_image": 12,
                "shipment": 25, "shipment_event": 25}  # fmt: skip
    total = sum(expected.values())
    rng = random.Random(2026)
    landed_mid_apply = kills = 0
    for run in range(RUNS):
        root = tmp_path / f"run-{run}"
        root.mkdir()
        faults = ["--fault", "lost:0.1@POST *", "--latency-ms", "3", "--seed", str(run)]
        with served("--memory", "--access-key", KEY, *faults) as (url, _):
            (root / "statesync.yaml").write_text(
                f"manifests: {manifests}\napi:\n  target: seven-senders\n  base_url: {url}\n"
                "  max_requests_per_second: 1000\n"
            )
            client = token_client(url, KEY)
            for _ in range(1 + run % 3):  # one to three crashes per run
                kills += 1
                process = apply_process(root)
                time.sleep(rng.uniform(0.3, 1.1))  # start-up ~0.5 s, the calls ~0.5 s
                process.kill()
                process.wait()
                created = sum(len(rows) for rows in remote_objects(client).values())
                landed_mid_apply += 0 < created < total - expected["product_image"]
                if (root / ".statesync" / "state.json.lock").exists():
                    unlocked = run_process("state", "unlock", cwd=root)
                    assert unlocked.returncode == 0, unlocked.stderr
            final = run_process("apply", "--auto-approve", "--no-color", cwd=root, env=ENV)
            assert final.returncode == 0, f"run {run}: {final.stdout[-2000:]}{final.stderr}"
            assert_exactly_desired(client, expected)
            plan = run_process("plan", "--detailed-exitcode", cwd=root, env=ENV)
            assert plan.returncode == 0, f"run {run}: {plan.stdout[-2000:]}"
            client.close()
    print(f"{landed_mid_apply} of {kills} kills landed mid-apply")
    assert landed_mid_apply >= 10, f"only {landed_mid_apply} kills landed mid-apply"

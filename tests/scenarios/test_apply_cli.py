"""``statesync apply`` as a user runs it, against ``sim serve`` over a real socket; the
simulator's request log proves which calls each apply made."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, run_process
from tests.sim_server import calls, served

KEY = {"SEVENSENDERS_ACCESS_KEY": "e2e-key"}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    with served("--memory", "--access-key", "e2e-key") as (url, _):
        config = f"api:\n  target: seven-senders\n  base_url: {url}\n"
        (tmp_path / "statesync.yaml").write_text(config)
        yield tmp_path, url


def apply(root: Path, *args: str) -> str:
    result = run_process("apply", "--auto-approve", "--no-color", *args, cwd=root, env=KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "manifests" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def new_calls(url: str, before: int) -> list[tuple[str, str, object]]:
    return calls(url)[before:]


def test_empty_to_applied_then_no_changes(project: tuple[Path, str]) -> None:
    root, url = project
    out = apply(root)
    assert "Plan: 16 to create, 0 to update, 0 orphaned, 0 blocked — 16 API calls." in out
    assert out.rstrip().endswith("Apply: 16 done, 0 failed, 0 skipped. (17 API calls)")
    assert len(calls(url)) == 16
    plan = run_process("plan", "--detailed-exitcode", "--no-color", cwd=root, env=KEY)
    assert plan.returncode == 0
    assert "No changes. 16 resources match the manifests." in plan.stdout


def test_a_price_edit_is_exactly_one_put(project: tuple[Path, str]) -> None:
    root, url = project
    apply(root)
    before = len(calls(url))
    edit(root, "orders.yaml", "sales_price: 49.90", "sales_price: 44.90")
    apply(root)
    assert new_calls(url, before) == [("PUT", "/v2/order_items/2", 200)]


TROUSERS = "        shipment: {}\n        warehouse: Warehouse 1\n"
SECOND_SHIPMENT = (
    "  - order_id: QA_order_2020_07_31_091340\n"
    "    tracking_code: QA_TRACK_SECOND\n"
    "    customer_email: customer@example.com\n\n"
    "shipment_events:"
)


def test_a_shipment_for_existing_items_is_one_post_and_puts(project: tuple[Path, str]) -> None:
    root, url = project
    apply(root)
    before = len(calls(url))
    old, new = TROUSERS.format("QA_TRACK_2020_07_31_0001"), TROUSERS.format("QA_TRACK_SECOND")
    edit(root, "orders.yaml", old + "        shop_product_url", new + "        shop_product_url")
    edit(root, "returns.yaml", "shipment_events:", SECOND_SHIPMENT)
    out = apply(root)
    assert "Plan: 1 to create, 1 to update" in out
    assert new_calls(url, before) == [
        ("POST", "/v2/shipments", 201),
        ("PUT", "/v2/order_items/2", 200),
    ]
    log = httpx.get(f"{url}/_simulator/log").json()
    assert log[-1]["body"] == {"shipment_id": "100000003"}  # the tracking code is not sent


def test_an_added_event_is_one_post(project: tuple[Path, str]) -> None:
    root, url = project
    apply(root)
    before = len(calls(url))
    edit(
        root,
        "returns.yaml",
        "    event: Refunded\n    datetime: 2020-08-12T15:00:00Z\n",
        "    event: Refunded\n    datetime: 2020-08-12T15:00:00Z\n"
        "  - tracking_code: QA_TRACK_2020_08_02_0001\n    event: Returned to warehouse\n"
        "    datetime: 2020-08-14T08:00:00Z\n",
    )
    apply(root)
    assert new_calls(url, before) == [("POST", "/v2/shipment_events", 201)]


def test_a_saved_plan_is_applied_exactly_and_a_stale_one_refused(project: tuple[Path, str]) -> None:
    root, url = project
    saved = run_process("plan", "--out", "plan.json", cwd=root, env=KEY)
    assert saved.returncode == 0
    stale_too = run_process("plan", "--out", "stale.json", cwd=root, env=KEY)
    assert stale_too.returncode == 0
    applied = run_process("apply", "plan.json", "--no-color", cwd=root, env=KEY)  # no prompt
    assert applied.returncode == 0, applied.stderr
    assert "Apply: 16 done" in applied.stdout
    refused = run_process("apply", "stale.json", cwd=root, env=KEY)
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: the saved plan is stale: the state has changed since it was made (serial 0,"
        " now 1); run statesync plan again\n"
    )
    edit(root, "orders.yaml", "sales_price: 49.90", "sales_price: 44.90")
    run_process("plan", "--out", "edited.json", cwd=root, env=KEY)
    edit(root, "orders.yaml", "sales_price: 44.90", "sales_price: 42.90")
    changed = run_process("apply", "edited.json", cwd=root, env=KEY)
    assert changed.returncode == 1
    assert "the manifests (or their variables and images) have changed" in changed.stderr
    assert len(calls(url)) == 16  # neither refused plan sent anything


def test_apply_without_a_terminal_or_auto_approve_refuses(project: tuple[Path, str]) -> None:
    root, url = project
    result = run_process("apply", cwd=root, env=KEY)
    assert result.returncode == 1
    assert "there is no terminal to ask on" in result.stderr
    assert calls(url) == []


def test_a_missing_access_key_is_a_clear_error(project: tuple[Path, str]) -> None:
    root, _ = project
    result = run_process("apply", "--auto-approve", cwd=root, env={"SEVENSENDERS_ACCESS_KEY": ""})
    assert result.returncode == 1
    assert result.stderr.startswith("Error: set the environment variable SEVENSENDERS_ACCESS_KEY")


def test_a_rejected_change_reports_the_server_message(project: tuple[Path, str]) -> None:
    root, url = project
    apply(root)
    # an order created behind statesync's back: the server rejects the POST with 409
    token = httpx.post(f"{url}/token", json={"access_key": "e2e-key"}).json()["token"]
    httpx.post(
        f"{url}/orders",
        json={"order_id": "BEHIND", "order_date": "2020-01-01T00:00:00Z"},
        headers={"Authorization": f"Bearer {token}"},
    )
    (root / "manifests" / "behind.yaml").write_text(
        "orders:\n  - order_id: BEHIND\n    order_date: 2020-01-01T00:00:00Z\n"
    )
    result = run_process("apply", "--auto-approve", "--no-color", cwd=root, env=KEY)
    assert result.returncode == 1
    assert (
        "✗ order.BEHIND: failed: POST /orders: HTTP 409: order_id: This value is already used."
        in result.stdout
    )
    assert "Apply: 0 done, 1 failed, 0 skipped." in result.stdout

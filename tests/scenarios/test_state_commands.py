"""``statesync state unlock`` clears a dead process's lock and refuses a live one's."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from tests.conftest import run_cli


def _lock(root: Path, pid: int) -> Path:
    path = root / ".statesync" / "state.json.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    info = {
        "owner": "ci",
        "pid": pid,
        "host": socket.gethostname(),
        "time": "2026-12-04T09:00:00+00:00",
        "operation": "apply",
    }
    path.write_text(json.dumps(info))
    return path


def test_unlock_removes_a_stale_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lock = _lock(tmp_path, 2**22 + 4321)
    result = run_cli("state", "unlock")
    assert result.exit_code == 0
    assert result.stdout.startswith("Removed the lock held by ci@")
    assert not lock.exists()


def test_unlock_refuses_a_live_holder_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lock = _lock(tmp_path, os.getpid())
    refused = run_cli("state", "unlock")
    assert refused.exit_code == 1
    assert "may still be running" in refused.stderr and lock.exists()
    assert run_cli("state", "unlock", "--force").exit_code == 0
    assert not lock.exists()


def test_unlock_without_a_lock_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("state", "unlock")
    assert result.exit_code == 0
    assert result.stdout == "The state is not locked (.statesync/state.json.lock does not exist).\n"


@pytest.fixture
def applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import shutil

    from tests.conftest import ROOT

    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    monkeypatch.chdir(tmp_path)
    assert run_cli("apply", "--auto-approve").exit_code == 0
    return tmp_path


def test_state_list_and_show(applied: Path) -> None:
    listed = run_cli("state", "list").stdout.splitlines()
    assert len(listed) == 16
    assert "order.QA_order_2020_07_31_091340  1" in listed
    assert "product.QA_SKU_SNEAKERS" in listed
    shown = json.loads(run_cli("state", "show", "shipment.QA_TRACK_2020_07_31_0001").stdout)
    assert shown["remote_id"] == "100000001"
    assert shown["attributes"]["customer_email"].startswith("sha256:")
    missing = run_cli("state", "show", "order.NOPE")
    assert missing.exit_code == 1 and missing.stderr == "Error: order.NOPE is not in the state\n"


def test_state_rm_stops_tracking_an_orphan_without_a_call(applied: Path) -> None:
    (applied / "manifests" / "returns.yaml").write_text(
        (applied / "manifests" / "returns.yaml").read_text().split("shipment_events:")[0]
    )
    orphan = "shipment_event.QA_TRACK_2020_08_02_0001/refunded/2020-08-12T15:00:00+00:00"
    plan = run_cli("plan", "--no-color").stdout
    assert f"- {orphan}" in plan and "statesync state rm or apply --forget-orphans" in plan
    serial = json.loads((applied / ".statesync" / "state.json").read_text())["serial"]
    removed = run_cli("state", "rm", orphan)
    assert removed.stdout == "Removed 1 resource from the state.\n"
    assert "No changes." in run_cli("plan").stdout
    assert json.loads((applied / ".statesync" / "state.json").read_text())["serial"] == serial + 1
    again = run_cli("state", "rm", orphan)
    assert again.exit_code == 1 and f"not in the state: {orphan}" in again.stderr


def test_unlock_removes_an_unreadable_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lock = tmp_path / ".statesync" / "state.json.lock"
    lock.parent.mkdir()
    lock.write_text("")  # what a kill between create and write used to leave
    result = run_cli("state", "unlock")
    assert result.exit_code == 0
    assert result.stdout == "Removed .statesync/state.json.lock, which held no readable lock.\n"
    assert not lock.exists()

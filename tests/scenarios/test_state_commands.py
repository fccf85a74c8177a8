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

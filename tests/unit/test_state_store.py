"""State stores keep one contract; the local file is atomic, private, backed up and locked."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from statesync.addresses import Address
from statesync.state import (
    LocalStateStore,
    MemoryStateStore,
    Record,
    State,
    StateError,
    StateLockedError,
    StateWriter,
)
from statesync.state.lock import LockInfo, read_lock
from statesync.state.model import STATE_VERSION, migrate

ORDER = Address("order", ("O1",))
RECORD = Record(
    kind="order",
    key=("O1",),
    remote_id="1",
    attributes={"order_id": "O1"},
    source="manifests/orders.yaml:2",
    applied_at="2026-12-04T10:00:00+00:00",
)


@pytest.fixture(params=["local", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateWriter]:
    if request.param == "local":
        yield LocalStateStore(tmp_path / ".statesync" / "state.json")
    else:
        yield MemoryStateStore()


def test_a_missing_state_is_empty_without_a_lineage(store: StateWriter) -> None:
    state = store.read()
    assert state == State() and state.lineage is None and state.serial == 0


def test_write_then_read_round_trips(store: StateWriter) -> None:
    state = State().with_records({ORDER: RECORD}, lineage="11111111-2222-3333-4444-555555555555")
    store.write(state)
    again = store.read()
    assert again == state
    assert again.serial == 1 and again.get(ORDER) == RECORD


def test_the_lineage_is_kept_and_the_serial_grows(store: StateWriter) -> None:
    first = State().with_records({ORDER: RECORD}, lineage="L1")
    store.write(first)
    second = store.read().with_records({}, lineage="L2")
    assert (second.lineage, second.serial, second.resources) == ("L1", 2, {})


def test_the_lock_is_exclusive(store: StateWriter) -> None:
    with store.lock("apply"), pytest.raises(StateError, match="locked"), store.lock("apply"):
        pass
    with store.lock("apply"):  # released after the block
        pass


def test_the_file_is_private_sorted_and_diffable(tmp_path: Path) -> None:
    store = LocalStateStore(tmp_path / "state.json")
    records = {Address("product", ("B",)): Record(kind="product", key=("B",)), ORDER: RECORD}
    store.write(State().with_records(records, lineage="L"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    text = store.path.read_text()
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert list(data["resources"]) == ["order.O1", "product.B"]


def test_one_backup_of_the_previous_state_is_kept(tmp_path: Path) -> None:
    store = LocalStateStore(tmp_path / "state.json")
    store.write(State().with_records({ORDER: RECORD}, lineage="L"))
    store.write(store.read().with_records({}, lineage="L"))
    store.write(store.read().with_records({ORDER: RECORD}, lineage="L"))
    backup = json.loads(store.backup_path.read_text())
    assert backup["serial"] == 2
    assert stat.S_IMODE(store.backup_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json", "state.json.backup"]


def test_a_failed_write_leaves_the_old_state_whole(tmp_path: Path) -> None:
    store = LocalStateStore(tmp_path / "state.json")
    store.write(State().with_records({ORDER: RECORD}, lineage="L"))
    before = store.path.read_bytes()
    broken: Any = store.read().with_records(
        {ORDER: RECORD.model_copy(update={"attributes": {"x": object()}})}, lineage="L"
    )
    with pytest.raises(Exception):  # noqa: B017 - any serialisation failure
        store.write(broken)
    assert store.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_damaged_state_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    with pytest.raises(
        StateError, match=r"is damaged .*the previous version is .*state.json.backup"
    ):
        LocalStateStore(path).read()


def test_a_state_from_a_newer_statesync_is_refused() -> None:
    with pytest.raises(StateError, match="upgrade statesync"):
        migrate({"version": STATE_VERSION + 1})


def test_migrations_run_in_order() -> None:
    steps = {
        1: lambda d: {"version": 1, "renamed": d["old"]},
        2: lambda d: {**d, "added": True},
    }
    assert migrate({"version": 1, "old": 5}, steps, current=3) == {
        "version": 3,
        "renamed": 5,
        "added": True,
    }
    assert migrate({"version": 3}, steps, current=3) == {"version": 3}


def test_the_lock_file_says_who_holds_it(tmp_path: Path) -> None:
    store = LocalStateStore(tmp_path / "state.json")
    with store.lock("apply") as info:
        held = read_lock(store.lock_path)
        assert held == info and held is not None
        assert held.pid == os.getpid() and held.operation == "apply"
        with (
            pytest.raises(
                StateLockedError, match=r"locked by .*pid \d+, apply, since .*--lock-timeout"
            ),
            store.lock("plan"),
        ):
            pass
    assert not store.lock_path.exists()


def test_waiting_for_a_lock_gives_up_after_the_timeout(tmp_path: Path) -> None:
    now = [0.0]
    store = LocalStateStore(tmp_path / "state.json", clock=lambda: now[0])
    with store.lock("apply"):
        from statesync.state.lock import hold

        def sleep(seconds: float) -> None:
            now[0] += seconds

        waiting = hold(store.lock_path, "plan", timeout=2, clock=lambda: now[0], sleep=sleep)
        with pytest.raises(StateLockedError, match="after waiting 2s"), waiting:
            pass
        assert now[0] >= 2


def test_a_stale_lock_is_reported_with_the_command_that_clears_it(tmp_path: Path) -> None:
    import socket

    store = LocalStateStore(tmp_path / "state.json")
    dead = LockInfo("ci", 2**22 + 12345, socket.gethostname(), "2026-12-04T09:00:00+00:00", "apply")
    store.lock_path.write_text(json.dumps(dead.__dict__))
    with pytest.raises(StateLockedError) as caught, store.lock("apply"):
        pass
    assert str(caught.value) == (
        f"the state is locked by a process that is no longer running: ci@{socket.gethostname()}"
        f" (pid {2**22 + 12345}, apply, since 2026-12-04T09:00:00+00:00). If no other statesync"
        " is running, clear it with: statesync state unlock"
    )
    assert store.lock_path.exists()  # reported, not broken


def test_taking_the_lock_leaves_only_the_lock_file(tmp_path: Path) -> None:
    store = LocalStateStore(tmp_path / "state.json")
    with store.lock("apply"):
        assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json.lock"]
        assert read_lock(store.lock_path) is not None  # complete from the moment it exists
    assert list(tmp_path.iterdir()) == []

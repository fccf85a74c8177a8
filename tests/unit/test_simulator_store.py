"""Both simulator stores keep the same contract; SQLite keeps it across processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from statesync.simulator import MemoryStore, SimStore, SqliteStore


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SimStore]:
    made: SimStore = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "s.db")
    yield made
    made.close()


def test_put_get_and_replace(store: SimStore) -> None:
    store.put("order", "1", {"id": 1, "order_id": "O1"})
    store.put("order", "1", {"id": 1, "order_id": "O1", "boarding_complete": True})
    assert store.get("order", "1") == {"id": 1, "order_id": "O1", "boarding_complete": True}
    assert store.get("order", "2") is None
    assert store.get("shipment", "1") is None


def test_find_compares_as_text_in_creation_order(store: SimStore) -> None:
    store.put("shipment_event", "2", {"id": "100000001", "event": "refunded"})
    store.put("shipment_event", "1", {"id": "100000002", "event": "refunded"})
    store.put("order_item", "1", {"id": 1, "order_id": "O1", "shipment_id": "100000001"})
    assert [b["id"] for b in store.find("shipment_event", "event", "refunded")] == [
        "100000001",
        "100000002",
    ]
    assert store.find("order_item", "shipment_id", "100000001")[0]["id"] == 1
    assert store.find("order_item", "id", "1")[0]["order_id"] == "O1"
    assert store.find("order_item", "order_id", "O2") == []


def test_counters_start_where_asked_and_increase(store: SimStore) -> None:
    assert [store.next_id("shipment", 100_000_001) for _ in range(3)] == [
        100_000_001,
        100_000_002,
        100_000_003,
    ]
    assert store.next_id("order", 1) == 1


def test_clear_forgets_objects_and_counters(store: SimStore) -> None:
    store.put("order", "1", {"id": 1})
    store.next_id("order", 1)
    store.clear()
    assert store.all("order") == []
    assert store.next_id("order", 1) == 1


def test_returned_bodies_are_copies(store: SimStore) -> None:
    store.put("order", "1", {"id": 1, "order_id": "O1"})
    body = store.get("order", "1")
    assert body is not None
    body["order_id"] = "changed"
    assert store.get("order", "1") == {"id": 1, "order_id": "O1"}


def test_sqlite_keeps_objects_between_runs(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path / "sim.sqlite")
    first.put("order", "1", {"id": 1, "order_id": "O1"})
    first.next_id("order", 1)
    first.close()
    second = SqliteStore(tmp_path / "sim.sqlite")
    assert second.get("order", "1") == {"id": 1, "order_id": "O1"}
    assert second.next_id("order", 1) == 2
    second.close()


def test_find_keeps_creation_order_when_a_value_moves(store: SimStore) -> None:
    store.put("order_item", "1", {"id": 1, "order_id": "O2"})
    store.put("order_item", "2", {"id": 2, "order_id": "O1"})
    store.put("order_item", "1", {"id": 1, "order_id": "O1"})
    store.put("order_item", "2", {"id": 2, "order_id": "O1", "size": "M"})
    assert [b["id"] for b in store.find("order_item", "order_id", "O1")] == [1, 2]
    assert store.find("order_item", "order_id", "O2") == []

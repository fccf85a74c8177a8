"""The executor and session against the in-process simulator: results, call counts, faults."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from statesync.addresses import Address
from statesync.generate import GenerateOptions, generate
from statesync.simulator import FaultRule, Simulator
from tests.apply_helpers import Project, simulator
from tests.conftest import ROOT

ITEM = Address("order_item", ("QA_order_2020_07_31_091340", "QA_SKU_2020-07-31_091254"))


def project(tmp_path: Path, sim: Simulator | None = None) -> Project:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    return Project(tmp_path, sim or simulator())


def generated(tmp_path: Path, sim: Simulator, orders: int = 20) -> Project:
    generate(tmp_path / "manifests", GenerateOptions(orders=orders, seed=5))
    return Project(tmp_path, sim)


def holds_exactly_the_desired_objects(p: Project) -> None:
    desired = p.desired().count_by_kind()
    for kind, count in desired.items():
        assert len(p.simulator.store.all(kind)) == count, kind
    orders = [o["order_id"] for o in p.simulator.store.all("order")]
    assert len(orders) == len(set(orders))
    items = Counter(
        (i["order_id"], i["sku"], i["description"], i["size"])
        for i in p.simulator.store.all("order_item")
    )
    assert max(items.values()) == 1
    events = Counter(
        (e["id"], e["event"], e["datetime"]) for e in p.simulator.store.all("shipment_event")
    )
    assert max(events.values()) == 1


def test_apply_creates_everything_then_plans_nothing(tmp_path: Path) -> None:
    p = project(tmp_path)
    result = p.apply()
    assert result.ok and len(result.done) == 16
    assert result.summary() == "Apply: 16 done, 0 failed, 0 skipped."
    assert len(p.calls("POST")) == 13 and len(p.calls("PUT")) == 3  # images are PUT uploads
    assert p.plan().changes == ()
    state = p.store.read()
    assert state.serial == 1 and state.lineage is not None
    assert state.get(ITEM) is not None and state.get(ITEM).remote_id == "1"  # type: ignore[union-attr]
    assert not (tmp_path / ".statesync" / "state.json.journal").exists()
    item = p.simulator.store.get("order_item", "1")
    assert item is not None and item["shipment_id"] == "100000001"


def test_a_price_edit_is_exactly_one_put(tmp_path: Path) -> None:
    p = project(tmp_path)
    p.apply()
    p.simulator.clear_log()
    orders = tmp_path / "manifests" / "orders.yaml"
    orders.write_text(orders.read_text().replace("sales_price: 19.99", "sales_price: 17.99"))
    assert p.apply().ok
    assert p.calls() == [("PUT", "/v2/order_items/1", 200)]
    assert p.simulator.log[-1].body == {"sales_price": 17.99}
    assert p.plan().changes == ()


def test_a_removed_field_is_cleared_with_null(tmp_path: Path) -> None:
    p = project(tmp_path)
    p.apply()
    p.simulator.clear_log()
    orders = tmp_path / "manifests" / "orders.yaml"
    orders.write_text(orders.read_text().replace("        appearance: White\n", ""))
    assert p.apply().ok
    assert p.simulator.log[-1].body == {"appearance": None}
    assert "appearance" not in (p.simulator.store.get("order_item", "1") or {})


def test_a_failed_change_skips_only_its_dependents(tmp_path: Path) -> None:
    rule = FaultRule("500", path="/v2/shipments", method="POST", retry_after=0)
    p = project(tmp_path, simulator(rule))
    result = p.apply()
    assert set(result.failed) == {
        Address("shipment", ("QA_TRACK_2020_07_31_0001",)),
        Address("shipment", ("QA_TRACK_2020_08_02_0001",)),
    }
    assert all("HTTP 500" in m for m in result.failed.values())
    assert len(result.skipped) == 6  # 4 items, 2 events
    assert len(result.done) == 8  # orders, products, images
    assert not result.ok
    plan = p.plan()  # what failed is still to do
    assert len(plan.changes) == 8


@pytest.mark.parametrize(
    "rule",
    [
        FaultRule("429", rate=0.4, retry_after=0),
        FaultRule("503", rate=0.3),
        FaultRule("502", rate=0.2),
        FaultRule("504", rate=0.2),
        FaultRule("drop", rate=0.3),
    ],
    ids=["429-storm", "503", "502", "504", "dropped-connections"],
)
def test_apply_converges_through_transient_faults(tmp_path: Path, rule: FaultRule) -> None:
    p = generated(tmp_path, simulator(rule, seed=11))
    result = p.apply(parallelism=16)
    assert result.ok, result.failed
    holds_exactly_the_desired_objects(p)
    assert p.plan().changes == ()
    faulted = sum(1 for e in p.simulator.log if e.outcome in ("fault", "dropped"))
    answered = [
        e for e in p.simulator.log if e.outcome == "answered" and not e.path.endswith("/token")
    ]
    assert faulted > 0
    assert len(answered) == len(p.desired())  # every object: exactly one successful call


def test_answers_lost_after_commit_never_duplicate(tmp_path: Path) -> None:
    p = generated(tmp_path, simulator(FaultRule("lost", rate=0.3, method="POST"), seed=3))
    result = p.apply(parallelism=16)
    assert result.ok, result.failed
    holds_exactly_the_desired_objects(p)
    lost = [e for e in p.simulator.log if e.outcome == "lost"]
    lookups = [e for e in p.simulator.log if e.method == "GET"]
    assert lost and len(lookups) >= len([e for e in lost if "product" not in e.path])
    assert p.plan().changes == ()


def test_latency_does_not_change_the_outcome(tmp_path: Path) -> None:
    p = generated(tmp_path, simulator(latency_ms=2), orders=5)
    assert p.apply(parallelism=4).ok
    holds_exactly_the_desired_objects(p)


def test_forget_orphans_drops_them_from_state_without_a_call(tmp_path: Path) -> None:
    p = project(tmp_path)
    p.apply()
    (tmp_path / "manifests" / "returns.yaml").unlink()
    orders = tmp_path / "manifests" / "orders.yaml"
    orders.write_text(
        orders.read_text().replace(
            "shipment: QA_TRACK_2020_08_02_0001", "shipment: QA_TRACK_2020_07_31_0001"
        )
    )
    p.simulator.clear_log()
    result = p.apply(forget_orphans=True)
    assert len(result.forgotten) == 2 and result.ok
    assert [c[0] for c in p.calls()] == ["PUT", "PUT"]  # the two items move shipment
    assert Address("shipment", ("QA_TRACK_2020_08_02_0001",)) not in p.store.read().records()


TWINS = """
orders:
  - order_id: O1
    order_date: 2020-07-31T07:00:00Z
    items:
      - {line: a, sku: S, name: n, description: d, sales_price: 1, currency: EUR, size: M,
         weight: 1, returnable: true}
      - {line: b, sku: S, name: n, description: d, sales_price: 1, currency: EUR, size: M,
         weight: 1, returnable: true}
products:
  - sku: S
"""


def test_identical_items_whose_answers_are_lost_at_once_get_distinct_ids(tmp_path: Path) -> None:
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "shop.yaml").write_text(TWINS)
    p = Project(tmp_path, simulator(FaultRule("lost", path="/v2/order_items", method="POST")))
    assert p.apply(parallelism=2).ok
    state = p.store.read()
    ids = {state.get(Address("order_item", ("O1", line))).remote_id for line in "ab"}  # type: ignore[union-attr]
    assert ids == {"1", "2"}
    assert len(p.simulator.store.all("order_item")) == 2
    assert p.plan().changes == ()

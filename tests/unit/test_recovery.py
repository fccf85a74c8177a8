"""Recovery from an interrupted apply: the journal's completed calls and its unanswered ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from statesync.addresses import Address
from statesync.apply.journal import Journal
from statesync.plan.normalise import applied_record
from statesync.simulator import SimRequest
from tests.apply_helpers import Project, simulator
from tests.conftest import ROOT, run_cli

ORDER = Address("order", ("QA_order_2020_07_31_091340",))


def project(tmp_path: Path) -> Project:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    return Project(tmp_path, simulator())


def journal(p: Project) -> Journal:
    return Journal(p.root / ".statesync" / "state.json.journal")


def create_directly(p: Project, body: dict[str, object]) -> None:
    token = p.simulator.tokens.issue()
    request = SimRequest("POST", "/v2/orders", headers={"authorization": f"Bearer {token}"},
                         body=json.dumps(body).encode())  # fmt: skip
    assert p.simulator.handle(request).status == 201


def test_an_unanswered_post_that_reached_the_server_is_adopted(tmp_path: Path) -> None:
    p = project(tmp_path)
    order = p.desired().resources[ORDER]
    body = order.kind.payload(order.spec)
    create_directly(p, body)  # the POST went through; the crash came before its answer
    lookup = {"path": "/orders?order_id=QA_order_2020_07_31_091340", "match": body, "single": False}
    journal(p).intent(ORDER, lookup, applied_record(order, None, "t"))
    journal(p).close()
    p.simulator.clear_log()
    result = p.apply()
    assert result.ok
    assert len(p.simulator.store.all("order")) == 2  # not three: the first was adopted
    assert p.store.read().get(ORDER).remote_id == "1"  # type: ignore[union-attr]
    # one lookup by natural key, then only the other order is created
    assert [c for c in p.calls() if c[1] == "/v2/orders"] == [
        ("GET", "/v2/orders", 200),
        ("POST", "/v2/orders", 201),
    ]


def test_an_unanswered_post_that_never_arrived_is_sent(tmp_path: Path) -> None:
    p = project(tmp_path)
    order = p.desired().resources[ORDER]
    body = order.kind.payload(order.spec)
    lookup = {"path": "/orders?order_id=QA_order_2020_07_31_091340", "match": body, "single": False}
    journal(p).intent(ORDER, lookup, applied_record(order, None, "t"))
    journal(p).close()
    assert p.apply().ok
    assert [o["order_id"] for o in p.simulator.store.all("order")].count(ORDER.key[0]) == 1


def test_completed_calls_in_the_journal_are_not_repeated(tmp_path: Path) -> None:
    p = project(tmp_path)
    order = p.desired().resources[ORDER]
    create_directly(p, order.kind.payload(order.spec))
    journal(p).done(applied_record(order, "1", "t"))
    with journal(p).path.open("a") as torn:
        torn.write('{"type": "done", "address": "order.QA_ord')  # the crash came mid-line
    journal(p).close()
    p.simulator.clear_log()
    assert p.apply().ok
    assert ("POST", "/v2/orders", 201) in p.calls()
    assert len(p.simulator.store.all("order")) == 2
    assert p.plan().changes == ()


def test_plan_after_recovery_shows_no_changes(tmp_path: Path) -> None:
    p = project(tmp_path)
    assert p.apply().ok
    with p.session() as session:
        assert session.recover() == []
    assert p.plan().changes == ()


def test_plan_folds_an_interrupted_apply_in_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = project(tmp_path)
    order = p.desired().resources[ORDER]
    journal(p).done(applied_record(order, "1", "t"))
    other = p.desired().resources[Address("order", ("QA_order_2020_08_02_120000",))]
    journal(p).intent(other.address, None, applied_record(other, None, "t"))
    journal(p).close()
    monkeypatch.chdir(tmp_path)
    result = run_cli("plan", "--json")
    assert result.exit_code == 0
    addresses = [c["address"] for c in json.loads(result.stdout)["changes"]]
    assert str(ORDER) not in addresses and len(addresses) == 15
    assert result.stderr == (
        "warning: an interrupted apply left 1 calls without a recorded answer; the next apply"
        " looks them up before sending anything\n"
    )

"""The planner: data in, data out. Manifests are written to temporary trees and loaded."""

from __future__ import annotations

import pytest

from statesync import Address, load
from statesync.errors import PlanError
from statesync.generate.images import png
from statesync.plan import KNOWN_AFTER_APPLY, Action, Change, Plan, make_plan
from statesync.plan.graph import execution_order
from statesync.state.model import State
from tests.conftest import LINEAGE, WriteTree, applied_state

ORDER = """
products:
  - sku: S1
    image: s1.png
orders:
  - order_id: O1
    order_date: 2020-07-31T07:00:00+00:00
    order_url: https://shop.example.com
    items:
      - sku: S1
        shipment: T1
        name: Shirt
        description: A shirt
        sales_price: 19.99
        currency: EUR
        size: M
        weight: 0.3
        returnable: true
    shipments:
      - tracking_code: T1
        customer_email: a@example.com
        carrier: {name: dhl, country: DE}
        events:
          - event: refunded
            datetime: "2020-08-01T10:00:00Z"
"""
IMAGE = png(2, 2, (1, 2, 3))

O1 = Address("order", ("O1",))
ITEM = Address("order_item", ("O1", "S1"))
T1 = Address("shipment", ("T1",))
EVENT = Address("shipment_event", ("T1", "refunded", "2020-08-01T10:00:00+00:00"))
S1 = Address("product", ("S1",))
IMG = Address("product_image", ("S1",))


def plan_for(write_tree: WriteTree, text: str, state: State | None = None, **files: bytes) -> Plan:
    root = write_tree({"shop.yaml": text, "s1.png": IMAGE, **files})
    return make_plan(load([root]), state or State(), target="test", state_location="memory")


def change(plan: Plan, address: Address) -> Change:
    return next(c for c in plan.changes if c.address == address)


def state_of(write_tree: WriteTree, text: str) -> State:
    state: State = applied_state(load([write_tree({"shop.yaml": text, "s1.png": IMAGE})]))
    return state


def test_empty_state_creates_everything_in_dependency_order(write_tree: WriteTree) -> None:
    plan = plan_for(write_tree, ORDER)
    order = [c.address for c in plan.changes]
    assert {c.action for c in plan.changes} == {Action.CREATE}
    assert set(order) == {O1, ITEM, T1, EVENT, S1, IMG}
    for before, after in [(O1, ITEM), (O1, T1), (T1, ITEM), (T1, EVENT), (S1, ITEM), (S1, IMG)]:
        assert order.index(before) < order.index(after), (before, after)
    assert change(plan, ITEM).depends_on == (O1, S1, T1)
    assert plan.api_calls == 6
    assert plan.summary() == "Plan: 6 to create, 0 to update, 0 orphaned, 0 blocked — 6 API calls."


def test_server_ids_of_new_targets_are_known_after_apply(write_tree: WriteTree) -> None:
    plan = plan_for(write_tree, ORDER)
    item = {f.name: f for f in change(plan, ITEM).fields}
    assert item["shipment"].new == "T1"
    assert item["shipment_id"].known_after_apply and item["shipment_id"].new is None
    event = {f.name: f for f in change(plan, EVENT).fields}
    assert event["id"].known_after_apply
    assert KNOWN_AFTER_APPLY == "(known after apply)"


def test_sensitive_values_are_digests(write_tree: WriteTree) -> None:
    plan = plan_for(write_tree, ORDER)
    email = next(f for f in change(plan, T1).fields if f.name == "customer_email")
    assert email.sensitive and str(email.new).startswith("sha256:")
    assert "a@example.com" not in repr(plan)


def test_no_changes_after_apply(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    plan = plan_for(write_tree, ORDER, state)
    assert plan.changes == () and plan.unchanged == 6 and not plan.has_changes
    assert plan.stamp.lineage == LINEAGE and plan.stamp.serial == 1


def test_one_field_changed_is_one_update(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    plan = plan_for(write_tree, ORDER.replace("19.99", "17.99"), state)
    assert [(c.address, c.action) for c in plan.changes] == [(ITEM, Action.UPDATE)]
    (field,) = change(plan, ITEM).fields
    assert (field.name, field.old, field.new) == ("sales_price", 19.99, 17.99)
    assert change(plan, ITEM).remote_id == "1"
    assert plan.api_calls == 1


def test_a_removed_optional_field_is_cleared(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    plan = plan_for(
        write_tree, ORDER.replace("    order_url: https://shop.example.com\n", ""), state
    )
    (field,) = change(plan, O1).fields
    assert (field.name, field.old, field.new, field.cleared) == (
        "order_url",
        "https://shop.example.com",
        None,
        True,
    )


def test_a_changed_sensitive_field_is_an_update_of_digests(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    plan = plan_for(write_tree, ORDER.replace("a@example.com", "b@example.com"), state)
    (field,) = change(plan, T1).fields
    assert field.sensitive and field.old != field.new
    assert "b@example.com" not in repr(plan)


def test_a_new_shipment_for_existing_and_new_items(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    text = (
        ORDER.replace("        shipment: T1\n", "        shipment: T2\n")
        .replace(
            "    shipments:\n",
            "    shipments:\n      - {tracking_code: T2, customer_email: a@example.com}\n",
        )
        .replace(
            "    items:\n",
            "    items:\n      - {sku: S1, line: extra, shipment: T2, name: n, description: d,"
            " sales_price: 1, currency: EUR, size: M, weight: 1, returnable: true}\n",
        )
    )
    plan = plan_for(write_tree, text, state)
    t2, extra = Address("shipment", ("T2",)), Address("order_item", ("O1", "extra"))
    assert [(c.address, c.action) for c in plan.changes] == [
        (t2, Action.CREATE),
        (ITEM, Action.UPDATE),
        (extra, Action.CREATE),
    ]
    moved = {f.name: f for f in change(plan, ITEM).fields}
    assert (moved["shipment"].old, moved["shipment"].new) == ("T1", "T2")
    assert moved["shipment_id"].old == "100000001" and moved["shipment_id"].known_after_apply
    assert change(plan, ITEM).depends_on == (t2,)
    assert change(plan, extra).depends_on == (t2,)


def test_an_existing_target_sends_its_known_id(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    text = ORDER.replace(
        "    items:\n",
        "    items:\n      - {sku: S1, line: extra, shipment: T1, name: n, description: d,"
        " sales_price: 1, currency: EUR, size: M, weight: 1, returnable: true}\n",
    )
    plan = plan_for(write_tree, text, state)
    extra = change(plan, Address("order_item", ("O1", "extra")))
    shipment_id = next(f for f in extra.fields if f.name == "shipment_id")
    assert shipment_id.new == "100000001" and not shipment_id.known_after_apply
    assert extra.depends_on == ()


def test_an_orphaned_order(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER + "  - {order_id: O2, order_date: '2020-07-31T07:00:00Z'}\n")
    plan = plan_for(write_tree, ORDER, state)
    (orphan,) = plan.changes
    assert (orphan.address, orphan.action, orphan.calls) == (
        Address("order", ("O2",)),
        Action.ORPHAN,
        0,
    )
    assert orphan.reason == (
        "gone from the manifests; no call is made (the API has no DELETE)."
        " statesync state rm or apply --forget-orphans stops tracking it"
    )


def test_an_immutable_field_change_is_blocked(write_tree: WriteTree) -> None:
    flat = """
orders:
  - {order_id: O1, order_date: '2020-07-31T07:00:00Z'}
  - {order_id: O2, order_date: '2020-07-31T07:00:00Z'}
shipments:
  - {order_id: O1, tracking_code: T1, customer_email: a@example.com}
"""
    state = state_of(write_tree, flat)
    plan = plan_for(
        write_tree,
        flat.replace("order_id: O1, tracking_code", "order_id: O2, tracking_code"),
        state,
    )
    (blocked,) = plan.changes
    assert blocked.address == T1
    assert blocked.action is Action.BLOCKED and blocked.calls == 0
    assert blocked.reason == "order_id: a shipment cannot move to another order"
    assert blocked.instead == "create a shipment with a new tracking_code under the other order"
    assert plan.summary().endswith("0 orphaned, 1 blocked — 0 API calls.")


def test_an_edited_event_is_a_new_event_and_an_append_only_orphan(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    plan = plan_for(
        write_tree, ORDER.replace("2020-08-01T10:00:00Z", "2020-08-02T10:00:00Z"), state
    )
    new = Address("shipment_event", ("T1", "refunded", "2020-08-02T10:00:00+00:00"))
    assert [(c.address, c.action) for c in plan.changes] == [
        (new, Action.CREATE),
        (EVENT, Action.ORPHAN),
    ]
    assert change(plan, EVENT).reason == (
        "gone from the manifests; no call is made (the API has no DELETE); append-only: it stays"
        f" at Seven Senders; its edited version is created as {new}. statesync state rm or"
        " apply --forget-orphans stops tracking it"
    )


def test_a_replaced_image_is_an_update_of_its_digest(write_tree: WriteTree) -> None:
    state = state_of(write_tree, ORDER)
    root_plan = plan_for(write_tree, ORDER, state, **{"s1.png": png(3, 3, (9, 9, 9))})
    (update,) = root_plan.changes
    assert (update.address, update.action) == (IMG, Action.UPDATE)
    (field,) = update.fields
    assert field.name == "image" and field.sensitive and field.old != field.new


def test_two_items_with_the_same_sku_need_lines(write_tree: WriteTree) -> None:
    text = ORDER.replace("      - sku: S1\n", "      - sku: S1\n        line: a\n").replace(
        "    shipments:\n",
        "      - {sku: S1, line: b, name: n, description: d, sales_price: 1, currency: EUR,"
        " size: M, weight: 1, returnable: true}\n    shipments:\n",
    )
    plan = plan_for(write_tree, text)
    items = sorted(c.address for c in plan.changes if c.address.kind == "order_item")
    assert items == [Address("order_item", ("O1", "a")), Address("order_item", ("O1", "b"))]


def test_target_keeps_what_the_object_needs(write_tree: WriteTree) -> None:
    root = write_tree({"shop.yaml": ORDER, "s1.png": IMAGE})
    plan = make_plan(load([root]), State(), only=[ITEM])
    assert [c.address for c in plan.changes] == [O1, S1, T1, ITEM]
    with pytest.raises(PlanError, match=r"--target order\.NOPE: no such address"):
        make_plan(load([root]), State(), only=[Address("order", ("NOPE",))])


def test_planning_twice_gives_equal_plans(write_tree: WriteTree) -> None:
    root = write_tree({"shop.yaml": ORDER, "s1.png": IMAGE})
    desired = load([root])
    assert make_plan(desired, State()) == make_plan(desired, State())


def test_a_cycle_is_a_planning_error() -> None:
    a, b = Address("order", ("A",)), Address("order", ("B",))
    with pytest.raises(PlanError, match=r"dependency cycle: order\.(A|B) → order\.(A|B) → "):
        execution_order({a: [b], b: [a]})


def test_the_manifest_hash_follows_the_desired_state(write_tree: WriteTree) -> None:
    one = plan_for(write_tree, ORDER)
    two = plan_for(write_tree, ORDER.replace("19.99", "18.99"))
    assert one.stamp.manifest_hash != two.stamp.manifest_hash
    assert one.stamp.manifest_hash.startswith("sha256:")

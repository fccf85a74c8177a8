"""Invariants of planning over generated desired states and partial prior states."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statesync import Address, load
from statesync.desired import DesiredState
from statesync.generate import GenerateOptions, generate
from statesync.plan import Action, make_plan
from statesync.render import render_json, render_text
from statesync.state.model import State
from tests.conftest import applied_state


def _desired(orders: int, items: int, seed: int, loads: int = 1) -> list[DesiredState]:
    """The generated tree loaded ``loads`` times (from the same files)."""
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), GenerateOptions(orders=orders, items_per_order=items, seed=seed))
        return [load([folder]) for _ in range(loads)]


def _partial(desired: DesiredState, keep: list[bool]) -> State:
    full: State = applied_state(desired)
    records = full.records()
    kept = {a: r for (a, r), k in zip(records.items(), keep * len(records), strict=False) if k}
    return State().with_records(kept, lineage="L")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    orders=st.integers(1, 6),
    items=st.integers(1, 3),
    seed=st.integers(0, 10_000),
    keep=st.lists(st.booleans(), min_size=1, max_size=7),
)
def test_every_change_comes_after_what_it_depends_on(
    orders: int, items: int, seed: int, keep: list[bool]
) -> None:
    (desired,) = _desired(orders, items, seed)
    plan = make_plan(desired, _partial(desired, keep))
    position = {c.address: i for i, c in enumerate(plan.changes)}
    created = {c.address for c in plan.changes if c.action is Action.CREATE}
    for change in plan.changes:
        for dependency in change.depends_on:
            assert position[dependency] < position[change.address]
        resource = desired.resources.get(change.address)
        if resource is None or not change.calls:
            continue
        for ref in resource.kind.references:  # every reference to a new object is waited for
            value = getattr(resource.spec, ref.field)
            target = Address(ref.kind, (str(value),)) if value is not None else None
            if target in created:
                assert target in change.depends_on


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    orders=st.integers(1, 5),
    seed=st.integers(0, 10_000),
    keep=st.lists(st.booleans(), min_size=1, max_size=5),
)
def test_planning_twice_gives_identical_bytes(orders: int, seed: int, keep: list[bool]) -> None:
    desired, again = _desired(orders, 2, seed, loads=2)
    state = _partial(desired, keep)
    first, second = make_plan(desired, state), make_plan(again, state)
    assert render_json(first) == render_json(second)
    assert render_text(first) == render_text(second)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=st.integers(1, 5), seed=st.integers(0, 10_000))
def test_a_fully_applied_state_plans_nothing(orders: int, seed: int) -> None:
    (desired,) = _desired(orders, 3, seed)
    plan = make_plan(desired, applied_state(desired))
    assert plan.changes == () and plan.unchanged == len(desired)

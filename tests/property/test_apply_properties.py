"""Invariants of apply, over generated trees, random parallelism and random transient faults:
after an apply the plan is empty, the simulator holds exactly the desired objects, and every
call ran after the calls it depends on."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statesync.generate import GenerateOptions, generate
from statesync.simulator import FaultRule
from tests.apply_helpers import Project, simulator

FAULTS = st.sampled_from(
    [
        (),
        (FaultRule("503", rate=0.2),),
        (FaultRule("429", rate=0.3, retry_after=0),),
        (FaultRule("drop", rate=0.2),),
        (FaultRule("lost", rate=0.3, method="POST"),),
    ]
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    orders=st.integers(1, 6),
    items=st.integers(1, 3),
    seed=st.integers(0, 1000),
    parallelism=st.integers(1, 12),
    faults=FAULTS,
)
def test_apply_then_plan_is_empty_and_dependencies_ran_first(
    orders: int, items: int, seed: int, parallelism: int, faults: tuple[FaultRule, ...]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(
            root / "manifests", GenerateOptions(orders=orders, items_per_order=items, seed=seed)
        )
        project = Project(root, simulator(*faults, seed=seed))
        result = project.apply(parallelism=parallelism)
        assert result.ok, result.failed
        assert project.plan().changes == ()
        for kind, count in project.desired().count_by_kind().items():
            assert len(project.simulator.store.all(kind)) == count, kind
        first_success: dict[str, int] = {}
        for index, entry in enumerate(project.simulator.log):
            if entry.outcome in ("answered", "lost") and entry.method in ("POST", "PUT"):
                body = entry.body if isinstance(entry.body, dict) else {}
                key = (
                    entry.path.rsplit("/", 1)[-1]
                    + ":"
                    + str(
                        body.get("order_id")
                        or body.get("sku")
                        or body.get("tracking_code")
                        or body.get("id")
                    )
                )
                first_success.setdefault(key, index)
        for key, index in first_success.items():
            collection, _, value = key.partition(":")
            if collection == "order_items":
                assert first_success[f"orders:{value}"] < index  # the order existed first
            if collection == "product_images":
                assert first_success[f"products:{value}"] < index

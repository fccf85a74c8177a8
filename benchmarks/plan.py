"""How long a plan takes, and how much of it is reading YAML.

For 1,000 and 10,000 generated orders (3 items, 1 shipment, 1 event each): a no-op plan (the
state holds exactly the manifests) and a plan where 1 % of the order items changed price. Each
row splits the time into loading the manifests, reading the state file, and planning; the
baseline is the naive diff — one DeepDiff over the whole desired-vs-state tree — measured in
the same run (``--no-baseline`` skips it; it takes ~11 s at 10,000 orders).

    python benchmarks/plan.py [--orders 1000 10000] [--no-baseline]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from deepdiff import DeepDiff

from statesync import load
from statesync.plan import make_plan
from statesync.plan.normalise import applied_record, normalised
from statesync.runtime import paused_gc
from statesync.state.model import Record, State
from statesync.state.store import LocalStateStore


def build_state(desired: Any, changed_share: float) -> State:
    records: dict[Any, Record] = {}
    items = 0
    for address, resource in desired.resources.items():
        record = applied_record(resource, "1" if resource.kind.api.server_id else None, "t")
        if address.kind == "order_item":
            items += 1
            if changed_share and items % round(1 / changed_share) == 0:
                attributes = {**record.attributes, "sales_price": 0.01}
                record = record.model_copy(update={"attributes": attributes})
        records[address] = record
    return State().with_records(records, lineage="bench")


def paused(action: Any) -> Any:
    with paused_gc():
        return action()


def timed(action: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def run(root: Path, state_path: Path, share: float, baseline: bool) -> None:
    load_s, desired = timed(lambda: load([root]))
    LocalStateStore(state_path).write(build_state(desired, share))
    read_s, state = timed(lambda: LocalStateStore(state_path).read())
    plan_s, plan = timed(lambda: paused(lambda: make_plan(desired, state)))  # as engine.plan does
    total = load_s + read_s + plan_s
    label = "no-op" if not share else f"{share:.0%} changed"
    print(
        f"  {label:<11} total {total:6.2f} s = load {load_s:5.2f} s ({load_s / total:4.0%})"
        f" + state read {read_s:4.2f} s + plan {plan_s:4.2f} s"
        f"  → {plan.api_calls} API calls"
    )
    if baseline:
        wanted = {str(a): normalised(r.kind, r.spec) for a, r in desired.resources.items()}
        held = {k: r.attributes for k, r in state.resources.items()}
        naive_s, _ = timed(lambda: DeepDiff(held, wanted))
        print(
            f"  {'':<11} naive whole-tree DeepDiff {naive_s:6.2f} s"
            f" = {naive_s / plan_s:5.1f}x our plan step"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    from statesync.generate import GenerateOptions, generate

    with tempfile.TemporaryDirectory(prefix="statesync-bench-") as workdir:
        for orders in args.orders:
            root = Path(workdir) / f"orders-{orders}"
            generate(root, GenerateOptions(orders=orders, items_per_order=3, seed=1))
            print(f"{orders:,} orders")
            for share in (0.0, 0.01):
                run(root, Path(workdir) / f"state-{orders}.json", share, not args.no_baseline)


if __name__ == "__main__":
    main()

"""The per-object dependency graph: which change must finish before which may start."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from graphlib import CycleError, TopologicalSorter

from statesync.addresses import Address
from statesync.errors import PlanError


def execution_order(edges: Mapping[Address, Iterable[Address]]) -> list[Address]:
    """Every node after all of its dependencies; ties broken by address, so stable."""
    sorter: TopologicalSorter[Address] = TopologicalSorter()
    for node in sorted(edges):
        sorter.add(node, *sorted(edges[node]))
    try:
        sorter.prepare()
    except CycleError as error:
        cycle = " → ".join(str(a) for a in error.args[1])
        raise PlanError(f"dependency cycle: {cycle}") from None
    order: list[Address] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def closure(roots: Iterable[Address], edges: Mapping[Address, Iterable[Address]]) -> set[Address]:
    """``roots`` and everything they depend on, transitively."""
    seen: set[Address] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return seen

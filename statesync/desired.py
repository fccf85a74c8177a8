"""The desired state: every resource the manifests describe, by address, with its source.

The manifest loader builds it; the planner reads it. It lives outside ``statesync.manifest`` so
that the pure planner can use it without importing the loader's IO.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from statesync.addresses import Address
from statesync.errors import Problem
from statesync.kinds.base import Kind, Spec


@dataclass(frozen=True, slots=True)
class Source:
    """Where a resource was written: file, 1-based line and column, document path."""

    file: str
    line: int
    column: int
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Resource:
    """One validated desired resource."""

    address: Address
    kind: Kind
    spec: Spec
    source: Source


@dataclass(frozen=True)
class DesiredState:
    """Address → resource, in address order; plus the warnings found while loading."""

    resources: Mapping[Address, Resource]
    files: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.resources)

    def count_by_kind(self) -> dict[str, int]:
        """Resources per kind name, in kind-name order."""
        counts = Counter(address.kind for address in self.resources)
        return dict(sorted(counts.items()))

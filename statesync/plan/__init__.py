"""The planner (pure): desired state + last-applied state → a frozen Plan.

Pure means no network, no files, no clock, no randomness: the same inputs give byte-identical
output. ``tests/unit/test_purity.py`` checks that nothing here imports an IO module.
"""

from statesync.plan.model import KNOWN_AFTER_APPLY, Action, Change, FieldChange, Plan, Stamp
from statesync.plan.planner import make_plan

__all__ = ["KNOWN_AFTER_APPLY", "Action", "Change", "FieldChange", "Plan", "Stamp", "make_plan"]

"""Golden plans: each folder under ``plans/`` holds ``before/`` (manifests applied earlier,
which make the prior state; absent for an empty state) and ``after/`` (the manifests now).
``expected.txt``, ``expected.json`` and ``expected.md`` are the plan in each format, exactly.

Set ``STATESYNC_UPDATE_GOLDEN=1`` to rewrite them; review the diff by eye.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from statesync import load
from statesync.plan import Plan, make_plan
from statesync.render import plan_from_json, render_json, render_markdown, render_text
from statesync.state.model import State
from tests.conftest import applied_state

CASES = sorted(p for p in (Path(__file__).parent / "plans").iterdir() if p.is_dir())
UPDATE = os.environ.get("STATESYNC_UPDATE_GOLDEN") == "1"
RENDERERS = {"txt": render_text, "json": render_json, "md": render_markdown}


def plan_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    state = State()
    if (case / "before").is_dir():
        monkeypatch.chdir(case / "before")
        state = applied_state(load(["."]))
    monkeypatch.chdir(case / "after")
    return make_plan(
        load(["."]),
        state,
        target="embedded simulator (.statesync/simulator.sqlite)",
        state_location=".statesync/state.json",
    )


def test_the_required_cases_exist() -> None:
    assert len(CASES) >= 11


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_plan_renders_exactly_as_expected(
    case: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = RENDERERS[form](plan_case(case, monkeypatch))
    expected = case / f"expected.{form}"
    if UPDATE:
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_saved_plan_renders_the_same_when_read_back(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = plan_case(case, monkeypatch)
    again = plan_from_json(render_json(plan))
    assert render_json(again) == render_json(plan)
    assert render_text(again) == render_text(plan)
    assert render_markdown(again) == render_markdown(plan)

"""Renderer details the golden files do not show: colour, the Markdown cap, masking."""

from __future__ import annotations

from pathlib import Path

from statesync import load
from statesync.generate import GenerateOptions, generate
from statesync.plan import Plan, make_plan
from statesync.render import render_json, render_markdown, render_text
from statesync.render.markdown import LIMIT
from statesync.state.model import State


def big_plan(tmp_path: Path, orders: int = 300) -> Plan:
    generate(tmp_path, GenerateOptions(orders=orders))
    return make_plan(load([tmp_path]), State(), target="t", state_location="s")


def test_markdown_stays_under_the_cap_and_says_what_it_cut(tmp_path: Path) -> None:
    plan = big_plan(tmp_path)
    text = render_markdown(plan)
    assert len(text) <= LIMIT
    assert text.startswith("### statesync plan\n\n**Plan: 2100 to create")
    assert "_Cut to stay under 60,000 characters: the table lists" in text
    assert text.rstrip().endswith("for the whole plan._")


def test_a_small_plan_is_not_cut(tmp_path: Path) -> None:
    plan = big_plan(tmp_path, orders=1)
    assert "Cut to stay under" not in render_markdown(plan)
    assert render_markdown(plan).count("<details>") == len(plan.changes)


def test_a_tiny_cap_still_gives_the_summary(tmp_path: Path) -> None:
    text = render_markdown(big_plan(tmp_path, orders=5), limit=900)
    assert len(text) <= 900
    assert "**Plan: " in text and "Cut to stay under 900 characters" in text


def test_colour_only_when_asked(tmp_path: Path) -> None:
    plan = big_plan(tmp_path, orders=1)
    assert "\033[" not in render_text(plan)
    coloured = render_text(plan, color=True)
    assert "\033[32m+\033[0m" in coloured


def test_no_output_contains_a_sensitive_value(tmp_path: Path) -> None:
    plan = big_plan(tmp_path, orders=3)
    for text in (render_text(plan), render_json(plan), render_markdown(plan)):
        assert "customer0@example.com" not in text
        assert "sha256:" not in text.replace(plan.stamp.manifest_hash, "")

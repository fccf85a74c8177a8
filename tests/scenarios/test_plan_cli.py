"""``statesync plan`` and ``statesync show`` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from statesync import load
from statesync.state.store import LocalStateStore
from tests.conftest import ROOT, applied_state, run_cli, run_process


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plan_on_an_empty_state_creates_the_example_shop(project: Path) -> None:
    result = run_process("plan", "--no-color", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Target: embedded simulator (.statesync/simulator.sqlite)"
        " · State: .statesync/state.json (new)"
    )
    assert lines[-1] == "Plan: 16 to create, 0 to update, 0 orphaned, 0 blocked — 16 API calls."
    assert "customer@example.com" not in result.stdout
    assert not (project / ".statesync").exists()  # planning writes nothing


def test_detailed_exitcode(project: Path) -> None:
    assert run_cli("plan", "--detailed-exitcode").exit_code == 2
    LocalStateStore(project / ".statesync" / "state.json").write(
        applied_state(load([project / "manifests"]))
    )
    unchanged = run_cli("plan", "--detailed-exitcode")
    assert unchanged.exit_code == 0
    assert "No changes. 16 resources match the manifests." in unchanged.stdout


def test_plan_out_then_show_renders_the_same(project: Path) -> None:
    planned = run_cli("plan", "--out", "plan.json", "--no-color")
    assert planned.exit_code == 0
    assert planned.stdout.endswith(
        "\nSaved the plan to plan.json. Apply exactly this plan with: statesync apply plan.json\n"
    )
    document = json.loads((project / "plan.json").read_text())
    assert document["format"] == "statesync-plan" and document["summary"]["api_calls"] == 16
    shown = run_cli("show", "plan.json", "--no-color")
    assert shown.exit_code == 0
    assert planned.stdout.startswith(shown.stdout)
    assert run_cli("show", "plan.json", "--json").stdout == (project / "plan.json").read_text()


def test_json_and_markdown_outputs(project: Path) -> None:
    as_json = json.loads(run_cli("plan", "--json").stdout)
    assert as_json["summary"]["create"] == 16
    markdown = run_cli("plan", "--markdown").stdout
    assert markdown.startswith("### statesync plan\n\n**Plan: 16 to create")
    both = run_cli("plan", "--json", "--markdown")
    assert both.exit_code == 1 and "choose one of --json and --markdown" in both.stderr


def test_target_limits_the_plan_to_what_the_object_needs(project: Path) -> None:
    result = run_cli(
        "plan",
        "--json",
        "--target",
        "shipment_event.QA_TRACK_2020_08_02_0001/refunded/2020-08-12T15:00:00+00:00",
    )
    addresses = [c["address"] for c in json.loads(result.stdout)["changes"]]
    assert addresses == [
        "order.QA_order_2020_08_02_120000",
        "shipment.QA_TRACK_2020_08_02_0001",
        "shipment_event.QA_TRACK_2020_08_02_0001/refunded/2020-08-12T15:00:00+00:00",
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("parcel.X", "--target parcel.X: unknown kind 'parcel'"),
        ("order.NOPE", "--target order.NOPE: no such address in the manifests or the state"),
        ("order_item.only-one-part", "order_item addresses have 2 key parts"),
    ],
)
def test_bad_targets_are_clear_errors(project: Path, target: str, message: str) -> None:
    result = run_cli("plan", "--target", target)
    assert result.exit_code == 1
    assert message in result.stderr


def test_manifest_errors_stop_the_plan(project: Path) -> None:
    (project / "manifests" / "bad.yaml").write_text("orders:\n  - order_id: X\n")
    result = run_cli("plan")
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "manifests/bad.yaml:2:5: orders[0].order_date: required field is missing" in result.stderr
    )


def test_a_damaged_state_is_reported_not_a_traceback(project: Path) -> None:
    (project / ".statesync").mkdir()
    (project / ".statesync" / "state.json").write_text("{broken")
    result = run_process("plan", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: state .statesync/state.json is damaged")
    assert "Traceback" not in result.stderr


def test_show_refuses_a_file_that_is_not_a_plan(project: Path) -> None:
    (project / "x.json").write_text('{"hello": 1}')
    result = run_cli("show", "x.json")
    assert result.exit_code == 1
    assert result.stderr == "Error: not a statesync plan file\n"


def test_plan_waits_for_then_reports_a_held_lock(project: Path) -> None:
    store = LocalStateStore(project / ".statesync" / "state.json")
    store.write(applied_state(load([project / "manifests"])))
    with store.lock("apply"):
        result = run_cli("plan", "--lock-timeout", "0.3")
    assert result.exit_code == 1
    assert "the state is locked by " in result.stderr and "after waiting 0.3s" in result.stderr
    assert run_cli("plan").exit_code == 0  # released


def test_apply_target_applies_only_that_object_and_what_it_needs(project: Path) -> None:
    event = "shipment_event.QA_TRACK_2020_08_02_0001/refunded/2020-08-12T15:00:00+00:00"
    result = run_cli("apply", "--auto-approve", "--no-color", "--target", event)
    assert result.exit_code == 0, result.stderr
    assert "Apply: 3 done, 0 failed, 0 skipped." in result.stdout
    rest = json.loads(run_cli("plan", "--json").stdout)
    assert rest["summary"]["create"] == 13

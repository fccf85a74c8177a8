"""The CLI as a user runs it: the real entry point in a subprocess, and in-process runs."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from statesync import __version__
from statesync.cli import cli
from tests.conftest import ROOT, WriteTree, run_cli, run_process


def test_validate_the_example_shop_as_a_user_would() -> None:
    result = run_process("validate", "manifests/", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "OK: 16 resources (2 orders, 4 order_items, 3 products, 3 product_images,"
        " 2 shipments, 2 shipment_events)\n"
    )
    assert result.stderr == ""


def test_validate_defaults_to_manifests_in_the_current_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("validate")
    assert result.exit_code == 0 and result.stdout.startswith("OK: 16 resources")


def test_broken_manifests_exit_1_without_a_traceback(write_tree: WriteTree) -> None:
    root = write_tree({"a.yaml": "orders:\n  - order_id: [\n"})
    result = run_process("validate", str(root))
    assert result.returncode == 1
    assert "YAML syntax error" in result.stderr and "Traceback" not in result.stderr


def test_warnings_go_to_stderr_and_do_not_fail(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "a.yaml": "orders:\n  - order_id: O1\n    order_date: 2020-07-31T07:00:00Z\n"
            "    items:\n      - {sku: REMOTE, name: n, description: d, sales_price: 1,"
            " currency: EUR, size: M, weight: 1, returnable: true}\n"
        }
    )
    result = run_cli("validate", str(root))
    assert result.exit_code == 0
    assert result.stdout == "OK: 2 resources (1 order, 1 order_item)\n"
    assert result.stderr == (
        f"warning: {root / 'a.yaml'}:5:15: orders[0].items[0].sku: no product 'REMOTE' in the"
        " manifests; assuming it exists at Seven Senders\n"
    )


def test_var_flag_and_config_file(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(
        {
            "statesync.yaml": "manifests: shop/\nvars: {host: config.example.com}\n",
            "shop/a.yaml": "orders:\n  - order_id: O1\n    order_date: 2020-07-31T07:00:00Z\n"
            "    order_url: https://${var.host}/${var.path}\n",
        }
    )
    monkeypatch.chdir(root)
    missing = run_cli("validate")
    assert missing.exit_code == 1 and "undefined variable 'path'" in missing.stderr
    assert run_cli("validate", "--var", "path=o/1").exit_code == 0


def test_a_bad_config_file_is_located(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"statesync.yaml": "api:\n  paralelism: 4\n"})
    monkeypatch.chdir(root)
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: statesync.yaml:2:3: api.paralelism: unknown setting "paralelism"'
        ' (did you mean "parallelism"?)\n'
    )


def test_a_malformed_var_flag_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = run_cli("validate", "--var", "nonsense")
    assert result.exit_code == 1
    assert result.stderr == "Error: --var expects NAME=VALUE, got 'nonsense'\n"


def _commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, [*prefix, name])
        else:
            found.append([*prefix, name])
    return found


def test_version_and_help_with_examples_on_every_command() -> None:
    version = run_process("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"statesync, version {__version__}"
    commands = _commands(cli, [])
    assert (
        ["apply"] in commands and ["sim", "serve"] in commands and ["state", "unlock"] in commands
    )
    for command in commands:
        result = run_cli(*command, "--help")
        assert result.exit_code == 0, command
        assert "Examples:" in result.stdout, command


def test_generate_then_validate_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "shop"
    made = run_process("generate", "--orders", "25", "--seed", "3", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert made.stdout == f"Wrote 8 files to {out}/ (25 orders, seed 3)\n"
    checked = run_cli("validate", str(out))
    assert checked.stdout == (
        "OK: 174 resources (25 orders, 75 order_items, 12 products, 12 product_images,"
        " 25 shipments, 25 shipment_events)\n"
    )

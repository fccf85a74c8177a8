"""Shared builders: write manifest trees into temporary directories, run the CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from statesync.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_PAYLOADS = SHARED / "fixtures" / "seed-payloads"

WriteTree = Callable[[Mapping[str, str | bytes]], Path]


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write ``{relative path: text or bytes}`` under a fresh directory; returns it."""

    def write(files: Mapping[str, str | bytes]) -> Path:
        root = tmp_path / "tree"
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return root

    return write


def run_cli(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """The CLI in-process, as a user would call it (``result.stdout``/``result.stderr``)."""
    return CliRunner().invoke(cli, list(args), env=dict(env or {}), catch_exceptions=False)


def run_process(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m statesync ARGS`` in a subprocess: the real entry point, exit code and all."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "statesync", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


LINEAGE = "00000000-0000-4000-8000-000000000001"
FIRST_IDS = {"shipment": 100_000_001}


def applied_state(desired: Any, lineage: str = LINEAGE) -> Any:
    """The state right after ``desired`` was applied to an empty simulator: every record,
    with the server ids the simulator would hand out, numbered per kind in address order."""
    from statesync.plan.normalise import applied_record
    from statesync.state.model import State

    counters: dict[str, int] = {}
    records = {}
    for address, resource in sorted(desired.resources.items()):
        remote = None
        if resource.kind.api.server_id:
            start = FIRST_IDS.get(address.kind, 1) - 1
            counters[address.kind] = counters.get(address.kind, start) + 1
            remote = str(counters[address.kind])
        records[address] = applied_record(resource, remote, "2026-12-04T10:00:00+00:00")
    return State().with_records(records, lineage=lineage)

"""Shared builders: write manifest trees into temporary directories, run the CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

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


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m statesync ARGS`` in a subprocess: the real entry point, exit code and all."""
    return subprocess.run(
        [sys.executable, "-m", "statesync", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

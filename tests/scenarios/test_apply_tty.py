"""``apply`` on a terminal: it asks, only ``yes`` proceeds, and progress is a bar."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT


def on_a_terminal(root: Path, answer: str) -> tuple[int, str]:
    """Run ``statesync apply`` with a pseudo-terminal for stdin/stdout; type ``answer``."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "statesync", "apply", "--no-color"],
        cwd=root, stdin=follower, stdout=follower, stderr=follower,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )  # fmt: skip
    os.close(follower)
    output, answered, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not answered and b"Only 'yes' will be accepted" in output:
            os.write(leader, answer.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    process.wait(timeout=30)
    os.close(leader)
    return process.returncode, output.decode("utf-8", "replace")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "manifests", tmp_path / "manifests")
    return tmp_path


def test_anything_but_yes_cancels_and_changes_nothing(project: Path) -> None:
    code, output = on_a_terminal(project, "y")
    assert code == 1
    assert "Error: apply cancelled; nothing was changed" in output
    assert not (project / ".statesync" / "state.json").exists()


def test_yes_applies_with_a_progress_bar(project: Path) -> None:
    code, output = on_a_terminal(project, "yes")
    assert code == 0, output
    assert "Applying" in output  # the bar, drawn on the terminal
    assert "Apply: 16 done, 0 failed, 0 skipped." in output
    assert "+ order.QA_order_2020_07_31_091340: created" not in output  # no per-change lines

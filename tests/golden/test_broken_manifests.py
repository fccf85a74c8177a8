"""Golden tests: each folder under ``broken/`` is a manifest tree with mistakes, and
``expected.txt`` is exactly what ``statesync validate .`` prints on stderr (exit code 1).

Set ``STATESYNC_UPDATE_GOLDEN=1`` to rewrite the expected files; review the diff by eye.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import run_cli

CASES = sorted(p for p in (Path(__file__).parent / "broken").iterdir() if p.is_dir())
UPDATE = os.environ.get("STATESYNC_UPDATE_GOLDEN") == "1"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_broken_manifest_yields_exactly_the_expected_errors(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case)
    result = run_cli("validate", ".")
    assert result.exit_code == 1
    assert result.stdout == ""
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.stderr == expected.read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr

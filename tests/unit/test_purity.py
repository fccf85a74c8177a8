"""``statesync.plan`` and ``statesync.render`` are pure: they import no IO module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import statesync

PACKAGE = Path(statesync.__file__).parent
PURE = ("plan", "render")
# Modules that reach the network, files, processes, the clock or randomness.
FORBIDDEN = {
    "httpx",
    "socket",
    "ssl",
    "urllib.request",
    "http",
    "os",
    "io",
    "pathlib",
    "shutil",
    "tempfile",
    "subprocess",
    "sqlite3",
    "time",
    "random",
    "uuid",
    "secrets",
    "asyncio",
    "threading",
    "multiprocessing",
    "statesync.apply",
    "statesync.state.store",
    "statesync.state.lock",
    "statesync.simulator",
    "statesync.cli",
    "statesync.manifest",
    "statesync.engine",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("package", PURE)
def test_pure_packages_import_no_io_module(package: str) -> None:
    files = sorted((PACKAGE / package).rglob("*.py"))
    assert files, f"statesync/{package} has no modules"
    offending = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in files
        for name in _imports(path)
        if _forbidden(name)
    }
    assert offending == set()


def test_importing_the_pure_packages_loads_no_io_machinery() -> None:
    # The standard library imports socket on its own (email.utils); what must not load is a
    # network client, a database, or statesync's own IO modules.
    watched = (
        "httpx",
        "sqlite3",
        "uvicorn",
        "statesync.state.store",
        "statesync.state.lock",
        "statesync.manifest.loader",
        "statesync.simulator",
        "statesync.cli",
    )
    code = (
        "import sys, statesync.plan, statesync.render; "
        f"print(','.join(sorted(m for m in {watched!r} if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_checker_sees_a_forbidden_import() -> None:
    assert _forbidden("httpx") and _forbidden("os.path") and not _forbidden("osmosis")

"""Which files a manifest tree is: directories read recursively in sorted path order."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = frozenset({"statesync.yaml", "statesync.yml"})


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The manifest files under ``paths`` (deduplicated, in order) and the paths that failed.

    A directory contributes every ``*.yaml``/``*.yml`` below it, sorted, skipping hidden
    entries and the project configuration file; a named file is taken as it is.
    """
    files: list[Path] = []
    missing: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_tree(path))
        elif path.exists():
            files.append(path)
        else:
            missing.append(str(given))
    unique = list(dict.fromkeys(files))
    return unique, missing


def _tree(root: Path) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root).parts
        if any(part.startswith(".") for part in relative):
            continue
        if path.suffix in SUFFIXES and path.name not in CONFIG_NAMES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).parts)

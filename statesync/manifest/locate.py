"""Exact positions of values inside a document, recovered only when a problem is reported.

The fast loader keeps positions of mappings only; an error about ``orders[0].items[1].size``
finds its line and column here by composing that file's node tree once (cached per file) and
walking the path. Paths are tuples of mapping keys (str) and list indexes (int).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from statesync.manifest.yamlio import compose_text

DocPath = tuple[str | int, ...]


class Anchor(Enum):
    """Which part of the last path step a problem points at."""

    VALUE = "value"  # the value (a wrong type, a bad code)
    KEY = "key"  # the key itself (an unknown field)


class Locator:
    """Positions within one file; reads and composes it at most once, on first use."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._root: Any = None
        self._composed = False

    def position(self, path: DocPath, anchor: Anchor = Anchor.VALUE) -> tuple[int, int]:
        """1-based (line, column) of the deepest node on ``path`` that exists."""
        node = self._tree()
        if node is None:
            return (1, 1)
        mark = node.start_mark
        for depth, step in enumerate(path, start=1):
            found = _child(node, step)
            if found is None:
                break
            key_node, node = found
            last = depth == len(path)
            mark = key_node.start_mark if anchor is Anchor.KEY and last else node.start_mark
        return (mark.line + 1, mark.column + 1)

    def _tree(self) -> Any:
        if not self._composed:
            self._composed = True
            try:
                self._root = compose_text(self._path.read_text(encoding="utf-8"))
            except Exception:  # the file changed or vanished since it was parsed: no position
                self._root = None
        return self._root


def _child(node: Any, step: str | int) -> tuple[Any, Any] | None:
    """(key node, value node) of ``step`` in a mapping, or (item, item) in a sequence."""
    value = node.value
    if isinstance(step, int):
        if node.id == "sequence" and 0 <= step < len(value):
            return (value[step], value[step])
        return None
    if node.id != "mapping":
        return None
    for key_node, value_node in value:
        if key_node.id == "scalar" and key_node.value == step:
            return (key_node, value_node)
    return None


def render_path(path: Sequence[str | int]) -> str:
    """``("orders", 0, "items", 1, "size")`` → ``orders[0].items[1].size``."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out

"""Fast YAML reading with positions: libyaml composes, a small builder makes the data.

Reading YAML dominates a plan (PERFORMANCE.md: 10,000 orders take ~71 s with ruamel's
round-trip loader, ~8 s with its C safe loader and the garbage collector paused). So:

- libyaml (``ruamel.yaml.clib``, a declared dependency) scans and composes the node tree;
  ruamel's Python resolver and constructor are bypassed, and ``_build`` turns nodes into data
  under the YAML 1.2 core schema: ``yes``/``no``/``on``/``off`` stay strings, and timestamps
  stay strings too (the kinds parse them strictly; quoted or not makes no difference);
- mappings record only where they start (``Located``), which is what every resource's
  ``file:line`` needs; exact positions of single values are recovered only when there is a
  problem to report, by ``locate`` composing that one file again;
- the collector is paused while parsing (``paused_gc``), and many bytes are parsed in worker
  processes (``parse_files``).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
from ruamel.yaml.error import MarkedYAMLError

from statesync.runtime import paused_gc

# Below this many bytes in all, worker processes cost more than they save.
PARALLEL_MIN_BYTES = 4_000_000


class Located(dict[Any, Any]):
    """A mapping that remembers where it starts (1-based line and column)."""

    __slots__ = ("column", "line")

    line: int
    column: int

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_located, (dict(self), self.line, self.column))


def _rebuild_located(items: dict[Any, Any], line: int, column: int) -> Located:
    mapping = Located(items)
    mapping.line, mapping.column = line, column
    return mapping


class _Composer(_Parser):  # type: ignore[misc]
    """libyaml scanning and composing; tag resolution is left to ``_build``.

    ruamel's resolver and constructor cost ~3x what libyaml's composing does. Answering
    every implicit-tag question with a marker and resolving plain scalars in ``_plain`` (the
    YAML 1.2 core schema, timestamps left as strings) keeps the fast part fast.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _IMPLICIT

    # The C composer calls these around every collection; nothing to track here.
    def descend_resolver(self, *args: Any) -> None:
        return None

    def ascend_resolver(self, *args: Any) -> None:
        return None


class YamlBuildError(Exception):
    """A document that parses but cannot become data (duplicate key, unsupported tag)."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = mark.line + 1, mark.column + 1, message


_IMPLICIT = "?"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_STR_TAG = "tag:yaml.org,2002:str"


def _plain(value: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema; timestamps stay strings."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[0]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if value[:2] in ("0o", "0x"):
            try:
                return int(value, 8 if value[1] == "o" else 16)
            except ValueError:
                return value
    return value


def _build(node: Any) -> Any:
    """Node tree → plain data; mappings become ``Located``."""
    kind = node.id
    if kind == "scalar":
        tag = node.ctag
        if tag.handle is None and tag.suffix == _IMPLICIT:  # untagged: the common case
            return node.value if node.style else _plain(node.value)
        if str(tag) in (_STR_TAG, "!"):
            return node.value
        name = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise YamlBuildError(node.start_mark, f"unsupported tag {name}: write a plain value")
    if kind == "sequence":
        return [_build(item) for item in node.value]
    return _build_mapping(node)


def _build_mapping(node: Any) -> Located:
    data = Located()
    data.line, data.column = node.start_mark.line + 1, node.start_mark.column + 1
    seen: dict[Any, Any] = {}
    merged: list[Located] = []
    for key_node, value_node in node.value:
        if key_node.id != "scalar":
            raise YamlBuildError(key_node.start_mark, "mapping keys must be plain values")
        key = _build(key_node)
        if key == "<<" and not key_node.style:
            merged.extend(_merge_sources(value_node))
            continue
        if key in seen:
            first = seen[key].start_mark.line + 1
            raise YamlBuildError(
                key_node.start_mark, f"duplicate key {key!r} (first on line {first})"
            )
        seen[key] = key_node
        data[key] = _build(value_node)
    for source in merged:  # YAML merge keys: explicit keys win, earlier sources win
        for key, value in source.items():
            data.setdefault(key, value)
    return data


def _merge_sources(node: Any) -> list[Located]:
    value = _build(node)
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(s, Located) for s in sources):
        raise YamlBuildError(node.start_mark, "<< merges a mapping or a list of mappings")
    return sources


@dataclass(frozen=True)
class YamlProblem:
    """A file that could not be read or parsed: 1-based position (0 = whole file)."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class Parsed:
    """One file's outcome: its document, or the problem that stopped it.

    ``interpolates`` says whether the text holds ``${`` at all, so that files without
    interpolation are never walked for it.
    """

    path: Path
    data: Any = None
    problem: YamlProblem | None = None
    interpolates: bool = False


def compose_text(text: str) -> Any:
    """The node tree of one document (None when empty); raises ``MarkedYAMLError``."""
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def parse_text(text: str) -> Any:
    """One document as data; raises ``MarkedYAMLError`` or ``YamlBuildError``."""
    root = compose_text(text)
    return None if root is None else _build(root)


def parse_file(path: Path) -> Parsed:
    """Read and parse one file; every failure becomes a ``YamlProblem``, never an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(path, problem=YamlProblem(0, 0, f"not UTF-8 text ({exc.reason})"))
    except OSError as exc:
        return Parsed(path, problem=YamlProblem(0, 0, f"cannot read: {exc.strerror}"))
    try:
        with paused_gc():
            return Parsed(path, data=parse_text(text), interpolates="${" in text)
    except MarkedYAMLError as exc:
        return Parsed(path, problem=_syntax_problem(exc))
    except YamlBuildError as exc:
        return Parsed(path, problem=YamlProblem(exc.line, exc.column, exc.message))
    except RecursionError:
        return Parsed(
            path, problem=YamlProblem(0, 0, "the document nests too deeply (a recursive alias?)")
        )


def _syntax_problem(exc: MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = ""
    if exc.context and exc.problem:
        started = exc.context_mark
        where = f" started on line {started.line + 1}" if started and started is not mark else ""
        context = f" ({exc.context}{where})"
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    return YamlProblem(line, column, f"YAML syntax error: {problem}{context}")


def parse_files(paths: Sequence[Path], workers: int | None = None) -> list[Parsed]:
    """Parse files in order; in worker processes when there are many bytes to read."""
    if workers is None:
        workers = _worker_count(paths)
    if workers <= 1:
        return [parse_file(p) for p in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(parse_file, paths, chunksize=max(1, len(paths) // (workers * 4))))


def _worker_count(paths: Sequence[Path]) -> int:
    if len(paths) < 2:
        return 1
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    if total < PARALLEL_MIN_BYTES:
        return 1
    return min(len(paths), os.cpu_count() or 1)

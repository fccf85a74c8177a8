"""One parsed manifest document → raw resources, with the nested sugar flattened.

``orders[0].items[1]`` becomes an ``order_item`` whose ``order_id`` is filled from its order,
exactly as if it had been written in the flat ``order_items`` list. Structural mistakes (a
top-level list, an unknown section, an entry that is not a mapping) become problems here;
field-level ones are the kinds' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from statesync.kinds.base import Kind, Nesting
from statesync.kinds.fields import describe, suggest
from statesync.kinds.registry import Registry
from statesync.manifest.locate import Anchor, DocPath
from statesync.manifest.yamlio import Located

VARS_SECTION = "vars"


@dataclass(frozen=True)
class RawResource:
    """A resource as written, before validation, and where it was written."""

    kind: Kind
    data: dict[str, Any]
    path: DocPath
    line: int
    column: int
    inherited: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Issue:
    """A structural problem at ``path`` in the document."""

    path: DocPath
    anchor: Anchor
    message: str


@dataclass
class Flattened:
    resources: list[RawResource] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def sections_of(document: Any, registry: Registry) -> tuple[dict[str, Any], list[Issue]]:
    """The top-level mapping's entries, or a problem when the document is not one."""
    if document is None:
        return {}, []
    if not isinstance(document, dict):
        names = ", ".join(registry.sections)
        return {}, [
            Issue((), Anchor.VALUE, f"expected a mapping with {names}, got {describe(document)}")
        ]
    issues = []
    allowed = (*registry.sections, VARS_SECTION)
    for key in document:
        if key not in allowed:
            hint = suggest(str(key), allowed)
            issues.append(Issue((key,), Anchor.KEY, f'unknown section "{key}"{hint}'))
    return document, issues


def flatten(document: dict[str, Any], registry: Registry) -> Flattened:
    """Every resource in the document's sections, nested ones included."""
    out = Flattened()
    for section, kind in registry.sections.items():
        entries = document.get(section)
        if entries is None:
            continue
        if not isinstance(entries, list):
            message = f"expected a list of {section}, got {describe(entries)}"
            out.issues.append(Issue((section,), Anchor.VALUE, message))
            continue
        for index, entry in enumerate(entries):
            _entry(kind, entry, (section, index), {}, registry, out)
    return out


def _entry(
    kind: Kind,
    entry: Any,
    path: DocPath,
    inherited: dict[str, Any],
    registry: Registry,
    out: Flattened,
) -> None:
    if not isinstance(entry, Located):
        out.issues.append(Issue(path, Anchor.VALUE, f"expected a mapping, got {describe(entry)}"))
        return
    data = dict(entry)
    for name, value in inherited.items():
        if name in data and data[name] != value:
            message = (
                f"{describe(data[name])} contradicts the enclosing {describe(value)}; leave it out"
            )
            out.issues.append(Issue((*path, name), Anchor.VALUE, message))
        data[name] = value
    children = [(n, data.pop(n.field)) for n in kind.nested if n.field in data]
    out.resources.append(
        RawResource(kind, data, path, entry.line, entry.column, frozenset(inherited))
    )
    for nesting, value in children:
        _nested(nesting, value, data, (*path, nesting.field), entry, registry, out)


def _nested(
    nesting: Nesting,
    value: Any,
    parent: dict[str, Any],
    path: DocPath,
    entry: Located,
    registry: Registry,
    out: Flattened,
) -> None:
    child = registry.get(nesting.kind)
    inherit = {c: parent[p] for c, p in nesting.inherit if p in parent}
    if nesting.scalar is not None:
        data = {**inherit, nesting.scalar: value}
        out.resources.append(
            RawResource(child, data, path[:-1], entry.line, entry.column, frozenset(inherit))
        )
        return
    if value is None:
        return
    if not isinstance(value, list):
        message = f"expected a list of {nesting.field}, got {describe(value)}"
        out.issues.append(Issue(path, Anchor.VALUE, message))
        return
    for index, item in enumerate(value):
        _entry(child, item, (*path, index), inherit, registry, out)

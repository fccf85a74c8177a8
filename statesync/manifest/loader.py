"""Load a manifest tree into a ``DesiredState``, or report every problem in it at once.

The steps, each a module of this package: ``files`` (which files), ``yamlio`` (parse, fast,
in parallel), ``interpolate`` (``${var.X}``/``${env.X}``), ``flatten`` (nested sugar →
resources), the kinds' models (fields), then the checks across files done here (duplicate
addresses, references). Problems carry document paths; ``locate`` turns them into
``file:line:column`` only at the end, and only for the files that have problems.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from statesync.addresses import Address
from statesync.desired import DesiredState, Resource, Source
from statesync.errors import ManifestErrors, Problem
from statesync.kinds.base import Kind, Reference
from statesync.kinds.fields import describe, suggest
from statesync.kinds.registry import Registry
from statesync.kinds.registry import registry as default_registry
from statesync.manifest.files import collect_files
from statesync.manifest.flatten import VARS_SECTION, RawResource, flatten, sections_of
from statesync.manifest.interpolate import Interpolator
from statesync.manifest.locate import Anchor, DocPath, Locator, render_path
from statesync.manifest.messages import field_problems
from statesync.manifest.yamlio import Parsed, parse_files
from statesync.runtime import paused_gc


@dataclass(frozen=True)
class LoadOptions:
    """What a load depends on besides the files.

    ``variables`` come from statesync.yaml, a file's own ``vars:`` override them, and
    ``overrides`` (``--var``) override both. ``environ`` feeds ``${env.X}``. ``namespace``
    prefixes every identity field (see ``Kind.namespaced``). ``workers`` forces the number of
    parsing processes (None: decided by size).
    """

    variables: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    namespace: str = ""
    workers: int | None = None


@dataclass(frozen=True)
class _Pending:
    """A problem whose position is resolved at the end; ``at`` is where it points."""

    file: Path
    path: DocPath
    at: DocPath
    anchor: Anchor
    message: str


@dataclass(frozen=True)
class _Placed:
    resource: Resource
    file: Path
    path: DocPath


def load(
    paths: Sequence[str | Path],
    options: LoadOptions | None = None,
    kinds: Registry | None = None,
) -> DesiredState:
    """The desired state of the manifests under ``paths``; raises ``ManifestErrors``."""
    return _Load(options or LoadOptions(), kinds or default_registry()).run(paths)


class _Load:
    def __init__(self, options: LoadOptions, kinds: Registry) -> None:
        self.options = options
        self.kinds = kinds
        self.problems: list[Problem] = []
        self.pending: list[_Pending] = []
        self.warnings: list[_Pending] = []
        self.placed: dict[Address, _Placed] = {}
        self.invalid: set[Address] = set()  # written but failed validation
        self.image_cache: dict[tuple[str, str], Any] = {}

    def run(self, paths: Sequence[str | Path]) -> DesiredState:
        with paused_gc():  # millions of young objects, no cycles: collections only cost
            return self._run(paths)

    def _run(self, paths: Sequence[str | Path]) -> DesiredState:
        files, missing = collect_files(paths)
        for name in missing:
            self.problems.append(Problem(name, 0, 0, "", "no such file or directory"))
        if not files and not missing:
            where = ", ".join(str(p) for p in paths) or "(no paths given)"
            self.problems.append(
                Problem(where, 0, 0, "", "no manifest files (*.yaml, *.yml) found")
            )
        for parsed in parse_files(files, self.options.workers):
            self._file(parsed)
        self._check_references()
        if not self.placed and not self.problems and not self.pending and files:
            where = ", ".join(str(p) for p in paths)
            sections = ", ".join(self.kinds.sections)
            message = f"no resources found (a manifest file lists {sections})"
            self.problems.append(Problem(where, 0, 0, "", message))
        return self._result(files)

    def _file(self, parsed: Parsed) -> None:
        if parsed.problem is not None:
            p = parsed.problem
            self.problems.append(Problem(str(parsed.path), p.line, p.column, "", p.message))
            return
        document, issues = sections_of(parsed.data, self.kinds)
        for issue in issues:
            self._report(parsed.path, issue.path, issue.path, issue.anchor, issue.message)
        variables = self._variables(parsed.path, document.get(VARS_SECTION))
        unresolved = (
            self._interpolate(parsed, document, variables) if parsed.interpolates else set()
        )
        flat = flatten(document, self.kinds)
        for issue in flat.issues:
            self._report(parsed.path, issue.path, issue.path, issue.anchor, issue.message)
        context = {"base_dir": parsed.path.parent, "image_cache": self.image_cache}
        for raw in flat.resources:
            self._resource(parsed.path, raw, context, unresolved)

    def _interpolate(
        self, parsed: Parsed, document: dict[str, Any], variables: dict[str, Any]
    ) -> set[DocPath]:
        """Interpolate in place; returns the paths that could not be (already reported)."""
        interpolator = Interpolator(variables, self.options.environ)
        failed: set[DocPath] = set()
        for name, value in document.items():
            if name == VARS_SECTION:
                continue
            _, unresolved = interpolator.apply(value, (name,))
            for u in unresolved:
                self._report(parsed.path, u.path, u.path, Anchor.VALUE, u.message)
                failed.add(u.path)
        return failed

    def _variables(self, file: Path, declared: Any) -> dict[str, Any]:
        merged = dict(self.options.variables)
        if isinstance(declared, dict):
            for name, value in declared.items():
                if not isinstance(name, str) or not name.isidentifier():
                    message = f"variable names are letters, digits and _, got {describe(name)}"
                    self._report(
                        file, (VARS_SECTION, name), (VARS_SECTION, name), Anchor.KEY, message
                    )
                merged[str(name)] = value
        elif declared is not None:
            message = f"expected a mapping of variable names to values, got {describe(declared)}"
            self._report(file, (VARS_SECTION,), (VARS_SECTION,), Anchor.VALUE, message)
        merged.update(self.options.overrides)
        return merged

    def _resource(
        self, file: Path, raw: RawResource, context: dict[str, Any], unresolved: set[DocPath]
    ) -> None:
        data = _namespaced(raw.kind, raw.data, self.options.namespace)
        try:
            spec = raw.kind.spec.model_validate(data, context=context)
        except ValidationError as error:
            self.invalid.add(_address_as_written(raw.kind, data))
            for fp in field_problems(raw.kind, error):
                if len(fp.path) == 1 and fp.path[0] in raw.inherited:
                    continue  # reported on the parent already
                if raw.path + fp.path in unresolved:
                    continue  # its interpolation failed; that is the problem to fix
                self._report(file, raw.path + fp.path, raw.path + fp.at, fp.anchor, fp.message)
            return
        address = raw.kind.address(spec)
        source = Source(str(file), raw.line, raw.column, render_path(raw.path))
        earlier = self.placed.get(address)
        if earlier is not None:
            first = earlier.resource.source
            message = (
                f"{address} is defined twice: here and at {first.file}:{first.line}:{first.column}"
            )
            if raw.kind.duplicate_hint:
                message += f" ({raw.kind.duplicate_hint})"
            self._report(file, raw.path, raw.path, Anchor.VALUE, message)
            return
        self.placed[address] = _Placed(Resource(address, raw.kind, spec, source), file, raw.path)

    def _check_references(self) -> None:
        remote: dict[Address, tuple[_Placed, Reference, int]] = {}
        for placed in self.placed.values():
            for ref in placed.resource.kind.references:
                value = getattr(placed.resource.spec, ref.field)
                if value is None:
                    continue
                target = Address(ref.kind, (str(value),))
                if target in self.placed or target in self.invalid:
                    continue  # resolved, or its target has its own errors
                if ref.must_resolve:
                    self._dangling(placed, ref, str(value))
                else:
                    first, _, count = remote.get(target, (placed, ref, 0))
                    remote[target] = (first, ref, count + 1)
        for target, (placed, ref, count) in sorted(remote.items()):
            users = f" (used {count} times)" if count > 1 else ""
            message = (
                f"no {target.kind} {target.key[0]!r} in the manifests; assuming it exists"
                f" at Seven Senders{users}"
            )
            at = (*placed.path, ref.field)
            self.warnings.append(_Pending(placed.file, at, at, Anchor.VALUE, message))

    def _dangling(self, placed: _Placed, ref: Reference, value: str) -> None:
        target_kind = self.kinds.get(ref.kind)
        keys = [a.key[0] for a in self.placed if a.kind == ref.kind]
        key_name = target_kind.key_fields[0]
        hint = suggest(value, keys)
        message = f"no {ref.kind} with {key_name} {describe(value)} in the manifests{hint}"
        at = (*placed.path, ref.field)
        self._report(placed.file, at, at, Anchor.VALUE, message)

    def _report(self, file: Path, path: DocPath, at: DocPath, anchor: Anchor, message: str) -> None:
        self.pending.append(_Pending(file, path, at, anchor, message))

    def _result(self, files: list[Path]) -> DesiredState:
        locators: dict[Path, Locator] = {}
        problems = self.problems + [_place(p, locators) for p in self.pending]
        if problems:
            raise ManifestErrors(problems)
        resources = {a: self.placed[a].resource for a in sorted(self.placed)}
        warnings = tuple(sorted(_place(w, locators) for w in self.warnings))
        return DesiredState(resources, tuple(str(f) for f in files), warnings)


def _place(pending: _Pending, locators: dict[Path, Locator]) -> Problem:
    locator = locators.setdefault(pending.file, Locator(pending.file))
    line, column = locator.position(pending.at, pending.anchor)
    return Problem(str(pending.file), line, column, render_path(pending.path), pending.message)


def _namespaced(kind: Kind, data: dict[str, Any], namespace: str) -> dict[str, Any]:
    if not namespace or not kind.namespaced:
        return data
    out = dict(data)
    for name in kind.namespaced:
        if isinstance(out.get(name), str):
            out[name] = namespace + out[name]
    return out


def _address_as_written(kind: Kind, data: dict[str, Any]) -> Address:
    return Address(kind.name, tuple(str(data.get(f)) for f in kind.key_fields))

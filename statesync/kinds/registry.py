"""The registry of resource kinds: discovered from the modules of ``statesync.kinds``.

Each module other than ``base``, ``fields`` and ``registry`` exports ``KIND``. The registry
checks the declarations against each other once, at build time: no duplicate names, sections
or paths; every reference and nesting names a registered kind; every declared field exists.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator
from functools import cache

from statesync.errors import RegistryError
from statesync.kinds.base import Kind

_NOT_KINDS = frozenset({"base", "fields", "registry"})


class Registry:
    """An immutable, checked set of kinds, iterated in name order."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self._kinds: dict[str, Kind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise RegistryError(f"resource kind {kind.name!r} is registered twice")
            self._kinds[kind.name] = kind
        self._kinds = dict(sorted(self._kinds.items()))
        self._sections = {k.section: k for k in self._kinds.values() if k.section}
        self._check()

    def __iter__(self) -> Iterator[Kind]:
        return iter(self._kinds.values())

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def get(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise RegistryError(f"no resource kind named {name!r}") from None

    @property
    def sections(self) -> dict[str, Kind]:
        """Top-level manifest list name → kind (``orders`` → order)."""
        return dict(self._sections)

    def _check(self) -> None:
        self._unique("section", [k.section for k in self if k.section])
        self._unique("API collection", [k.api.collection for k in self])
        self._unique("API resource name", [k.api.resource_name for k in self])
        for kind in self:
            _check_kind(kind, self)

    @staticmethod
    def _unique(what: str, values: list[str]) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise RegistryError(f"two resource kinds declare the {what} {value!r}")
            seen.add(value)


def _check_kind(kind: Kind, registry: Registry) -> None:
    fields = set(kind.spec.model_fields)

    def need(field: str, role: str) -> None:
        if field not in fields:
            raise RegistryError(f"{kind.name}: {role} {field!r} is not a field of its spec")

    for name in kind.key_fields:
        need(name, "key field")
    for ref in kind.references:
        need(ref.field, "reference field")
        if ref.kind not in registry:
            raise RegistryError(f"{kind.name}.{ref.field} references unknown kind {ref.kind!r}")
        if len(registry.get(ref.kind).key_fields) != 1:
            raise RegistryError(f"{kind.name}.{ref.field}: {ref.kind} has a composite key")
    for name in kind.sensitive | kind.manifest_only | kind.namespaced:
        need(name, "declared field")
    for immutable in kind.immutable:
        need(immutable.field, "immutable field")
    for nesting in kind.nested:
        if nesting.kind not in registry:
            raise RegistryError(f"{kind.name}.{nesting.field} nests unknown kind {nesting.kind!r}")
        if nesting.field in fields:
            raise RegistryError(f"{kind.name}.{nesting.field} is both a field and a nesting")


def discover() -> list[Kind]:
    """Import every kind module in this package and collect its ``KIND``."""
    package = importlib.import_module("statesync.kinds")
    kinds = []
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name in _NOT_KINDS or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"statesync.kinds.{module_info.name}")
        kind = getattr(module, "KIND", None)
        if not isinstance(kind, Kind):
            raise RegistryError(f"statesync.kinds.{module_info.name} does not export a KIND")
        kinds.append(kind)
    return kinds


@cache
def registry() -> Registry:
    """The registry of every built-in kind (built once)."""
    return Registry(discover())

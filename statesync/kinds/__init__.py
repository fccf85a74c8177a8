"""Resource kinds: one module per Seven Senders resource, each exporting a ``Kind``.

Everything else in statesync reads these declarations; see ``base`` for what a kind declares
and ``registry`` for how they are discovered and checked.
"""

from statesync.kinds.base import Api, Immutable, Kind, Nesting, Reference, Spec
from statesync.kinds.registry import Registry, registry

__all__ = ["Api", "Immutable", "Kind", "Nesting", "Reference", "Registry", "Spec", "registry"]

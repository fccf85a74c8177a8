"""Manifests → ``DesiredState``: read YAML fast with positions, interpolate, flatten, validate.

``load`` is the entry point; every problem in a tree comes back at once as ``ManifestErrors``,
each ``file:line:column: field.path: message``.
"""

from statesync.desired import DesiredState, Resource, Source
from statesync.manifest.loader import LoadOptions, load

__all__ = ["DesiredState", "LoadOptions", "Resource", "Source", "load"]

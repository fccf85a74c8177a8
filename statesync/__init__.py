"""statesync: keep Seven Senders Return Portal Pro data in the state YAML manifests describe.

The public API is what ``__all__`` names (a test guards it); everything else may change.
Names are imported on first use, so ``import statesync.plan`` loads the planner alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from statesync._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "Address": "statesync.addresses",
    "Config": "statesync.config",
    "load_config": "statesync.config",
    "ConfigError": "statesync.errors",
    "ManifestErrors": "statesync.errors",
    "Problem": "statesync.errors",
    "StatesyncError": "statesync.errors",
    "Kind": "statesync.kinds",
    "registry": "statesync.kinds",
    "DesiredState": "statesync.manifest",
    "LoadOptions": "statesync.manifest",
    "Resource": "statesync.manifest",
    "Source": "statesync.manifest",
    "load": "statesync.manifest",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from statesync.addresses import Address as Address
    from statesync.config import Config as Config
    from statesync.config import load_config as load_config
    from statesync.errors import ConfigError as ConfigError
    from statesync.errors import ManifestErrors as ManifestErrors
    from statesync.errors import Problem as Problem
    from statesync.errors import StatesyncError as StatesyncError
    from statesync.kinds import Kind as Kind
    from statesync.kinds import registry as registry
    from statesync.manifest import DesiredState as DesiredState
    from statesync.manifest import LoadOptions as LoadOptions
    from statesync.manifest import Resource as Resource
    from statesync.manifest import Source as Source
    from statesync.manifest import load as load


__getattr__ = lazy_exports("statesync", _EXPORTS, globals())

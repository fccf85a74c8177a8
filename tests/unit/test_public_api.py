"""The public API is exactly what ``statesync.__all__`` names, and all of it imports."""

from __future__ import annotations

import subprocess
import sys

import statesync

PUBLIC = {
    "Address",
    "Config",
    "ConfigError",
    "DesiredState",
    "Kind",
    "LoadOptions",
    "ManifestErrors",
    "Problem",
    "Resource",
    "Source",
    "StatesyncError",
    "__version__",
    "load",
    "load_config",
    "registry",
}


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert set(statesync.__all__) == PUBLIC


def test_every_public_name_exists() -> None:
    for name in statesync.__all__:
        assert getattr(statesync, name) is not None, name


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert statesync.__version__ == version("statesync")


def test_star_import_gives_the_public_names() -> None:
    code = "from statesync import *; print(sorted(k for k in dir() if not k.startswith('_')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(sorted(n for n in PUBLIC if not n.startswith("_")))

"""Options shared by commands that read manifests: config file, paths, variables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from statesync.config import Config, load_config
from statesync.errors import ConfigError
from statesync.manifest import LoadOptions

F = TypeVar("F", bound=Callable[..., Any])


lock_timeout_option = click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a state lock held by another run.",
)


def manifest_options(command: F) -> F:
    """``PATHS…``, ``--config``, ``--var NAME=VALUE`` (repeatable)."""
    command = click.option(
        "--var",
        "variables",
        multiple=True,
        metavar="NAME=VALUE",
        help="Set ${var.NAME} (overrides vars: in files and statesync.yaml). Repeatable.",
    )(command)
    command = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file (default: ./statesync.yaml if present).",
    )(command)
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path))(command)


def parse_vars(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.isidentifier():
            raise ConfigError(f"--var expects NAME=VALUE, got {pair!r}")
        out[name] = value
    return out


def resolve(
    paths: Sequence[Path], config_path: Path | None, variables: Sequence[str]
) -> tuple[Config, list[Path], LoadOptions]:
    """Settings, the manifest paths to read, and the loader's options."""
    config = load_config(config_path)
    options = LoadOptions(
        variables=config.vars, overrides=parse_vars(variables), namespace=config.namespace
    )
    return config, list(paths) or [Path(config.manifests)], options

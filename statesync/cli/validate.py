"""``statesync validate``: check manifests offline and report every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from statesync.cli.options import manifest_options, resolve
from statesync.cli.output import report_warnings
from statesync.manifest import load


@click.command("validate")
@manifest_options
def validate_command(
    paths: Sequence[Path], config_path: Path | None, variables: Sequence[str]
) -> None:
    """Check manifests (default: manifests/) without touching the API.

    Prints OK with a count per kind, or every problem as file:line:column: field: message.
    Exit code 0 when valid, 1 otherwise.

    \b
    Examples:
      statesync validate
      statesync validate manifests/ --var shop_url=https://shop.example.com
      statesync validate orders.yaml products.yaml
    """
    _, targets, options = resolve(paths, config_path, variables)
    desired = load(targets, options)
    report_warnings(desired.warnings)
    kinds = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in desired.count_by_kind().items())
    click.echo(f"OK: {len(desired)} resources ({kinds})")

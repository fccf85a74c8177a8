"""``statesync generate``: deterministic, seeded manifest trees for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path

import click

from statesync.generate import GenerateOptions, generate


@click.command("generate")
@click.option("--orders", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--items-per-order", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write (created if needed; generated files are overwritten).",
)
def generate_command(orders: int, items_per_order: int, seed: int, out: Path) -> None:
    """Write a valid manifest tree of generated orders, products and images.

    The same options always give byte-identical files.

    \b
    Examples:
      statesync generate --orders 100 --out /tmp/shop
      statesync generate --orders 10000 --items-per-order 3 --seed 7 --out bench/
    """
    options = GenerateOptions(orders=orders, items_per_order=items_per_order, seed=seed)
    files = generate(out, options)
    click.echo(f"Wrote {len(files)} files to {out}/ ({orders} orders, seed {seed})")

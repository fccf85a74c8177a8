"""How long reading and checking manifests takes, against plain ruamel.yaml in the same run.

For each size, a tree is generated (``statesync generate``: 3 items, 1 shipment and 1 event
per order, one product per two orders), then timed:

- ``statesync validate DIR`` as a user runs it (a subprocess: start-up and imports included);
- ``statesync.load(DIR)`` in-process (parse, interpolate, flatten, validate, cross-check);
- baselines: ruamel.yaml's default ``YAML()`` (round-trip) and ``YAML(typ="safe")`` loading
  the same files, with no validation at all.

Absolute times drift between runs and machines; the ratios are the result.

    python benchmarks/load.py                      # 1,000 and 10,000 orders
    python benchmarks/load.py --orders 1000 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from statesync import load
from statesync.generate import GenerateOptions, generate
from statesync.manifest.files import collect_files


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` runs, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def ruamel_load(files: list[Path], typ: str | None) -> None:
    yaml = YAML(typ=typ) if typ else YAML()
    for path in files:
        with path.open(encoding="utf-8") as stream:
            yaml.load(stream)


def validate_cli(root: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "statesync", "validate", str(root)],
        check=True,
        capture_output=True,
    )


def bench(orders: int, repeat: int, baseline_repeat: int, workdir: Path) -> dict[str, float]:
    root = workdir / f"orders-{orders}"
    generate(root, GenerateOptions(orders=orders, items_per_order=3, seed=1))
    files, _ = collect_files([root])
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"\n{orders:,} orders: {len(files)} files, {size_mb:.1f} MB of YAML", flush=True)
    results = {
        "statesync validate (CLI)": timed(lambda: validate_cli(root), repeat),
        "statesync.load (in-process)": timed(lambda: load([root]), repeat),
        'ruamel YAML(typ="safe") load only': timed(
            lambda: ruamel_load(files, "safe"), baseline_repeat
        ),
        "ruamel YAML() load only": timed(lambda: ruamel_load(files, None), baseline_repeat),
    }
    baseline = results["ruamel YAML() load only"]
    for name, seconds in results.items():
        print(f"  {name:<36} {seconds:8.2f} s   {baseline / seconds:6.1f}x faster than YAML()")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of statesync per size")
    parser.add_argument("--baseline-repeat", type=int, default=1, help="runs of each baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="statesync-bench-") as workdir:
        for orders in args.orders:
            bench(orders, args.repeat, args.baseline_repeat, Path(workdir))


if __name__ == "__main__":
    main()

"""Shared output helpers: manifest problems, warnings, colour, atomic file writes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from statesync.errors import ManifestErrors, Problem


def report_problems(errors: ManifestErrors) -> None:
    """Every problem on stderr, then a count; the caller exits 1."""
    for problem in errors.problems:
        click.echo(str(problem), err=True)
    count = len(errors.problems)
    click.echo(f"Error: {count} problem{'s' if count != 1 else ''} found", err=True)


def report_warnings(warnings: tuple[Problem, ...]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, never with --no-color or NO_COLOR set."""
    return not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

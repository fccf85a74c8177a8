"""Shared output helpers: manifest problems, warnings, colour, atomic file writes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from statesync.errors import ManifestErrors, Problem
from statesync.fileio import atomic_write


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
    """Write the whole file or nothing (a plan file is readable by others: 0644)."""
    atomic_write(path, text.encode("utf-8"), mode=0o644)

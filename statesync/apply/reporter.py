"""Progress goes to a reporter (no-op by default): a line per change, or a bar on a TTY."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from statesync.plan.model import Change


class Reporter(Protocol):
    def started(self, total: int) -> None: ...
    def done(self, change: Change, detail: str) -> None: ...
    def failed(self, change: Change, message: str) -> None: ...
    def skipped(self, change: Change, reason: str) -> None: ...
    def finished(self) -> None: ...


class NullReporter:
    def started(self, total: int) -> None:
        return None

    def done(self, change: Change, detail: str) -> None:
        return None

    def failed(self, change: Change, message: str) -> None:
        return None

    def skipped(self, change: Change, reason: str) -> None:
        return None

    def finished(self) -> None:
        return None


class LineReporter(NullReporter):
    """One line per change, for logs and CI."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        self._echo = echo

    def done(self, change: Change, detail: str) -> None:
        self._echo(f"{change.action.symbol} {change.address}: {detail}")

    def failed(self, change: Change, message: str) -> None:
        self._echo(f"✗ {change.address}: failed: {message}")

    def skipped(self, change: Change, reason: str) -> None:
        self._echo(f"  {change.address}: skipped: {reason}")


class ProgressReporter(NullReporter):
    """A progress bar on a terminal; failures and skips are printed above it as they happen."""

    def __init__(self, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("Applying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("apply", total=0)

    def started(self, total: int) -> None:
        self._progress.update(self._task, total=total)
        self._progress.start()

    def done(self, change: Change, detail: str) -> None:
        self._progress.advance(self._task)

    def failed(self, change: Change, message: str) -> None:
        self._progress.console.print(f"✗ {change.address}: failed: {message}", highlight=False)
        self._progress.advance(self._task)

    def skipped(self, change: Change, reason: str) -> None:
        self._progress.console.print(f"  {change.address}: skipped: {reason}", highlight=False)
        self._progress.advance(self._task)

    def finished(self) -> None:
        self._progress.stop()

"""The exception tree. Every error a user can cause is a ``StatesyncError``.

::

    StatesyncError                 anything statesync reports without a traceback
    ├── ConfigError                statesync.yaml or a command-line option is wrong
    ├── ManifestErrors             one or more problems in the manifests, all at once
    ├── PlanError                  a dependency cycle, a dangling reference, an unknown target
    ├── RegistryError              a resource kind is declared twice or inconsistently
    └── StateError                 the state cannot be read, written or locked
        └── StateLockedError       someone else holds the lock, or a dead process left it

The CLI turns a ``StatesyncError`` into a message and exit code 1; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class StatesyncError(Exception):
    """Base of every error caused by user input or the environment, not by a bug."""


class ConfigError(StatesyncError):
    """statesync.yaml or a command-line option is invalid."""


class PlanError(StatesyncError):
    """The desired and last-applied states cannot be turned into a plan."""


class RegistryError(StatesyncError):
    """A resource kind is registered twice or declares something inconsistent."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line:col: path: message``.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" (e.g. unreadable).
    ``path`` is the field path inside the document, e.g. ``orders[0].items[1].sales_price``,
    empty when the problem is about the file itself.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ManifestErrors(StatesyncError):
    """Every problem found in a manifest tree, sorted by file and position."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class StateError(StatesyncError):
    """A state that cannot be read, written or locked."""

"""The command line: thin. Parse options, call the engine, map outcomes to exit codes.

A ``StatesyncError`` becomes its message on stderr and exit code 1 (``ManifestErrors``: every
problem, one per line, then a count); anything else is a bug and keeps its traceback.
"""

from statesync.cli.main import cli, main

__all__ = ["cli", "main"]

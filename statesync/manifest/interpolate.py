"""``${var.NAME}`` and ``${env.NAME}`` inside manifest strings.

A string that is exactly one ``${var.NAME}`` takes the variable's value with its type (a
number stays a number); otherwise values are joined into the string. ``$${`` is a literal
``${``. A missing variable is an error, never an empty string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from statesync.manifest.locate import DocPath

_TOKEN = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_REFERENCE = re.compile(r"(var|env)\.([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Unresolved:
    """An interpolation that could not be done, at ``path``."""

    path: DocPath
    message: str


class _Missing(Exception):
    pass


class Interpolator:
    """Resolves interpolations against variables and an environment (injected, for tests)."""

    def __init__(self, variables: Mapping[str, Any], environ: Mapping[str, str]) -> None:
        self._vars = variables
        self._env = environ

    def apply(self, data: Any, path: DocPath = ()) -> tuple[Any, list[Unresolved]]:
        """Interpolate every string in ``data`` in place (mappings, lists); returns the result."""
        problems: list[Unresolved] = []
        return self._walk(data, path, problems.append), problems

    def _walk(self, data: Any, path: DocPath, report: Callable[[Unresolved], None]) -> Any:
        if isinstance(data, str):
            return self._string(data, path, report) if "${" in data else data
        if isinstance(data, dict):
            for key, value in data.items():
                data[key] = self._walk(value, (*path, key), report)
        elif isinstance(data, list):
            for index, value in enumerate(data):
                data[index] = self._walk(value, (*path, index), report)
        return data

    def _string(self, text: str, path: DocPath, report: Callable[[Unresolved], None]) -> Any:
        whole = _TOKEN.fullmatch(text)
        try:
            if whole and whole.group(1) is not None:
                return self._lookup(whole.group(1))
            return _TOKEN.sub(lambda m: self._piece(m), text)
        except _Missing as missing:
            report(Unresolved(path, str(missing)))
            return text

    def _piece(self, match: re.Match[str]) -> str:
        if match.group(1) is None:
            return "${"
        value = self._lookup(match.group(1))
        if isinstance(value, dict | list):
            raise _Missing(
                f"${{{match.group(1)}}} is a {type(value).__name__}; it cannot be part of a string"
            )
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def _lookup(self, expression: str) -> Any:
        ref = _REFERENCE.fullmatch(expression.strip())
        if ref is None:
            raise _Missing(
                f"cannot interpolate ${{{expression}}}: use ${{var.NAME}} or ${{env.NAME}}"
            )
        source, name = ref.groups()
        if source == "env":
            if name not in self._env:
                raise _Missing(f"environment variable {name} is not set (used as ${{env.{name}}})")
            return self._env[name]
        if name not in self._vars:
            raise _Missing(
                f"undefined variable {name!r} (used as ${{var.{name}}}); define it under vars:,"
                f" in statesync.yaml, or with --var {name}=VALUE"
            )
        return self._vars[name]

"""The shapes of the simulator's answers, as API.md documents them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class SimResponse:
    """Status, JSON body (None for none) and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> SimResponse:
    return SimResponse(status, body, headers or {})


def invalid(violations: list[dict[str, str]], status: int = 400) -> SimResponse:
    """400 (or 409): ``title``, ``detail`` (one line per violation) and ``violations``."""
    detail = "\n".join(f"{v['propertyPath']}: {v['message']}" for v in violations)
    body = {"title": "An error occurred", "detail": detail, "violations": violations}
    return SimResponse(status, body)


def violation(path: str, message: str, status: int = 400) -> SimResponse:
    return invalid([{"propertyPath": path, "message": message}], status)


def error(
    status: int, message: str | None = None, headers: dict[str, str] | None = None
) -> SimResponse:
    """401/404/405/429/5xx: ``{"code": …, "message": …}``."""
    return SimResponse(
        status, {"code": status, "message": message or REASONS[status]}, headers or {}
    )

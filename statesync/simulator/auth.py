"""Tokens: ``POST /token`` with the configured access key gives a JWT-shaped bearer token.

Tokens are HMAC-SHA256-signed with a per-simulator secret and carry their expiry; expiry is
judged by the injected clock, so tests can move time instead of waiting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from typing import Any


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenIssuer:
    """Issues and checks tokens that live ``ttl`` seconds by ``clock``."""

    def __init__(self, clock: Callable[[], float], ttl: float, secret: bytes | None = None) -> None:
        self._clock = clock
        self._ttl = ttl
        self._secret = secret or secrets.token_bytes(32)

    def issue(self, subject: str = "statesync") -> str:
        now = self._clock()
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = {"sub": subject, "iat": int(now), "exp": now + self._ttl}
        payload = _b64(json.dumps(claims).encode())
        return f"{header}.{payload}.{self._sign(header, payload)}"

    def check(self, token: str) -> str | None:
        """None if the token is good, else the API's message for it."""
        parts = token.split(".")
        if len(parts) != 3 or not hmac.compare_digest(parts[2], self._sign(parts[0], parts[1])):
            return "Invalid JWT Token"
        try:
            claims: dict[str, Any] = json.loads(_unb64(parts[1]))
        except ValueError:
            return "Invalid JWT Token"
        if float(claims.get("exp", 0)) <= self._clock():
            return "Expired JWT Token"
        return None

    def _sign(self, header: str, payload: str) -> str:
        digest = hmac.new(self._secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return _b64(digest)

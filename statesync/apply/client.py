"""The Seven Senders API client: auth, retries, backoff, rate limit. The only code that talks
to the API.

- A token is fetched lazily, refreshed a minute before it expires (the JWT's ``exp``; 60 min
  when unreadable) and once more on a 401.
- Retried, with exponential backoff and full jitter, bounded in attempts and total time: a
  connection that could not be made, 429 (honouring ``Retry-After``), 502, 503 and 504.
- An *ambiguous* failure — the request may have reached the server but no answer came (a read
  error, a read timeout, a connection broken mid-answer) — is retried only for idempotent
  calls (GET, PUT). For a POST it raises ``AnswerLost`` and the caller looks the object up by
  its natural key before any retry: never a blind second POST.
- Other 4xx fail at once with the server's ``detail``/``violations``.
- The access key is never logged or put into an error message.
"""

from __future__ import annotations

import asyncio
import base64
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from statesync.apply.ratelimit import RateLimiter
from statesync.errors import StatesyncError

RETRY_STATUSES = frozenset({429, 502, 503, 504})
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_AMBIGUOUS = (httpx.ReadError, httpx.ReadTimeout, httpx.WriteError, httpx.RemoteProtocolError)


class ApiError(StatesyncError):
    """A call failed for good; ``status`` is None when no answer ever came."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class AnswerLost(ApiError):
    """A POST may have been processed, but its answer never arrived."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 8
    base_delay_s: float = 0.2
    max_delay_s: float = 10.0
    total_s: float = 120.0


class ApiClient:
    """Calls the API through ``transport`` (an httpx transport: real network or simulator)."""

    def __init__(
        self,
        base_url: str,
        access_key: str,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_s: float = 30.0,
        retry: RetryPolicy | None = None,
        limiter: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: random.Random | None = None,
        lanes: int = 1,
    ) -> None:
        # One connection pool per lane: a single shared AsyncClient slows down as concurrency
        # rises (PERFORMANCE.md); each executor worker uses its own lane.
        self._lanes = [
            httpx.AsyncClient(base_url=base_url.rstrip("/"), transport=transport, timeout=timeout_s)
            for _ in range(max(1, lanes))
        ]
        self._http = self._lanes[0]
        self._access_key = access_key
        self._retry = retry or RetryPolicy()
        self._limiter = limiter or RateLimiter(None)
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter or random.Random()
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_lock = asyncio.Lock()
        self.calls = 0  # requests sent to the API, token requests included

    async def close(self) -> None:
        for lane in self._lanes:
            await lane.aclose()

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def request(self, method: str, path: str, body: Any = None, lane: int = 0) -> Any:
        """Send one call; return the decoded JSON answer (None when empty)."""
        started = self._clock()
        refreshed = False
        for attempt in range(1, self._retry.attempts + 1):
            token = await self._valid_token()
            try:
                response = await self._send(method, path, body, token, lane)
            except _NOT_SENT as exc:
                await self._back_off(attempt, started, None, f"cannot connect ({exc})")
                continue
            except _AMBIGUOUS as exc:
                if method == "POST":
                    raise AnswerLost(f"{method} {path}: no answer ({type(exc).__name__})") from None
                await self._back_off(attempt, started, None, f"no answer ({type(exc).__name__})")
                continue
            if response.status_code == 401 and not refreshed:
                refreshed = True
                self._token = None
                continue
            if response.status_code in RETRY_STATUSES:
                await self._back_off(attempt, started, response, f"HTTP {response.status_code}")
                continue
            return _result(method, path, response)
        raise ApiError(f"{method} {path}: gave up after {self._retry.attempts} attempts")

    async def _send(
        self, method: str, path: str, body: Any, token: str, lane: int
    ) -> httpx.Response:
        await self._limiter.acquire()
        self.calls += 1
        headers = {"Authorization": f"Bearer {token}"}
        http = self._lanes[lane % len(self._lanes)]
        return await http.request(method, path, json=body, headers=headers)

    async def _back_off(
        self, attempt: int, started: float, response: httpx.Response | None, why: str
    ) -> None:
        delay = min(self._retry.max_delay_s, self._retry.base_delay_s * 2 ** (attempt - 1))
        delay = self._jitter.uniform(0, delay)
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after and retry_after.isdigit():
            delay = max(delay, float(retry_after))
        if attempt >= self._retry.attempts or self._clock() - started + delay > self._retry.total_s:
            status = response.status_code if response is not None else None
            raise ApiError(f"{why}; gave up after {attempt} attempts", status)
        await self._sleep(delay)

    async def _valid_token(self) -> str:
        async with self._token_lock:
            if self._token is None or self._clock() >= self._token_expires - 60:
                self._token, lifetime = await self._fetch_token()
                self._token_expires = self._clock() + lifetime
            return self._token

    async def _fetch_token(self) -> tuple[str, float]:
        for attempt in range(1, self._retry.attempts + 1):
            await self._limiter.acquire()
            self.calls += 1
            try:
                response = await self._http.post("/token", json={"access_key": self._access_key})
            except (*_NOT_SENT, *_AMBIGUOUS) as exc:  # asking for a token has no side effects
                await self._back_off(attempt, self._clock(), None, f"token: {type(exc).__name__}")
                continue
            if response.status_code in RETRY_STATUSES:
                await self._back_off(
                    attempt, self._clock(), response, f"token: HTTP {response.status_code}"
                )
                continue
            if response.status_code != 200:
                raise ApiError(
                    f"POST /token: {_message(response)} (check the access key)",
                    response.status_code,
                )
            token = str(response.json()["token"])
            return token, _lifetime(token)
        raise ApiError("POST /token: gave up")


def _result(method: str, path: str, response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise ApiError(
            f"{method} {path}: HTTP {response.status_code}: {_message(response)}",
            response.status_code,
        )
    return response.json() if response.content else None


def _message(response: httpx.Response) -> str:
    """The server's own words: ``detail`` (400/409), ``message`` (401/404), or the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict):
        detail = body.get("detail") or body.get("message")
        if detail:
            return str(detail).replace("\n", "; ")
    return json.dumps(body)[:200]


def _lifetime(token: str) -> float:
    """Seconds until the JWT's ``exp``, judged from its own ``iat``; 3600 when unreadable."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return max(0.0, float(claims["exp"]) - float(claims["iat"]))
    except (IndexError, ValueError, KeyError, TypeError):
        return 3600.0

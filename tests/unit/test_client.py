"""The API client: tokens, retries and backoff, lost answers, errors, the rate limit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from statesync.apply.client import AnswerLost, ApiClient, ApiError, RetryPolicy
from statesync.apply.ratelimit import RateLimiter
from statesync.simulator import FaultRule, Simulator, SimulatorConfig, SimulatorTransport
from tests.apply_helpers import simulator
from tests.simulator_helpers import ORDER


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def client(sim: Simulator, clock: Clock, **options: Any) -> ApiClient:
    return ApiClient(
        "http://sim/v2",
        sim.config.access_key,
        transport=SimulatorTransport(sim),
        clock=clock,
        sleep=clock.sleep,
        **options,
    )


def run(action: Callable[[], Any]) -> Any:
    return asyncio.run(action())


def test_the_token_is_fetched_once_and_reused() -> None:
    sim, clock = simulator(), Clock()

    async def calls() -> int:
        async with client(sim, clock) as api:
            await api.request("GET", "/orders")
            await api.request("GET", "/orders")
        return api.calls

    assert run(calls) == 3
    assert [e.path for e in sim.log] == ["/v2/token", "/v2/orders", "/v2/orders"]


def test_the_token_is_refreshed_before_it_expires() -> None:
    server_clock, clock = Clock(), Clock()
    sim = Simulator(SimulatorConfig(access_key="k", token_ttl_s=300), clock=server_clock)

    async def calls() -> None:
        async with client(sim, clock) as api:
            await api.request("GET", "/orders")
            clock.now += 250  # within a minute of expiry: refresh first
            server_clock.now += 250
            await api.request("GET", "/orders")

    run(calls)
    assert [(e.path, e.status) for e in sim.log] == [
        ("/v2/token", 200), ("/v2/orders", 200), ("/v2/token", 200), ("/v2/orders", 200),
    ]  # fmt: skip


def test_a_401_refreshes_the_token_once() -> None:
    server_clock, clock = Clock(), Clock()
    sim = Simulator(SimulatorConfig(access_key="k", token_ttl_s=300), clock=server_clock)

    async def calls() -> None:
        async with client(sim, clock) as api:
            await api.request("GET", "/orders")
            server_clock.now += 301  # the server thinks it expired; the client does not know
            await api.request("GET", "/orders")

    run(calls)
    assert [(e.path, e.status) for e in sim.log][2:] == [
        ("/v2/orders", 401), ("/v2/token", 200), ("/v2/orders", 200),
    ]  # fmt: skip


def test_a_wrong_access_key_is_a_clear_error_without_the_key() -> None:
    sim, clock = simulator(), Clock()

    async def call() -> None:
        async with ApiClient(
            "http://sim/v2",
            "s3cret-key",
            transport=SimulatorTransport(sim),
            clock=clock,
            sleep=clock.sleep,
        ) as api:
            await api.request("GET", "/orders")

    with pytest.raises(ApiError) as caught:
        run(call)
    assert str(caught.value) == "POST /token: Invalid credentials. (check the access key)"
    assert "s3cret" not in str(caught.value)


def test_429_honours_retry_after_and_backs_off() -> None:
    sim, clock = (
        simulator(FaultRule("429", path="/v2/orders", method="POST", retry_after=3)),
        Clock(),
    )

    async def call() -> None:
        async with client(sim, clock, retry=RetryPolicy(attempts=3, total_s=60)) as api:
            await api.request("POST", "/orders", ORDER)

    with pytest.raises(ApiError, match="HTTP 429; gave up after 3 attempts"):
        run(call)
    assert clock.slept == [3.0, 3.0]


def test_backoff_grows_exponentially_with_jitter_within_bounds() -> None:
    sim, clock = simulator(FaultRule("503", path="/v2/orders")), Clock()

    async def call() -> None:
        policy = RetryPolicy(attempts=6, base_delay_s=1, max_delay_s=4, total_s=100)
        async with client(sim, clock, retry=policy) as api:
            await api.request("GET", "/orders")

    with pytest.raises(ApiError) as caught:
        run(call)
    assert caught.value.status == 503
    caps = [1, 2, 4, 4, 4]
    assert len(clock.slept) == 5
    assert all(0 <= s <= cap for s, cap in zip(clock.slept, caps, strict=True))


def test_the_total_time_bound_stops_retries() -> None:
    sim, clock = simulator(FaultRule("502", path="/v2/orders")), Clock()

    async def call() -> None:
        policy = RetryPolicy(attempts=50, base_delay_s=10, max_delay_s=10, total_s=25)
        async with client(sim, clock, retry=policy, jitter=__import__("random").Random(1)) as api:
            await api.request("GET", "/orders")

    with pytest.raises(ApiError):
        run(call)
    assert sum(clock.slept) <= 25


def test_a_lost_post_answer_is_not_retried_but_reported() -> None:
    sim, clock = simulator(FaultRule("lost", path="/v2/orders", method="POST")), Clock()

    async def call() -> None:
        async with client(sim, clock) as api:
            await api.request("POST", "/orders", ORDER)

    with pytest.raises(AnswerLost):
        run(call)
    assert [e.method for e in sim.log if e.path == "/v2/orders"] == ["POST"]  # sent once


def test_a_lost_put_answer_is_retried() -> None:
    sim, clock = (
        simulator(FaultRule("lost", rate=0.5, path="/v2/orders/1", method="PUT"), seed=4),
        Clock(),
    )

    async def call() -> Any:
        async with client(sim, clock) as api:
            await api.request("POST", "/orders", ORDER)
            return await api.request("PUT", "/orders/1", {"boarding_complete": True})

    assert run(call)["boarding_complete"] is True
    assert [e.outcome for e in sim.log if e.method == "PUT"][-1] == "answered"


def test_other_4xx_fail_at_once_with_the_servers_detail() -> None:
    sim, clock = simulator(), Clock()

    async def call() -> None:
        async with client(sim, clock) as api:
            await api.request("POST", "/orders", {"order_id": "O1"})

    with pytest.raises(ApiError) as caught:
        run(call)
    assert (
        str(caught.value) == "POST /orders: HTTP 400: order_date: This value should not be blank."
    )
    assert caught.value.status == 400 and clock.slept == []


def test_the_rate_limit_spaces_request_starts() -> None:
    clock = Clock()

    async def starts() -> list[float]:
        limiter = RateLimiter(4, clock=clock, sleep=clock.sleep)
        seen = []
        for _ in range(5):
            await limiter.acquire()
            seen.append(clock.now)
        return seen

    times = run(starts)
    assert [round(t - times[0], 2) for t in times] == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_connection_failures_are_retried() -> None:
    sim, clock = simulator(FaultRule("drop", rate=0.5, path="/v2/orders"), seed=1), Clock()

    async def call() -> Any:
        async with client(sim, clock) as api:
            return await api.request("POST", "/orders", ORDER)

    assert run(call)["order_id"] == "O1"
    assert any(e.outcome == "dropped" for e in sim.log)


def test_an_unreachable_server_gives_up_cleanly() -> None:
    clock = Clock()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def call() -> None:
        async with ApiClient(
            "http://nowhere/v2",
            "k",
            transport=httpx.MockTransport(refuse),
            clock=clock,
            sleep=clock.sleep,
            retry=RetryPolicy(attempts=3),
        ) as api:
            await api.request("GET", "/orders")

    with pytest.raises(ApiError, match="gave up"):
        run(call)

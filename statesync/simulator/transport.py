"""The simulator as an httpx transport, for ``httpx.Client`` and ``httpx.AsyncClient`` alike.

A dropped connection raises ``httpx.ConnectError``; an answer lost after commit raises
``httpx.ReadError`` after the simulator has stored the object — exactly what a client sees
when the network fails at those moments. Latency sleeps (``asyncio.sleep`` when async).
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx

from statesync.simulator.core import Exchange, SimRequest, Simulator


class SimulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = self.simulator.exchange(_to_sim(request, request.read()))
        if exchange.latency_s:
            time.sleep(exchange.latency_s)
        return _answer(exchange, request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        exchange = self.simulator.exchange(_to_sim(request, await request.aread()))
        if exchange.latency_s:
            await asyncio.sleep(exchange.latency_s)
        return _answer(exchange, request)


def _to_sim(request: httpx.Request, body: bytes) -> SimRequest:
    return SimRequest(
        method=request.method,
        path=request.url.path,
        query=dict(request.url.params),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
    )


def _answer(exchange: Exchange, request: httpx.Request) -> httpx.Response:
    if exchange.response is None:
        raise httpx.ConnectError("simulated fault: connection dropped", request=request)
    if exchange.lost:
        raise httpx.ReadError("simulated fault: answer lost after commit", request=request)
    response = exchange.response
    content = b"" if response.body is None else json.dumps(response.body).encode()
    headers = {"content-type": "application/json", **response.headers}
    return httpx.Response(response.status, headers=headers, content=content, request=request)

"""The simulator as an ASGI application, for ``statesync sim serve`` (uvicorn).

Faults over a real socket: a dropped connection and an answer lost after commit both start a
response that promises a body and then end without it, so the client sees the connection
break mid-answer (httpx: ``RemoteProtocolError``); for ``lost`` the object is already stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from statesync.simulator.core import SimRequest, Simulator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_BROKEN_ANSWER = "returned without completing response"


class SimulatorApp:
    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = SimRequest(
            method=scope["method"],
            path=scope["path"],
            query=dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]},
            body=await _read_body(receive),
        )
        exchange = self.simulator.exchange(request)
        if exchange.latency_s:
            await asyncio.sleep(exchange.latency_s)
        response = exchange.response
        if response is None or exchange.lost:
            await _break_answer(send)
            return
        content = b"" if response.body is None else json.dumps(response.body).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(content)).encode()),
        ]
        headers += [(k.lower().encode(), v.encode()) for k, v in response.headers.items()]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": content})


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class SimulatedFault(Exception):
    """Raised mid-answer so the server closes the connection at once."""


async def _break_answer(send: Send) -> None:
    """Promise a body, then fail: the server drops the connection mid-answer, at once (a
    handler that merely returned would leave the client waiting for the keep-alive timeout)."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    raise SimulatedFault("simulated fault: the answer is lost")


class QuietBrokenAnswers(logging.Filter):
    """Keeps the server's log free of the complaints that simulated faults cause on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], SimulatedFault):
            return False
        return _BROKEN_ANSWER not in record.getMessage()

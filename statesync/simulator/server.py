"""Serve a simulator over HTTP with uvicorn on a socket we bind (port 0 picks a free one)."""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType

import uvicorn

from statesync.simulator.asgi import QuietBrokenAnswers, SimulatorApp
from statesync.simulator.core import Simulator


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio sets TCP_NODELAY on accepted connections only then, and
    # without it every keep-alive answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(simulator: Simulator, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Run until SIGINT/SIGTERM, then shut down cleanly (in-flight requests finish) and return."""
    config = uvicorn.Config(
        SimulatorApp(simulator), lifespan="off", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    logging.getLogger("uvicorn.error").addFilter(QuietBrokenAnswers())
    original_startup = server.startup

    async def startup(sockets: list[socket.socket] | None = None) -> None:
        await original_startup(sockets=sockets)
        on_ready()

    server.startup = startup  # type: ignore[method-assign]
    # uvicorn shuts down gracefully on SIGINT/SIGTERM, then re-raises the signal to the
    # handler that was there before; ours turns it into a normal return.
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        server.run(sockets=[sock])
    except (_Stopped, KeyboardInterrupt):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Stopped(Exception):
    pass


def _stopped(signum: int, frame: FrameType | None) -> None:
    raise _Stopped

"""``statesync sim serve`` in a subprocess, for tests that need a real socket."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


@contextmanager
def served(*options: str, cwd: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start ``sim serve`` on a free port; yield its base URL; stop it with SIGTERM."""
    process = subprocess.Popen(
        [sys.executable, "-m", "statesync", "sim", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, (
            process.stderr.read() if process.stderr else ""
        )
        yield line.split("listening on ")[1].split()[0], process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)


def token_client(url: str, key: str = "statesync-simulator") -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=10)
    answer = client.post("/token", json={"access_key": key})
    assert answer.status_code == 200
    client.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return client


def calls(url: str) -> list[tuple[str, str, Any]]:
    """(method, path, status) of every non-token request the server saw."""
    log = httpx.get(f"{url}/_simulator/log").json()
    return [(e["method"], e["path"], e["status"]) for e in log if not e["path"].endswith("/token")]

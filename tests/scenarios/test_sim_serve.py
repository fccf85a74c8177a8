"""``statesync sim serve`` as other programs use it: a real server on a loopback socket."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.sim_server import served, token_client
from tests.simulator_helpers import ITEM, ORDER, SHIPMENT, seed


def test_serve_create_the_whole_workflow_over_a_socket_then_stop_cleanly() -> None:
    with served("--memory", "--access-key", "k3y") as (url, process):
        client = token_client(url, "k3y")
        assert client.post("/Order", json=seed("order")).status_code == 201
        assert client.post("/products", json={"sku": ITEM["sku"]}).status_code == 201
        assert client.post("/orders", json=ORDER).status_code == 201
        shipment = client.post("/shipments", json=SHIPMENT)
        assert shipment.status_code == 201
        shipment_id = str(shipment.json()["id"])
        item = client.post("/order_items", json={**ITEM, "shipment_id": shipment_id})
        assert item.status_code == 201
        event = client.post(
            "/shipment_events",
            json={
                "id": shipment_id,
                "event": "Returned to warehouse",
                "datetime": "2020-08-10T09:30:00+02:00",
            },
        )
        assert event.status_code == 201
        assert event.json()["event"] == "returned_to_warehouse"
        log = httpx.get(f"{url}/_simulator/log").json()
        assert [(e["method"], e["path"], e["status"]) for e in log][-4:] == [
            ("POST", "/v2/orders", 201),
            ("POST", "/v2/shipments", 201),
            ("POST", "/v2/order_items", 201),
            ("POST", "/v2/shipment_events", 201),
        ]
        client.close()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert out.strip() == "Simulator stopped."


def test_faults_over_a_socket_break_the_answer() -> None:
    rules = ["--fault", "lost@POST /v2/orders", "--fault", "503@/v2/products"]
    with served("--memory", *rules) as (url, _):
        client = token_client(url)
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/orders", json=ORDER)
        assert [o["order_id"] for o in client.get("/orders").json()] == ["O1"]  # committed
        assert client.post("/products", json={"sku": "S"}).status_code == 503


def test_sqlite_data_survives_a_restart_and_sim_show_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(cwd=tmp_path) as (url, _):
        token_client(url).post("/orders", json=ORDER)
    with served(cwd=tmp_path) as (url, _):
        assert [o["id"] for o in token_client(url).get("/orders").json()] == [1]
    monkeypatch.chdir(tmp_path)
    shown = run_cli("sim", "show", "orders", "--json")
    assert shown.exit_code == 0
    assert '"order_id": "O1"' in shown.stdout
    table = run_cli("sim", "show")
    assert table.stdout.startswith(
        "Simulator (.statesync/simulator.sqlite): 1 orders, 0 order_items, 0 products,"
    )
    reset = run_cli("sim", "reset")
    assert reset.stdout == "Simulator reset: 1 objects removed from .statesync/simulator.sqlite.\n"
    assert '"order": []' in run_cli("sim", "show", "Order", "--json").stdout


def test_sim_show_masks_sensitive_fields_in_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(cwd=tmp_path) as (url, _):
        client = token_client(url)
        client.post("/orders", json=ORDER)
        client.post("/shipments", json=SHIPMENT)
    monkeypatch.chdir(tmp_path)
    shown = run_cli("sim", "show", "shipments")
    assert "(sensitive)" in shown.stdout and "a@example.com" not in shown.stdout


def test_bad_options_are_clear_errors() -> None:
    result = run_cli("sim", "serve", "--fault", "teapot")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: bad fault 'teapot'")
    unknown = run_cli("sim", "show", "parcels")
    assert unknown.exit_code == 1
    assert "no resource kind 'parcels'" in unknown.stderr


def test_the_listening_socket_is_tcp_so_answers_are_not_delayed() -> None:
    # asyncio sets TCP_NODELAY on accepted connections only for IPPROTO_TCP sockets; without
    # it every keep-alive answer waited ~40 ms for a delayed ACK (measured: 23 vs 719 req/s).
    import socket

    from statesync.simulator.server import bind

    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()

"""Builders for simulator tests: a simulator behind an httpx client, with a token."""

from __future__ import annotations

import json
from typing import Any

import httpx

from statesync.simulator import Simulator, SimulatorTransport
from tests.conftest import SEED_PAYLOADS
from tests.samples import ITEM, ORDER, PRODUCT, SHIPMENT

__all__ = ["ITEM", "ORDER", "PRODUCT", "SHIPMENT", "client_for", "seed", "with_order_and_product"]

ACCESS_KEY = "test-access-key"


def seed(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SEED_PAYLOADS / f"{name}.json").read_text())
    return data


def client_for(simulator: Simulator, authorised: bool = True) -> httpx.Client:
    client = httpx.Client(transport=SimulatorTransport(simulator), base_url="http://sim.test/v2")
    if authorised:
        token = client.post("/token", json={"access_key": simulator.config.access_key}).json()
        client.headers["Authorization"] = f"Bearer {token['token']}"
    return client


def with_order_and_product(client: httpx.Client) -> None:
    assert client.post("/orders", json=ORDER).status_code == 201
    assert client.post("/products", json=PRODUCT).status_code == 201

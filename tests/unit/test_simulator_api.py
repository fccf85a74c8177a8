"""The simulator behaves like API.md: auth, paths, ids, reads, merges, conflicts, images."""

from __future__ import annotations

import base64

import httpx
import pytest

from statesync.generate.images import png
from statesync.kinds.product_image import MAX_IMAGE_BYTES
from statesync.simulator import Simulator, SimulatorConfig
from tests.simulator_helpers import (
    ACCESS_KEY,
    ITEM,
    ORDER,
    SHIPMENT,
    client_for,
    seed,
    with_order_and_product,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sim(clock: Clock) -> Simulator:
    return Simulator(SimulatorConfig(access_key=ACCESS_KEY), clock=clock)


@pytest.fixture
def client(sim: Simulator) -> httpx.Client:
    return client_for(sim)


def test_the_documented_payloads_are_accepted_as_is(client: httpx.Client) -> None:
    order, item = seed("order"), seed("order_item")
    assert client.post("/Order", json=order).status_code == 201
    assert client.post("/Product", json={"sku": item["sku"]}).status_code == 201
    created = client.post("/OrderItem", json=item)
    assert created.status_code == 201
    assert {k: v for k, v in created.json().items() if k != "id"} == item


def test_token_with_the_wrong_key_is_401(sim: Simulator) -> None:
    client = client_for(sim, authorised=False)
    answer = client.post("/token", json={"access_key": "wrong"})
    assert answer.status_code == 401
    assert answer.json() == {"code": 401, "message": "Invalid credentials."}


def test_token_without_a_key_is_400(sim: Simulator) -> None:
    answer = client_for(sim, authorised=False).post("/token", json={})
    assert answer.status_code == 400
    assert answer.json()["violations"] == [
        {"propertyPath": "access_key", "message": "This value should not be blank."}
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [(None, "JWT Token not found"), ("Bearer nonsense", "Invalid JWT Token")],
)
def test_missing_or_invalid_token_is_401(sim: Simulator, header: str | None, message: str) -> None:
    client = client_for(sim, authorised=False)
    headers = {"Authorization": header} if header else {}
    answer = client.post("/orders", json=ORDER, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"code": 401, "message": message}


def test_a_token_expires_by_the_injected_clock(sim: Simulator, clock: Clock) -> None:
    client = client_for(sim)
    clock.now += 3599
    assert client.get("/orders").status_code == 200
    clock.now += 2
    answer = client.get("/orders")
    assert answer.status_code == 401
    assert answer.json() == {"code": 401, "message": "Expired JWT Token"}


def test_token_ttl_is_configurable(clock: Clock) -> None:
    client = client_for(Simulator(SimulatorConfig(token_ttl_s=10), clock=clock))
    clock.now += 11
    assert client.get("/orders").status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        "/orders",
        "/Order",
        "/order_items",
        "/order-items",
        "/OrderItem",
        "/products",
        "/Product",
        "/shipments",
        "/Shipment",
        "/shipment_events",
        "/shipment-events",
        "/ShipmentEvent",
    ],
)
def test_every_kind_answers_under_both_names(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 200


def test_paths_work_without_the_version_prefix(sim: Simulator) -> None:
    client = client_for(sim)
    answer = client.get("http://sim.test/orders")
    assert answer.status_code == 200


def test_orders_and_items_get_increasing_ids_and_a_location(client: httpx.Client) -> None:
    with_order_and_product(client)
    second = client.post("/orders", json={**ORDER, "order_id": "O2"})
    assert second.status_code == 201
    assert second.json()["id"] == 2
    assert second.headers["Location"] == "/orders/2"
    items = [client.post("/order_items", json=ITEM).json()["id"] for _ in range(3)]
    assert items == [1, 2, 3]


def test_shipments_get_increasing_nine_digit_ids(client: httpx.Client) -> None:
    with_order_and_product(client)
    ids = [
        client.post("/shipments", json={**SHIPMENT, "tracking_code": f"T{n}"}).json()["id"]
        for n in range(3)
    ]
    assert all(100_000_000 <= i <= 999_999_999 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_get_one_and_filtered_lists(client: httpx.Client) -> None:
    with_order_and_product(client)
    client.post("/orders", json={**ORDER, "order_id": "O2"})
    assert client.get("/orders/2").json()["order_id"] == "O2"
    assert [o["id"] for o in client.get("/orders", params={"order_id": "O2"}).json()] == [2]
    assert len(client.get("/orders").json()) == 2
    shipment = client.post("/shipments", json=SHIPMENT).json()
    found = client.get("/shipments", params={"tracking_code": "T1"}).json()
    assert [s["id"] for s in found] == [shipment["id"]]
    client.post(
        "/shipment_events",
        json={"id": str(shipment["id"]), "event": "refunded", "datetime": "2020-08-01T10:00:00Z"},
    )
    events = client.get("/shipment_events", params={"shipment_id": str(shipment["id"])}).json()
    assert events == [
        {"id": str(shipment["id"]), "event": "refunded", "datetime": "2020-08-01T10:00:00+00:00"}
    ]


def test_put_merges_and_null_clears(client: httpx.Client) -> None:
    with_order_and_product(client)
    client.put("/orders/1", json={"order_url": "https://shop.example.com", "language": ["de"]})
    answer = client.put("/orders/1", json={"order_url": None})
    assert answer.status_code == 200
    assert answer.json() == {"id": 1, **ORDER, "language": ["de"]}
    assert client.get("/orders/1").json() == answer.json()


def test_put_that_clears_a_required_field_is_400(client: httpx.Client) -> None:
    with_order_and_product(client)
    answer = client.put("/orders/1", json={"order_date": None})
    assert answer.status_code == 400
    assert answer.json()["violations"] == [
        {"propertyPath": "order_date", "message": "This value should not be blank."}
    ]


def test_put_cannot_change_an_immutable_field(client: httpx.Client) -> None:
    with_order_and_product(client)
    client.post("/orders", json={**ORDER, "order_id": "O2"})
    item = client.post("/order_items", json=ITEM).json()
    answer = client.put(f"/order_items/{item['id']}", json={"order_id": "O2"})
    assert answer.status_code == 400
    assert answer.json()["violations"] == [
        {"propertyPath": "order_id", "message": "This value cannot be changed."}
    ]


def test_put_of_an_unknown_id_is_404(client: httpx.Client) -> None:
    assert client.put("/orders/99", json={"boarding_complete": True}).status_code == 404


def test_product_update_by_sku(client: httpx.Client) -> None:
    with_order_and_product(client)
    answer = client.put("/products/S1", json={"customs_item_value": "12"})
    assert answer.status_code == 200
    assert client.get("/products/S1").json() == {"sku": "S1", "customs_item_value": "12"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/orders", ORDER, "order_id"),
        ("/products", {"sku": "S1"}, "sku"),
        ("/shipments", SHIPMENT, "tracking_code"),
        (
            "/shipments",
            {**SHIPMENT, "tracking_code": "T2", "reference_number": "R1"},
            "reference_number",
        ),
    ],
)
def test_a_duplicate_is_409(
    client: httpx.Client, path: str, body: dict[str, object], field: str
) -> None:
    with_order_and_product(client)
    client.post("/shipments", json={**SHIPMENT, "tracking_code": "T0", "reference_number": "R1"})
    if path == "/shipments" and field == "tracking_code":
        client.post(path, json=body)
    answer = client.post(path, json=body)
    assert answer.status_code == 409
    assert answer.json()["violations"] == [
        {"propertyPath": field, "message": "This value is already used."}
    ]


def test_upsert_mode_answers_200_and_updates(clock: Clock) -> None:
    client = client_for(Simulator(SimulatorConfig(duplicates="upsert"), clock=clock))
    client.post("/orders", json=ORDER)
    answer = client.post("/orders", json={**ORDER, "boarding_complete": True})
    assert answer.status_code == 200
    assert answer.json() == {"id": 1, **ORDER, "boarding_complete": True}
    assert len(client.get("/orders").json()) == 1


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/order_items", {**ITEM, "order_id": "NOPE"}, "Order NOPE not found (order_id)"),
        ("/order_items", {**ITEM, "sku": "NOPE"}, "Product NOPE not found (sku)"),
        ("/shipments", {**SHIPMENT, "order_id": "NOPE"}, "Order NOPE not found (order_id)"),
        (
            "/shipment_events",
            {"id": "123", "event": "refunded", "datetime": "2020-08-01T10:00:00Z"},
            "Shipment 123 not found (id)",
        ),
        ("/product_images", {"sku": "NOPE", "attachment": "aGk="}, "Product NOPE not found (sku)"),
    ],
)
def test_references_to_missing_objects_are_404(
    client: httpx.Client, path: str, body: dict[str, object], message: str
) -> None:
    with_order_and_product(client)
    answer = client.request("PUT" if path == "/product_images" else "POST", path, json=body)
    assert answer.status_code == 404
    assert answer.json() == {"code": 404, "message": message}


def test_unknown_path_and_wrong_method(client: httpx.Client) -> None:
    assert client.get("/nothing").status_code == 404
    assert client.delete("/orders/1").status_code == 405
    assert client.put("/shipment_events/1", json={}).status_code == 405
    assert client.get("/token").status_code == 405


def test_a_body_that_is_not_json_is_400(client: httpx.Client) -> None:
    answer = client.post(
        "/orders", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == ": Syntax error: the request body is not valid JSON."


def _upload(client: httpx.Client, data: bytes, sku: str = "S1") -> httpx.Response:
    body = {"sku": sku, "attachment": base64.b64encode(data).decode(), "filename": "s.png"}
    return client.put("/product_images", json=body)


def test_image_upload_sets_image_url_and_replaces(client: httpx.Client) -> None:
    with_order_and_product(client)
    first = _upload(client, png(2, 2, (1, 2, 3)))
    assert first.status_code == 200
    url = client.get("/products/S1").json()["image_url"]
    assert url.endswith(".png")
    _upload(client, png(3, 3, (1, 2, 3)))
    assert client.get("/products/S1").json()["image_url"] != url


@pytest.mark.parametrize(
    ("attachment", "message"),
    [
        ("***", "The attachment is not valid base64."),
        (base64.b64encode(b"GIF89a....").decode(), "The file is not a valid JPEG or PNG image."),
        (
            base64.b64encode(png(1, 1, (0, 0, 0)) + b"\0" * MAX_IMAGE_BYTES).decode(),
            "The file is 10485829 bytes; the limit is 10485760.",
        ),
    ],
)
def test_bad_images_are_400(client: httpx.Client, attachment: str, message: str) -> None:
    with_order_and_product(client)
    answer = client.put("/product_images", json={"sku": "S1", "attachment": attachment})
    assert answer.status_code == 400
    assert answer.json()["violations"] == [{"propertyPath": "attachment", "message": message}]


def test_the_request_log_records_calls_and_masks_the_key(sim: Simulator) -> None:
    client = client_for(sim)
    client.post("/orders", json=ORDER)
    assert [(e.method, e.path, e.status) for e in sim.log] == [
        ("POST", "/v2/token", 200),
        ("POST", "/v2/orders", 201),
    ]
    assert sim.log[0].body == {"access_key": "***"}
    assert sim.log[1].body == ORDER

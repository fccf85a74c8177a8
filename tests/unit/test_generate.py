"""Generated trees are valid, shaped as asked, and byte-identical for the same seed."""

from __future__ import annotations

from pathlib import Path

from statesync import load
from statesync.generate import GenerateOptions, generate
from statesync.kinds.product_image import image_type


def _contents(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    options = GenerateOptions(orders=40, items_per_order=3, seed=7, orders_per_file=15)
    generate(tmp_path / "a", options)
    generate(tmp_path / "b", options)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", GenerateOptions(orders=10, seed=1))
    generate(tmp_path / "b", GenerateOptions(orders=10, seed=2))
    assert _contents(tmp_path / "a") != _contents(tmp_path / "b")


def test_generated_tree_is_valid_and_shaped_as_asked(tmp_path: Path) -> None:
    files = generate(tmp_path, GenerateOptions(orders=30, items_per_order=4, orders_per_file=7))
    assert len([f for f in files if f.parent.name == "orders"]) == 5
    desired = load([tmp_path])
    assert desired.count_by_kind() == {
        "order": 30,
        "order_item": 120,
        "product": 15,
        "product_image": 15,
        "shipment": 30,
        "shipment_event": 30,
    }
    assert desired.warnings == ()


def test_generated_data_exercises_the_interesting_cases(tmp_path: Path) -> None:
    generate(tmp_path, GenerateOptions(orders=60, seed=3))
    desired = load([tmp_path])
    items = [
        r.spec.model_dump() for r in desired.resources.values() if r.address.kind == "order_item"
    ]
    events = {
        r.spec.model_dump()["event"]
        for r in desired.resources.values()
        if r.address.kind == "shipment_event"
    }
    languages = {
        str(r.spec.model_dump()["language"])
        for r in desired.resources.values()
        if r.address.kind == "order"
    }
    assert any(i.get("bundle_item") for i in items)
    assert any(i["returnable"] is False for i in items)
    assert all(i["shipment"] for i in items)
    assert events == {"refunded", "returned_to_warehouse"}
    assert len(languages) > 5


def test_generated_images_are_real_png_and_jpeg(tmp_path: Path) -> None:
    generate(tmp_path, GenerateOptions(orders=2))
    kinds = {image_type(p.read_bytes()[:8]) for p in (tmp_path / "images").iterdir()}
    assert kinds == {"png", "jpeg"}

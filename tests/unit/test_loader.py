"""Loading a tree: flattening, interpolation, namespaces, ordering, warnings, images."""

from __future__ import annotations

from pathlib import Path

import pytest

from statesync import Address, LoadOptions, ManifestErrors, load
from statesync.generate.images import png
from statesync.kinds.product_image import MAX_IMAGE_BYTES, ProductImageSpec
from tests.conftest import WriteTree

ORDER = """
orders:
  - order_id: O1
    order_date: 2020-07-31T07:00:00+00:00
"""
ITEM_FIELDS = """
    name: Shirt
    description: A shirt
    sales_price: 19.99
    currency: EUR
    size: M
    weight: 0.3
    returnable: true
"""


def nested_tree(write_tree: WriteTree) -> Path:
    item = "      - sku: S1\n        shipment: T1" + ITEM_FIELDS.replace("\n    ", "\n        ")
    return write_tree(
        {
            "shop.yaml": ORDER
            + "    items:\n"
            + item
            + "    shipments:\n"
            + "      - tracking_code: T1\n"
            + "        customer_email: a@example.com\n"
            + "        events:\n"
            + "          - {event: Refunded, datetime: '2020-08-01T10:00:00Z'}\n"
        }
    )


def flat_tree(write_tree: WriteTree) -> Path:
    return write_tree(
        {
            "orders.yaml": ORDER,
            "items.yaml": "order_items:\n  - order_id: O1\n    sku: S1\n    shipment: T1"
            + ITEM_FIELDS.replace("\n    ", "\n    "),
            "shipments.yaml": "shipments:\n  - order_id: O1\n    tracking_code: T1\n"
            "    customer_email: a@example.com\n"
            "shipment_events:\n  - tracking_code: T1\n    event: refunded\n"
            "    datetime: '2020-08-01T10:00:00+00:00'\n",
        }
    )


def test_nested_and_flat_styles_give_the_same_resources(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    nested = load([nested_tree(write_tree)])
    for path in (tmp_path / "tree").iterdir():
        path.unlink()
    flat = load([flat_tree(write_tree)])
    assert list(nested.resources) == list(flat.resources)
    for address, resource in nested.resources.items():
        assert resource.spec == flat.resources[address].spec


def test_sources_name_the_file_line_and_path(write_tree: WriteTree) -> None:
    root = nested_tree(write_tree)
    desired = load([root])
    event = desired.resources[
        Address("shipment_event", ("T1", "refunded", "2020-08-01T10:00:00+00:00"))
    ]
    assert event.source.file == str(root / "shop.yaml")
    assert (event.source.line, event.source.column) == (18, 13)
    assert event.source.path == "orders[0].shipments[0].events[0]"
    assert str(event.source) == f"{root / 'shop.yaml'}:18"


def test_counts_by_kind(write_tree: WriteTree) -> None:
    desired = load([nested_tree(write_tree)])
    assert desired.count_by_kind() == {
        "order": 1,
        "order_item": 1,
        "shipment": 1,
        "shipment_event": 1,
    }


def test_a_sku_missing_from_the_manifests_is_a_warning_once(write_tree: WriteTree) -> None:
    desired = load([nested_tree(write_tree)])
    assert [w.message for w in desired.warnings] == [
        "no product 'S1' in the manifests; assuming it exists at Seven Senders"
    ]
    assert desired.warnings[0].path == "orders[0].items[0].sku"


def test_variables_cli_over_file_over_config(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "a.yaml": "vars: {host: file.example.com}\n"
            + ORDER
            + "    order_url: https://${var.host}/o\n"
        }
    )
    order = Address("order", ("O1",))

    def url(options: LoadOptions) -> str:
        return str(load([root], options).resources[order].spec.model_dump()["order_url"])

    config = {"host": "config.example.com"}
    assert url(LoadOptions(variables=config)) == "https://file.example.com/o"
    cli = LoadOptions(variables=config, overrides={"host": "cli.example.com"})
    assert url(cli) == "https://cli.example.com/o"


def test_a_whole_value_variable_keeps_its_type(write_tree: WriteTree) -> None:
    root = write_tree(
        {"a.yaml": "vars: {done: true}\n" + ORDER + "    boarding_complete: ${var.done}\n"}
    )
    spec = load([root]).resources[Address("order", ("O1",))].spec
    assert spec.model_dump()["boarding_complete"] is True


def test_environment_interpolation_and_escape(write_tree: WriteTree) -> None:
    root = write_tree(
        {"a.yaml": ORDER + "    order_tags: {owner: '${env.OWNER}', raw: '$${env.OWNER}'}\n"}
    )
    spec = (
        load([root], LoadOptions(environ={"OWNER": "ops"}))
        .resources[Address("order", ("O1",))]
        .spec
    )
    assert spec.model_dump()["order_tags"] == {"owner": "ops", "raw": "${env.OWNER}"}


def test_namespace_prefixes_identities_and_references(write_tree: WriteTree) -> None:
    desired = load([nested_tree(write_tree)], LoadOptions(namespace="pr42-"))
    assert Address("order", ("pr42-O1",)) in desired.resources
    item = desired.resources[Address("order_item", ("pr42-O1", "pr42-S1"))]
    assert item.spec.model_dump()["shipment"] == "pr42-T1"
    assert Address("shipment", ("pr42-T1",)) in desired.resources


def test_directories_are_read_recursively_in_sorted_order(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "b.yaml": "products: [{sku: B}]\n",
            "a/z.yml": "products: [{sku: AZ}]\n",
            "a/b.yaml": "products: [{sku: AB}]\n",
            ".hidden/x.yaml": "products: [{sku: HIDDEN}]\n",
            "statesync.yaml": "namespace: x\n",
            "notes.txt": "not a manifest",
        }
    )
    desired = load([root])
    assert desired.files == tuple(str(root / p) for p in ("a/b.yaml", "a/z.yml", "b.yaml"))


def test_named_files_are_read_even_with_other_suffixes(write_tree: WriteTree) -> None:
    root = write_tree({"shop.manifest": "products: [{sku: S}]\n"})
    assert len(load([root / "shop.manifest"])) == 1


def test_images_are_checked_and_digested(write_tree: WriteTree) -> None:
    image = png(4, 4, (10, 20, 30))
    root = write_tree(
        {"p.yaml": "products:\n  - sku: S\n    image: img/s.png\n", "img/s.png": image}
    )
    resource = load([root]).resources[Address("product_image", ("S",))]
    assert isinstance(resource.spec, ProductImageSpec)
    assert resource.spec.image.media_type == "image/png"
    attributes = resource.kind.attributes(resource.spec)
    assert attributes["image"].startswith("sha256:") and attributes["filename"] == "s.png"
    assert resource.kind.payload(resource.spec)["attachment"]


def test_an_image_over_10_mb_is_rejected(write_tree: WriteTree) -> None:
    big = png(2, 2, (1, 2, 3)) + b"\0" * MAX_IMAGE_BYTES
    root = write_tree({"p.yaml": "products:\n  - sku: S\n    image: big.png\n", "big.png": big})
    with pytest.raises(ManifestErrors) as caught:
        load([root])
    assert "big.png is 10,485,836 bytes; the limit is 10,485,760" in str(caught.value)


def test_a_changed_image_is_refused_at_upload(write_tree: WriteTree) -> None:
    root = write_tree(
        {"p.yaml": "products:\n  - sku: S\n    image: s.png\n", "s.png": png(2, 2, (0, 0, 0))}
    )
    resource = load([root]).resources[Address("product_image", ("S",))]
    (root / "s.png").write_bytes(png(3, 3, (0, 0, 0)))
    with pytest.raises(ValueError, match="changed after it was checked"):
        resource.kind.payload(resource.spec)


def test_missing_paths_and_problems_are_reported_together(write_tree: WriteTree) -> None:
    root = write_tree({"a.yaml": "orders: [{order_id: O1}]\n"})
    with pytest.raises(ManifestErrors) as caught:
        load([root, root / "missing.yaml"])
    assert [str(p) for p in caught.value.problems] == [
        f"{root / 'a.yaml'}:1:10: orders[0].order_date: required field is missing",
        f"{root / 'missing.yaml'}: no such file or directory",
    ]


def test_parallel_and_serial_loading_agree(write_tree: WriteTree) -> None:
    files = {f"o{i}.yaml": f"products: [{{sku: P{i}}}]\n" for i in range(5)}
    root = write_tree(files)
    assert (
        load([root], LoadOptions(workers=2)).resources
        == load([root], LoadOptions(workers=1)).resources
    )

"""Every registered kind keeps the contract the rest of statesync relies on."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from statesync.errors import RegistryError
from statesync.kinds import Kind, Registry, registry
from statesync.kinds.base import Api, Reference, Spec

KINDS = list(registry())
EXPECTED = {"order", "order_item", "product", "product_image", "shipment", "shipment_event"}


def test_registry_discovers_every_kind_module() -> None:
    assert {k.name for k in KINDS} == EXPECTED


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_spec_is_strict_and_frozen(kind: Kind) -> None:
    config = kind.spec.model_config
    assert config.get("extra") == "forbid"
    assert config.get("frozen") is True


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_declared_fields_exist(kind: Kind) -> None:
    fields = set(kind.spec.model_fields)
    declared = set(kind.key_fields) | kind.sensitive | kind.manifest_only | kind.namespaced
    declared |= {r.field for r in kind.references} | {i.field for i in kind.immutable}
    assert declared <= fields


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_references_and_nestings_name_registered_kinds(kind: Kind) -> None:
    names = {k.name for k in KINDS}
    assert {r.kind for r in kind.references} <= names
    assert {n.kind for n in kind.nested} <= names


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_unknown_field_is_rejected(kind: Kind) -> None:
    with pytest.raises(ValidationError) as caught:
        kind.spec.model_validate({"surely_not_a_field": 1})
    assert any(e["type"] == "extra_forbidden" for e in caught.value.errors())


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_api_paths_are_absolute(kind: Kind) -> None:
    api = kind.api
    for path in (api.collection, api.update, api.read, api.lookup):
        assert path is None or path.startswith("/")
    assert api.create_method in ("POST", "PUT")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_only_kinds_with_server_ids_update_by_id(kind: Kind) -> None:
    if kind.api.update and "{id}" in kind.api.update:
        assert kind.api.server_id


def test_sensitive_fields_are_the_documented_ones() -> None:
    sensitive = {(k.name, f) for k in KINDS for f in k.sensitive}
    assert sensitive == {("shipment", "customer_email"), ("product_image", "image")}


def test_events_are_append_only() -> None:
    event = registry().get("shipment_event")
    assert event.api.update is None
    assert set(event.key_fields) == set(event.spec.model_fields)


def _minimal(name: str) -> Kind:
    return dataclasses.replace(registry().get("product"), name=name, section=None)


def test_registry_rejects_a_duplicate_name() -> None:
    product = registry().get("product")
    with pytest.raises(RegistryError, match="registered twice"):
        Registry([product, product])


def test_registry_rejects_a_duplicate_collection() -> None:
    other = dataclasses.replace(
        _minimal("product_copy"), api=Api(collection="/products", resource_name="Copy"), nested=()
    )
    with pytest.raises(RegistryError, match="API collection '/products'"):
        Registry([registry().get("product"), other])


def test_registry_rejects_a_reference_to_an_unknown_kind() -> None:
    broken = dataclasses.replace(
        registry().get("product"), nested=(), references=(Reference("sku", "ghost"),)
    )
    with pytest.raises(RegistryError, match="unknown kind 'ghost'"):
        Registry([broken])


def test_registry_rejects_a_key_field_the_spec_lacks() -> None:
    class Tiny(Spec):
        name: str

    tiny = Kind("tiny", Tiny, ("id",), Api(collection="/tiny", resource_name="Tiny"))
    with pytest.raises(RegistryError, match="key field 'id'"):
        Registry([tiny])

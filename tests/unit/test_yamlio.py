"""The fast YAML path: libyaml in use, the YAML 1.2 core schema, positions, problems."""

from __future__ import annotations

import math
import pickle
from pathlib import Path

import pytest

from statesync.manifest.yamlio import (
    Located,
    YamlBuildError,
    compose_text,
    parse_file,
    parse_files,
    parse_text,
)


def test_the_c_parser_is_the_one_in_use() -> None:
    # ruamel.yaml 0.19 no longer pulls in ruamel.yaml.clib; without it the loader would
    # silently run ~4x slower in pure Python. The dependency is explicit; this guards it.
    import ruamel.yaml.cyaml as cyaml

    assert getattr(cyaml, "__yaml_lib", None) in ("clib", "clibz")
    assert type(compose_text("a: 1")).__module__ == "ruamel.yaml.nodes"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0o17", 15),
        ("0x1f", 31),
        ("0123", 123),
        ("1.5", 1.5),
        ("-1.5e3", -1500.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("2020-07-31T07:00:00+00:00", "2020-07-31T07:00:00+00:00"),
        ("2020-07-31", "2020-07-31"),
        ('"12"', "12"),
        ("'true'", "true"),
        ("!!str 12", "12"),
        ("12abc", "12abc"),
        ("+", "+"),
        ("0x", "0x"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert parse_text(f"v: {text}\n") == {"v": value}


def test_special_floats_are_parsed_for_the_validator_to_reject() -> None:
    data = parse_text("a: .inf\nb: -.Inf\nc: .nan\n")
    assert data["a"] == math.inf and data["b"] == -math.inf and math.isnan(data["c"])


def test_mappings_remember_where_they_start() -> None:
    data = parse_text("orders:\n  - order_id: O1\n    items:\n      - {sku: S1}\n")
    order = data["orders"][0]
    assert isinstance(order, Located)
    assert (data.line, data.column) == (1, 1)
    assert (order.line, order.column) == (2, 5)
    assert (order["items"][0].line, order["items"][0].column) == (4, 9)


def test_located_mappings_survive_pickling() -> None:
    data = parse_text("a:\n  b: 1\n")
    copy = pickle.loads(pickle.dumps(data))
    assert copy == data and copy["a"].line == 2


def test_anchors_aliases_and_merge_keys() -> None:
    data = parse_text("base: &b {currency: EUR, size: M}\nitem:\n  <<: *b\n  size: L\nsame: *b\n")
    assert data["item"] == {"currency": "EUR", "size": "L"}
    assert data["same"] == {"currency": "EUR", "size": "M"}


def test_a_duplicate_key_is_an_error_at_the_second_key() -> None:
    with pytest.raises(YamlBuildError) as caught:
        parse_text("a: 1\nb: 2\na: 3\n")
    assert (caught.value.line, caught.value.column) == (3, 1)
    assert caught.value.message == "duplicate key 'a' (first on line 1)"


def test_an_empty_document_is_none() -> None:
    assert parse_text("# only a comment\n") is None


def test_a_recursive_alias_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &x\n  - *x\n")
    parsed = parse_file(path)
    assert parsed.problem is not None
    assert "nests too deeply" in parsed.problem.message


def test_parse_file_reports_whether_the_text_interpolates(tmp_path: Path) -> None:
    plain, templated = tmp_path / "a.yaml", tmp_path / "b.yaml"
    plain.write_text("a: 1\n")
    templated.write_text("a: ${var.x}\n")
    assert not parse_file(plain).interpolates
    assert parse_file(templated).interpolates


def test_parallel_parsing_gives_the_same_documents_in_order(tmp_path: Path) -> None:
    paths = []
    for index in range(6):
        path = tmp_path / f"{index}.yaml"
        path.write_text(f"n: {index}\nlist: [{{k: {index}}}]\n")
        paths.append(path)
    serial = parse_files(paths, workers=1)
    parallel = parse_files(paths, workers=2)
    assert [p.data for p in parallel] == [p.data for p in serial]
    assert [p.data["list"][0].line for p in parallel] == [2] * 6


def test_an_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like-a-file.yaml"
    folder.mkdir()
    parsed = parse_file(folder)
    assert parsed.problem is not None
    assert parsed.problem.message == "cannot read: Is a directory"

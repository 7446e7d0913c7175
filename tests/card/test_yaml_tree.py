"""The YAML layer with either parser: libyaml (the default) and pure Python (the fallback)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modelcard.card import Card, CardError, compose, yaml_tree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


def front_matters() -> list[str]:
    out = []
    for path in sorted(FIXTURES.glob("*.md")):
        try:
            card = Card.load(path)
        except CardError:
            continue
        if card.has_front_matter and card.metadata:
            out.append(card.front_matter)
    return out


def test_default_loader_is_libyaml() -> None:
    assert issubclass(compose.Loader, yaml.CSafeLoader)


@pytest.mark.parametrize("source", front_matters())
def test_both_parsers_build_the_same_values_and_positions(source: str) -> None:
    c_root = compose.compose(source)
    py_root = compose.compose(source, compose.PyLoader)
    c_value, c_notes = yaml_tree.construct(c_root)
    py_value, py_notes = yaml_tree.construct(py_root)
    assert c_value == py_value == yaml.safe_load(source)
    assert c_notes == py_notes
    c_marks = [(n.start_mark.index, n.end_mark.index) for n, _ in c_root.value]
    assert c_marks == [(n.start_mark.index, n.end_mark.index) for n, _ in py_root.value]


def test_pure_python_parser_deep_nesting() -> None:
    with pytest.raises(yaml_tree.YamlFailure) as info:
        compose.compose("a: " + "[" * 5000 + "]" * 5000, compose.PyLoader)
    assert info.value.code_name == "yaml-too-complex"


def test_nesting_guard_for_parsers_without_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "_C_NEEDS_GUARD", True)
    with pytest.raises(yaml_tree.YamlFailure) as info:
        compose.compose("a: 1\nb: " + "[" * 300 + "]" * 300)
    assert (info.value.code_name, info.value.index) == ("yaml-too-complex", 8 + yaml_tree.MAX_DEPTH - 1)
    many = "\n".join(f"k{i}: [a, {{b: [c]}}]" for i in range(200))
    assert len(yaml_tree.construct(compose.compose(many))[0]) == 200
    block = "".join(" " * i + f"k{i}:\n" for i in range(250)) + " " * 250 + "v\n"
    with pytest.raises(yaml_tree.YamlFailure):
        compose.compose(block)


def test_reader_errors_are_located_in_characters() -> None:
    with pytest.raises(CardError) as info:
        Card.from_text("---\ntitle: café ☕ \x01\n---\n")
    assert info.value.code_name == "yaml-syntax-error"
    assert info.value.message == "character U+0001 is not allowed in YAML (control characters are not allowed)"
    assert (info.value.line, info.value.column) == (2, 15)


def test_lone_surrogate_in_text() -> None:
    with pytest.raises(CardError) as info:
        Card.from_text("---\na: 1\n---\nbad \ud800\n")
    assert info.value.code_name == "unreadable-file"
    assert info.value.line == 4


def test_scalar_resolution_cache_matches_safe_load() -> None:
    source = "a: [1, '1', 1.5, '1.5', yes, 'yes', null, '', ~, 2001-12-14, 0x10, 1e3, .nan]\n"
    value = yaml_tree.construct(compose.compose(source))[0]
    expected = yaml.safe_load(source)
    assert value["a"][:-1] == expected["a"][:-1]
    assert value["a"][-1] != value["a"][-1]
    assert [type(v) for v in value["a"]] == [type(v) for v in expected["a"]]

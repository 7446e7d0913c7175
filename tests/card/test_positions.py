from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modelcard.card import Card
from modelcard.diagnostics import Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


@pytest.fixture
def asr() -> Card:
    return Card.load(FIXTURES / "Harveenchadha_hindi_model_with_lm_vakyansh.md")


def test_model_index_deep_path(asr: Card) -> None:
    path = ("model-index", 0, "results", 1, "metrics", 0, "value")
    assert asr.metadata["model-index"][0]["results"][1]["metrics"][0]["value"] == 17.4
    assert asr.location(path) == Location(41, 14)
    assert asr.location(path, key=True) == Location(41, 7)
    assert asr.text[slice(*asr.span(path))] == "17.4"
    assert asr.text[slice(*asr.key_span(path))] == "value"
    lines = asr.text.splitlines()
    assert lines[40][13:17] == "17.4"


def test_missing_path_falls_back_to_nearest_ancestor(asr: Card) -> None:
    result = asr.location(("model-index", 0, "results", 1))
    assert asr.location(("model-index", 0, "results", 1, "metrics", 7, "value")) == asr.location(
        ("model-index", 0, "results", 1, "metrics")
    )
    assert asr.location(("model-index", 0, "results", 1, "nope")) == result == Location(31, 5)
    assert asr.location(("model-index", 0, "results", 1, "task", "type", "deeper")) == Location(33, 13)
    assert asr.location(("no-such-key",)) == asr.location(()) == Location(2, 1)
    assert asr.location(("no-such-key",), key=True) == Location(2, 1)


def test_span_of_collections_and_keys(asr: Card) -> None:
    start, end = asr.span(("language",))
    assert asr.text[start:end] == "- hi"
    start, end = asr.span(("model-index", 0, "results", 2, "dataset"))
    assert asr.text[start:end] == "name: Common Voice-8.0\n      type: mozilla-foundation/common_voice_8_0\n      args: hi"
    assert asr.text[slice(*asr.key_span(("datasets",)))] == "datasets"


def test_span_of_missing_path_raises(asr: Card) -> None:
    with pytest.raises(KeyError):
        asr.span(("model-index", 0, "results", 9))
    with pytest.raises(KeyError):
        asr.key_span(("language", 0))  # a list item has no key


@pytest.mark.parametrize(
    ("yaml_text", "path", "source"),
    [
        ("a: 'quoted'  # comment", ("a",), "'quoted'"),
        ('a: "double"', ("a",), '"double"'),
        ("a: |\n  line 1\n  line 2\n\nb: 1", ("a",), "|\n  line 1\n  line 2"),
        ("a: plain\n  continued\nb: 1", ("a",), "plain\n  continued"),
        ("a: [1, {b: 2}]", ("a", 1, "b"), "2"),
        ("a: [1, {b: 2}]", ("a",), "[1, {b: 2}]"),
        ("a:\n  - x\n  # trailing comment\nb: 1", ("a",), "- x"),
        ("a:\n  b:\nc: 1", ("a",), "b:"),
        ("a: café ☕\nb: x", ("b",), "x"),
    ],
)
def test_span_is_the_value_source(yaml_text: str, path: tuple, source: str) -> None:
    card = Card.from_text(f"---\n{yaml_text}\n---\n# body\n")
    assert card.text[slice(*card.span(path))] == source


def test_columns_count_characters_not_bytes() -> None:
    card = Card.from_text("---\ntitle: \"☕ café\"\nx: {a: 'é', b: 1}\n---\n")
    assert card.location(("x", "b")) == Location(3, 16)


def test_unicode_line_separators_do_not_shift_lines() -> None:
    card = Card.from_text("---\na: 'x\u2028y\x85z'\nb: 1\n---\n")
    assert card.metadata == yaml.safe_load(card.front_matter)
    assert card.location(("b",)) == Location(3, 4)


def test_crlf_positions() -> None:
    card = Card.load(FIXTURES / "huggingface_hub__sample_windows_line_breaks.md")
    assert card.location(("widget", 2, "text")) == Location(8, 9)
    assert card.text[slice(*card.span(("widget", 2, "text")))] == '"Jen finiĝas bela <mask>."'


def test_offset_location() -> None:
    card = Card.from_text("---\r\na: 1\r\n---\r\nbody\r\nline 5\n")
    assert card.offset_location(card.text.index("line 5")) == Location(5, 1)
    assert card.offset_location(card.body_start_offset) == Location(card.body_start_line, 1)


def test_many_lookups_in_a_large_mapping_stay_fast(work) -> None:
    """One pass over the keys, then a constant amount of work per lookup (not a scan each)."""
    keys = 50_000
    card = Card.from_text("---\n" + "".join(f"k{i}: {i}\n" for i in range(keys)) + "---\n")

    def look_up() -> None:
        for i in range(0, keys, 10):
            assert card.location((f"k{i}",)) == Location(i + 2, len(f"k{i}: ") + 1)

    work(look_up)
    assert work.calls < 5 * keys + 100 * (keys // 10)  # a scan per lookup would be 250 million



def test_non_string_keys() -> None:
    card = Card.from_text("---\nm:\n  1: one\n  2021: year\n  null: nothing\n---\n")
    assert card.metadata == {"m": {1: "one", 2021: "year", None: "nothing"}}
    assert card.location(("m", 2021)) == Location(4, 9)
    assert card.location(("m", None), key=True) == Location(5, 3)
    assert card.location(("m", "2021")) == Location(3, 3)  # a string is not the int key


def test_offset_locations_in_a_long_body_stay_fast(work) -> None:
    """One pass over the line starts, then a bisection per lookup (not a scan each)."""
    lines = 200_000
    card = Card.from_text("---\na: 1\n---\n" + "line\r\n" * lines)

    def look_up() -> None:
        for line in range(1, lines, 100):
            assert card.offset_location(13 + 6 * (line - 1)) == Location(line + 3, 1)
        assert card.offset_location(len(card.text)) == Location(lines + 4, 1)

    work(look_up)
    assert work.calls < 5 * lines + 100 * (lines // 100)  # a scan per lookup would be 400 million

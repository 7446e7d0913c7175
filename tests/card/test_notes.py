from __future__ import annotations

from pathlib import Path

from modelcard.card import Card, YamlNote
from modelcard.diagnostics import Location

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


def test_language_no_is_a_yaml11_boolean() -> None:
    card = Card.load(FIXTURES / "ViktorAlm__electra-base-norwegian-uncased-discriminator.md")
    assert card.metadata["language"] is False
    assert card.notes == [
        YamlNote(
            "yaml11-boolean",
            ("language",),
            Location(2, 11),
            "`no` is read as the boolean `false` (YAML 1.1); quote it if a string was meant",
        )
    ]
    assert card.text[slice(*card.span(("language",)))] == "no"


def test_yaml11_boolean_inside_a_list() -> None:
    card = Card.load(FIXTURES / "Helsinki-NLP_opus-mt-no-no.md")
    assert [(n.kind, n.path, n.location) for n in card.notes] == [
        ("yaml11-boolean", ("language", 0), Location(3, 3))
    ]


def test_only_plain_yaml11_spellings_are_flagged() -> None:
    card = Card.from_text("---\na: [yes, No, ON, off, 'no', \"yes\", true, False, TRUE, y, n]\n---\n")
    assert card.metadata["a"] == [True, False, True, False, "no", "yes", True, False, True, "y", "n"]
    assert [n.path for n in card.notes] == [("a", 0), ("a", 1), ("a", 2), ("a", 3)]


def test_duplicate_keys_last_wins_and_each_repeat_is_located() -> None:
    card = Card.load(FIXTURES / "cedpsam__chatbot_fr_2020-08-13_0ed7c00b.md")
    assert card.metadata["widget"] == [{"text": "est ce que l'argent achete le bonheur?"}]
    dupes = [n for n in card.notes if n.kind == "duplicate-key"]
    assert [(n.path, n.location) for n in dupes] == [(("widget",), Location(7, 1)), (("widget",), Location(9, 1))]
    assert card.location(("widget", 0, "text")) == Location(10, 9)


def test_nested_duplicate_key() -> None:
    card = Card.from_text("---\nm:\n  - a: 1\n    b: 2\n    a: 3\n---\n")
    assert card.metadata == {"m": [{"a": 3, "b": 2}]}
    assert [(n.kind, n.path, n.location) for n in card.notes] == [("duplicate-key", ("m", 0, "a"), Location(5, 5))]


def test_empty_front_matter_is_a_note_not_an_error() -> None:
    for text in ("---\n---\n# Title\n", "---\n\n---\n# Title\n", "\n---\n# only a comment\n---\n# Title\n"):
        card = Card.from_text(text)
        assert card.has_front_matter
        assert card.metadata == {}
        assert card.body == "# Title\n"
        assert [n.kind for n in card.notes] == ["empty-front-matter"]
        assert card.dumps() == text
    assert Card.from_text("\n---\n---\n").notes[0].location == Location(2, 1)


def test_notes_are_capped() -> None:
    card = Card.from_text("---\n" + "a: 1\n" * 5000 + "---\n")
    assert card.metadata == {"a": 1}
    assert len(card.notes) == 1000

"""The fast split gives exactly the offsets of the Hub's regular expression."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from modelcard.card.split import EMPTY_FRONT_MATTER, FRONT_MATTER, OPENING, detect_newline, split

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"


def by_regex(text: str) -> tuple | None:
    match = FRONT_MATTER.match(text) or EMPTY_FRONT_MATTER.match(text)
    if match is None:
        return None if OPENING.match(text) else (False,)
    return (True, match.start(2), match.end(2), match.end())


def by_split(text: str) -> tuple | None:
    found = split(text)
    if found is None:
        return None
    if not found.has_front_matter:
        return (False,)
    return (True, found.yaml_start, found.yaml_end, found.body_start)


def test_same_as_the_hub_regex_on_generated_text() -> None:
    pieces = ["---", "\r\n", "\n", "\r", " ", "\t", "a: 1", "-", "x", "--- ", "----", "\u00a0"]
    rng = random.Random(20231129)
    for _ in range(50_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        assert by_split(text) == by_regex(text), repr(text)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.md")), ids=lambda p: p.name)
def test_same_as_the_hub_regex_on_real_cards(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace")
    assert by_split(text) == by_regex(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody", (True, 4, 8, 13)),
        ("  \n---\r\na: 1\r\n---  \r\nbody", (True, 8, 12, 21)),
        ("---\r\n---\r\n", (True, 4, 4, 10)),  # the regex backtracks to a bare "\r" opening
        ("---\n---\n", (True, 4, 4, 8)),
        ("---\na: 1\n---", (True, 4, 8, 12)),
        ("---\na: 1\n--- x\n", None),
        ("----\na: 1\n---\n", (False,)),
        ("# title\n---\na: 1\n---\n", (False,)),
        ("---", None),
    ],
)
def test_split_cases(text: str, expected: tuple | None) -> None:
    assert by_split(text) == by_regex(text) == expected


def test_detect_newline() -> None:
    assert detect_newline("a\r\nb\r\nc\n") == "\r\n"
    assert detect_newline("a\rb\rc\n") == "\r"
    assert detect_newline("abc") == "\n"

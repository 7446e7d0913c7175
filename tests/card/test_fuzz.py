"""Mutated real cards: every outcome is a Card that round-trips or a CardError, never another exception."""

from __future__ import annotations

import random
from pathlib import Path

from modelcard.card import Card, CardError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "card"
PIECES = [*"[]{}:-?&*!|>'\"#\t\n\r %@,.~=<", "---", "\n---\n", "&a ", "*a", "!!python/name:x", "!!binary ",
          "<<: ", "- ", "\n  ", "no", "~", "!!set ", "? ", "\x85", "\u2028", "\x00", "\x01", "\ufeff", "é",
          "{{ x }}", "!!omap ", "!!int ", "!!timestamp ", "!!bool "]


def test_mutated_cards() -> None:
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8", errors="replace")[:2000] for p in sorted(FIXTURES.glob("*.md"))]
    texts = [t for t in texts if t.lstrip().startswith("---")]
    parsed = 0
    for _ in range(3000):
        chars = list(rng.choice(texts))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(chars) + 1)
            if rng.random() < 0.5:
                chars.insert(at, rng.choice(PIECES))
            elif at < len(chars):
                del chars[at]
        text = "".join(chars)
        try:
            card = Card.from_text(text)
        except CardError as error:
            assert error.line >= 1 and error.column >= 1
            continue
        parsed += 1
        assert card.to_bytes() == text.encode("utf-8")
        for key in list(card.metadata)[:3]:
            card.location((key, 0, "x"), key=True)
        if card.metadata:
            new = card.update_metadata({"license": "mit"}, remove=[k for k in list(card.metadata)[-1:] if k != "license"])
            assert new.body == card.body
            assert new.metadata["license"] == "mit"
    assert parsed > 500

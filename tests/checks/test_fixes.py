"""Fixes: non-overlapping edits, passes to a fixpoint, minimal diffs on real cards."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from modelcard.checks import engine, registry
from modelcard.checks.config import Config
from modelcard.checks.fixes import apply_fixes, fix_bytes
from modelcard.diagnostics import Edit, Fix

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lint" / "cards"


def _fix(*edits: tuple[int, int, str]) -> Fix:
    return Fix("test", tuple(Edit(*e) for e in edits))


def _fixer(config: Config):
    rules = config.rules_for()
    return lambda data: engine.check_bytes(data, display="README.md", file=None, config=config, rules=rules)


def _changed_bytes(old: bytes, new: bytes) -> tuple[bytes, bytes]:
    """The differing middle of two byte strings (common prefix and suffix removed)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return old[start : len(old) - end], new[start : len(new) - end]


def test_apply_fixes_applies_non_overlapping_edits_from_the_end() -> None:
    text = "abcdef"
    fixes = [_fix((0, 1, "A")), _fix((4, 6, "EF!")), _fix((2, 2, "+"))]
    assert apply_fixes(text, fixes) == ("Ab+cdEF!", 3)


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    assert apply_fixes("abcdef", [_fix((0, 3, "X")), _fix((2, 4, "Y")), _fix((4, 5, "Z"))]) == ("XdZf", 2)
    assert apply_fixes("abc", [_fix((1, 1, "x")), _fix((1, 1, "y"))]) == ("axbc", 1)


def test_fixes_with_edits_outside_the_text_are_skipped() -> None:
    assert apply_fixes("abc", [_fix((2, 9, "x"))]) == ("abc", 0)


def test_quoting_language_no_changes_only_those_bytes() -> None:
    data = (FIXTURES / "language-no.md").read_bytes()
    outcome = fix_bytes(data, _fixer(Config().with_overrides(select=["MC0"])))
    assert outcome.applied == 1
    assert [d.code for d in outcome.diagnostics] == []
    assert _changed_bytes(data, outcome.data) == (b"no", b'"no"')
    assert outcome.data == data.replace(b"language: no\n", b'language: "no"\n', 1)


def test_line_endings_and_byte_order_mark_survive_a_fix() -> None:
    data = codecs.BOM_UTF8 + b"---\r\nlanguage: no\r\ntags:\r\n- x\r\n---\r\n# Model\r\n"
    outcome = fix_bytes(data, _fixer(Config().with_overrides(select=["MC010"])))
    assert outcome.data == codecs.BOM_UTF8 + b'---\r\nlanguage: "no"\r\ntags:\r\n- x\r\n---\r\n# Model\r\n'


def test_several_fixes_in_one_card_reach_a_fixpoint() -> None:
    data = b"---\nlanguage:\n- no\n- on\nflag: yes  # modelcard: ignore MC009\n---\n"
    outcome = fix_bytes(data, _fixer(Config().with_overrides(select=["MC010", "MC009", "MC901"])))
    assert outcome.data == b'---\nlanguage:\n- "no"\n- "on"\nflag: "yes"\n---\n'
    assert outcome.applied == 4 and outcome.diagnostics == []


def test_nothing_to_fix_returns_the_same_bytes() -> None:
    data = (FIXTURES / "duplicate-key.md").read_bytes()
    outcome = fix_bytes(data, _fixer(Config().with_overrides(select=["MC0"])))
    assert outcome.data is data and outcome.applied == 0
    assert [d.code for d in outcome.diagnostics] == ["MC009", "MC009"]


def test_a_fix_that_breaks_the_card_is_not_applied() -> None:
    from modelcard.card import Card
    from modelcard.checks.engine import Checked
    from modelcard.diagnostics import Diagnostic, Location, Severity

    broken = Fix("break it", (Edit(4, 4, "\t- [\n"),))

    def check(data: bytes) -> Checked:
        try:
            card = Card.from_bytes(data)
        except Exception:
            return Checked([], None)
        return Checked([Diagnostic("MC990", "x", Severity.ERROR, "m", Location(1), fix=broken)], card)

    data = b"---\na: 1\n---\n"
    outcome = fix_bytes(data, check)
    assert outcome.data == data and outcome.applied == 0


def test_license_spelling_fix_on_a_real_card() -> None:
    assert registry.get("MC101").fixable
    data = (FIXTURES / "license-mit.md").read_bytes()
    outcome = fix_bytes(data, _fixer(Config().with_overrides(select=["MC101"])))
    assert _changed_bytes(data, outcome.data) == (b"MIT", b"mit")
    assert outcome.diagnostics == []

"""Inline suppressions in the body and the front-matter; unused and invalid ones."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from modelcard.checks import lint, registry
from modelcard.checks.config import Config
from modelcard.checks.context import CheckContext
from modelcard.checks.fixes import apply_fixes
from modelcard.checks.rule import Finding, Rule

_TODO = re.compile(r"TODO")


def _todo(ctx: CheckContext) -> Iterator[Finding]:
    """Flags each `TODO` in the file (a rule that exists only in these tests)."""
    for m in _TODO.finditer(ctx.card.text):
        yield Finding("`TODO` left in", ctx.location_at(m.start()))


TODO_RULE = Rule("MC990", "todo-test-rule", "test", "## What it does\nx\n", _todo)


@pytest.fixture(autouse=True)
def todo_rule(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    rules = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*rules, TODO_RULE))
    registry._index.cache_clear()
    yield
    monkeypatch.undo()
    registry._index.cache_clear()


def _lint(text: str, *select: str) -> list[tuple[str, int, int, str]]:
    config = Config().with_overrides(select=list(select or ("MC990", "MC9", "MC0")))
    return [(d.code, d.location.line, d.location.column, d.message) for d in lint(text, config=config)]


CARD = """\
---
license: mit
---
# Model
TODO one
<!-- modelcard: disable MC990 -->
TODO two
<!-- modelcard: enable MC990 -->
TODO three
<!-- modelcard: disable-next-line todo-test-rule -->
TODO four
TODO five
"""


def test_disable_enable_and_next_line() -> None:
    assert _lint(CARD) == [
        ("MC990", 5, 1, "`TODO` left in"),
        ("MC990", 9, 1, "`TODO` left in"),
        ("MC990", 12, 1, "`TODO` left in"),
    ]


def test_disable_without_codes_covers_every_rule_until_the_end() -> None:
    text = "---\nlicense: mit\n---\nTODO\n<!-- modelcard: disable -->\nTODO\n"
    assert _lint(text) == [("MC990", 4, 1, "`TODO` left in")]


def test_enable_of_one_rule_after_a_blanket_disable() -> None:
    text = "---\nlicense: mit\n---\n<!-- modelcard: disable -->\nTODO\n<!-- modelcard: enable MC990 -->\nTODO\n"
    assert _lint(text) == [("MC990", 7, 1, "`TODO` left in")]


def test_disable_file_covers_the_front_matter_too() -> None:
    text = "---\nlanguage: no  # TODO\n---\n# x\n<!-- modelcard: disable-file MC990, MC010 -->\n"
    assert _lint(text) == []


def test_front_matter_trailing_and_own_line_comments() -> None:
    text = (
        "---\n"
        "language: no  # modelcard: ignore MC010\n"
        "# modelcard: ignore yaml11-boolean\n"
        "tags: [off]\n"
        "extra: yes\n"
        "---\n"
    )
    assert _lint(text) == [
        ("MC010", 5, 8, "`yes` is read as the boolean `true` (YAML 1.1); quote it if a string was meant")
    ]


def test_unused_suppressions_are_reported_with_a_fix() -> None:
    text = "---\nlicense: mit  # modelcard: ignore MC010\n---\n# x\n<!-- modelcard: disable MC990, MC004 -->\nTODO\n"
    found = lint(text, config=Config().with_overrides(select=["MC990", "MC9", "MC0"]))
    assert [(d.code, d.location.line, d.location.column, d.message) for d in found] == [
        ("MC901", 2, 35, "unused suppression of `MC010`"),
        ("MC901", 5, 32, "unused suppression of `MC004`"),
    ]
    fixed, applied = apply_fixes(text, [d.fix for d in found if d.fix])
    assert applied == 2
    assert fixed == "---\nlicense: mit\n---\n# x\n<!-- modelcard: disable MC990 -->\nTODO\n"


def test_a_wholly_unused_comment_on_its_own_line_is_removed_with_its_line() -> None:
    text = "# x\r\n<!-- modelcard: disable-next-line MC990 -->\r\nclean\r\n"
    found = lint(text, config=Config().with_overrides(select=["MC990", "MC9"]))
    assert [(d.code, d.location.line, d.message) for d in found] == [("MC901", 2, "unused suppression of `MC990`")]
    assert apply_fixes(text, [found[0].fix]) == ("# x\r\nclean\r\n", 1)


def test_suppressions_of_rules_that_did_not_run_are_not_unused() -> None:
    text = "---\nlicense: mit\n---\n<!-- modelcard: disable MC990 -->\n"
    assert _lint(text, "MC901") == []
    assert _lint(text, "MC901", "MC990") == [("MC901", 4, 25, "unused suppression of `MC990`")]


def test_unknown_codes_and_directives_are_invalid() -> None:
    text = (
        "---\nlicense: mit  # modelcard: ignor MC010\n---\n"
        "<!-- modelcard: disable MC2001 -->\n"
        "<!-- modelcard: disabel MC990 -->\n"
        "TODO\n"
    )
    assert _lint(text) == [
        ("MC902", 2, 28, "unknown suppression directive `ignor` in the front-matter; use `ignore`"),
        ("MC902", 4, 25, "unknown rule `MC2001` in suppression; did you mean `MC201`?")
        if registry.get("MC201")
        else ("MC902", 4, 25, "unknown rule `MC2001` in suppression"),
        ("MC902", 5, 17, "unknown suppression directive `disabel` in the body; use `disable`, `enable`, `disable-next-line`, `disable-file`"),
        ("MC990", 6, 1, "`TODO` left in"),
    ]


def test_comments_inside_code_blocks_are_not_directives() -> None:
    text = "# x\n```html\n<!-- modelcard: disable MC990 -->\n```\nTODO\n"
    assert _lint(text, "MC990", "MC9") == [("MC990", 5, 1, "`TODO` left in")]


def test_internal_errors_cannot_be_suppressed(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: CheckContext) -> Iterator[Finding]:
        raise RuntimeError("boom")
        yield

    rules = registry.all_rules()
    monkeypatch.setattr(registry, "all_rules", lambda: (*rules, Rule("MC991", "broken-test-rule", "t", "x", broken)))
    registry._index.cache_clear()
    for directive in ("disable-file", "disable-file MC991"):
        text = f"# x\n<!-- modelcard: {directive} -->\n"
        assert _lint(text, "MC991", "MC901") == [("MC900", 1, 1, "rule `MC991` (broken-test-rule) failed: RuntimeError: boom")]


def test_a_card_without_directives_is_untouched() -> None:
    assert _lint("---\nlicense: mit\n---\n# modelcard: not a directive in the body\n") == []

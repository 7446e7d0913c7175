"""``modelcard rules`` and ``modelcard rule``, and the generated rule reference."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from modelcard.checks import registry
from modelcard.checks.docs import doc_headings, reference
from modelcard.cli.main import main

DOCS = Path(__file__).parent.parent.parent / "docs" / "rules.md"


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"CODE +NAME +FIX +SEVERITY +DEFAULT +SUMMARY$", lines[0])
    rows = {line.split()[0]: line for line in lines[1:]}
    assert list(rows) == [r.code for r in registry.all_rules()]
    assert re.match(r"MC010 +yaml11-boolean +\* +warning +on +A bare `yes`", rows["MC010"])
    assert re.match(r"MC004 +unclosed-front-matter +error +on +The front-matter opens", rows["MC004"])
    assert re.match(r"MC601 +eu-acceptable-use-policy +warning +eu-gpai +The card has no", rows["MC601"])  # a profile's


def test_the_default_column_says_whether_a_rule_runs_unselected(monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    rules = registry.all_rules()
    quiet = replace(registry.get("MC204"), default_enabled=False)
    monkeypatch.setattr(registry, "all_rules", lambda: tuple(quiet if r.code == "MC204" else r for r in rules))
    registry._index.cache_clear()
    try:
        assert main(["rules"]) == 0
        rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
        assert re.match(r"MC204 +heading-level-jump +warning +off +A heading skips", rows["MC204"])
        card = "---\nlicense: mit\n---\n# a\n### c\n"
        from modelcard.checks import lint
        from modelcard.checks.config import Config

        assert "MC204" not in {d.code for d in lint(card, config=Config())}
        strict = {d.code: d.severity.value for d in lint(card, config=Config(strict=True))}
        assert strict["MC204"] == "error"  # --strict runs it, and its warnings become errors
    finally:
        monkeypatch.undo()
        registry._index.cache_clear()


def test_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"code": "MC901", "name": "unused-suppression", "summary": "A suppression comment suppresses nothing",
            "severity": "warning", "fixable": True, "default": True} in data


@pytest.mark.parametrize("key", ["MC010", "mc010", "yaml11-boolean"])
def test_rule_prints_the_documentation(key: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", key]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "# MC010 yaml11-boolean\n\nA bare `yes`/`no`/`on`/`off` is read as a boolean where a string was meant.\n\n"
        "Severity: warning · Fixable: yes · Enabled by default: yes\n\n## What it does\n"
    )


def test_unknown_rule_exits_2_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "MC9011"]) == 2
    assert capsys.readouterr().err == "modelcard: error: unknown rule `MC9011`; did you mean `MC901`?\n"


def test_every_rule_is_documented_in_the_house_structure() -> None:
    for rule in registry.all_rules():
        headings = doc_headings(rule.doc)[1]
        assert headings[:4] == ["What it does", "Why is this bad?", "Example", "Use instead"], rule.code
        assert rule.summary and not rule.summary.endswith("."), rule.code
        if rule.options:
            assert "Options" in headings, rule.code


def test_headings_inside_code_fences_are_left_alone() -> None:
    doc = "## What it does\nx\n```markdown\n## Example heading\n```\n## Use instead\n"
    assert doc_headings(doc, "#") == (
        "### What it does\nx\n```markdown\n## Example heading\n```\n### Use instead",
        ["What it does", "Use instead"],
    )


def test_the_generated_reference_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == reference(), (
        "docs/rules.md is out of date: run `python -m modelcard.checks.docs > docs/rules.md`"
    )

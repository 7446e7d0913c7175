"""The engine: loading problems, rules, internal errors, the public API."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import engine, lint, lint_card, registry
from modelcard.checks.config import ActiveRule, Config, RuleSet
from modelcard.checks.context import CheckContext
from modelcard.checks.rule import Finding, Rule
from modelcard.diagnostics import Location, Severity

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lint" / "cards"
ONLY_MINE = Config().with_overrides(select=["MC0", "MC9"])


def _ruleset(*rules: Rule) -> RuleSet:
    active = tuple(ActiveRule(r, r.severity, dict(r.options)) for r in (*rules, registry.get("MC900")))
    return RuleSet(active, {a.rule.code: a for a in active})


def _doc() -> str:
    return "## What it does\nx\n\n## Why is this bad?\nx\n\n## Example\nx\n\n## Use instead\nx\n"


def test_lint_accepts_a_path_text_bytes_and_a_card() -> None:
    path = FIXTURES / "language-no.md"
    expected = [("MC010", 2, 11)]
    as_path = lint(path, config=ONLY_MINE)
    assert [(d.code, d.location.line, d.location.column) for d in as_path] == expected
    assert as_path[0].path == str(path)
    data = path.read_bytes()
    for source in (data, data.decode(), Card.from_bytes(data)):
        found = lint(source, config=ONLY_MINE)
        assert [(d.code, d.location.line, d.location.column) for d in found] == expected
    card = Card.from_bytes(data, path="x/README.md")
    assert lint_card(card, config=ONLY_MINE)[0].path == "x/README.md"


def test_lint_rejects_what_is_not_a_card() -> None:
    with pytest.raises(TypeError):
        lint(42, config=ONLY_MINE)


def test_card_errors_become_located_findings() -> None:
    found = lint("---\nlicense: mit\ntags:\n\t- nlp\n---\n# x\n", config=ONLY_MINE)
    assert [(d.code, d.name, d.severity, d.location.line) for d in found] == [
        ("MC003", "yaml-syntax-error", Severity.ERROR, 4)
    ]
    assert "tab" in found[0].message


def test_a_disabled_parse_rule_reports_nothing() -> None:
    config = Config().with_overrides(select=["MC0"], ignore=["MC004"])
    assert lint("---\nlicense: mit\n", config=config) == []


def test_loader_notes_become_findings_with_a_fix() -> None:
    [d] = lint("---\nlanguage:\n- en\n- no\n---\n", config=ONLY_MINE)
    assert (d.code, d.location) == ("MC010", Location(4, 3))
    assert d.severity is Severity.WARNING
    assert d.fix is not None and [(e.start, e.end, e.replacement) for e in d.fix.edits] == [(21, 23, '"no"')]


def test_empty_front_matter_is_a_warning() -> None:
    [d] = lint("---\n---\n# Model\n", config=ONLY_MINE)
    assert (d.code, d.severity, d.location) == ("MC006", Severity.WARNING, Location(1, 1))


def test_rules_share_one_markdown_parse() -> None:
    seen: list[int] = []

    def first(ctx: CheckContext):
        seen.append(id(ctx.outline))
        yield from ()

    def second(ctx: CheckContext):
        seen.append(id(ctx.outline))
        for level, text, line in ctx.headings:
            yield Finding(f"h{level} `{text}`", Location(line, 1))

    rules = _ruleset(Rule("MC990", "first-test-rule", "s", _doc(), first), Rule("MC991", "second-test-rule", "s", _doc(), second))
    card = Card.from_text("---\nlicense: mit\n---\n\n# Title\ntext\n## Usage\n")
    found = engine.check_card(card, display="README.md", file=None, rules=rules)
    assert seen[0] == seen[1]
    assert [(d.code, d.message, d.location.line, d.path) for d in found] == [
        ("MC991", "h1 `Title`", 5, "README.md"),
        ("MC991", "h2 `Usage`", 7, "README.md"),
    ]


def test_a_crashing_rule_becomes_mc900_and_the_others_still_run() -> None:
    def broken(ctx: CheckContext):
        yield Finding("before the crash", Location(1, 1))
        raise IndexError("list index out of range")

    def fine(ctx: CheckContext):
        yield Finding("still checked", Location(2, 1))

    rules = _ruleset(Rule("MC990", "broken-test-rule", "s", _doc(), broken), Rule("MC991", "fine-test-rule", "s", _doc(), fine))
    card = Card.from_text("---\nlicense: mit\n---\n")
    found = engine.check_card(card, display="-", file=None, rules=rules)
    assert [(d.code, d.message) for d in found] == [
        ("MC900", "rule `MC990` (broken-test-rule) failed: IndexError: list index out of range"),
        ("MC990", "before the crash"),
        ("MC991", "still checked"),
    ]


def test_a_rule_yielding_something_else_is_an_internal_error() -> None:
    rules = _ruleset(Rule("MC990", "bad-test-rule", "s", _doc(), lambda ctx: ["not a finding"]))
    [d] = engine.check_card(Card.from_text("# x\n"), display="-", file=None, rules=rules)
    assert d.code == "MC900" and "TypeError" in d.message


def test_internal_error_messages_are_redacted() -> None:
    token = "hf_" + "a" * 34

    def leaky(ctx: CheckContext):
        raise ValueError(f"bad token {token}")
        yield

    rules = _ruleset(Rule("MC990", "leaky-test-rule", "s", _doc(), leaky))
    [d] = engine.check_card(Card.from_text("# x\n"), display="-", file=None, rules=rules)
    assert token not in d.message and "<redacted>" in d.message


def test_missing_front_matter_is_reported_once_at_the_top() -> None:
    [d] = lint(FIXTURES / "no-front-matter.md", config=ONLY_MINE)
    assert (d.code, d.location, d.severity) == ("MC011", Location(1, 1), Severity.WARNING)


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "README.md"
    big.write_bytes(b"---\nlicense: mit\n---\n" + b"x" * 2_000)
    from modelcard.checks.config import config_from_mapping

    config = config_from_mapping({"rules": {"file-too-large": {"max-bytes": 1_000}}}, root=tmp_path)
    [d] = lint(big, config=config.with_overrides(select=["MC0"]))
    assert (d.code, d.message) == ("MC012", "file is 2,021 bytes, more than the limit of 1,000; it was not linted")


def test_unreadable_paths_are_findings(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    [d] = engine.check_file(tmp_path / "folder.md", display="folder.md", config=ONLY_MINE).diagnostics
    assert (d.code, d.message) == ("MC001", "cannot read the file: it is a folder")
    [d] = engine.check_file(tmp_path / "missing.md", display="missing.md", config=ONLY_MINE).diagnostics
    assert (d.code, d.message) == ("MC001", "cannot read the file: No such file or directory")


def test_relative_links_see_the_card_path(tmp_path: Path) -> None:
    seen: list[Path | None] = []

    def where(ctx: CheckContext):
        seen.append(ctx.path)
        yield from ()

    shutil.copy(FIXTURES / "taxi.md", tmp_path / "README.md")
    engine.check_card(Card.load(tmp_path / "README.md"), display="README.md", file=tmp_path / "README.md", rules=_ruleset(Rule("MC990", "where-test-rule", "s", _doc(), where)))
    assert seen == [tmp_path / "README.md"]


def test_every_corpus_fixture_lints_with_all_rules_without_internal_errors() -> None:
    config = Config().with_overrides(select=["ALL"])
    for path in sorted(FIXTURES.glob("*.md")):
        codes = {d.code for d in lint(path, config=config)}
        assert "MC900" not in codes, path


def test_too_much_markup_skips_the_rules_that_read_tokens_only() -> None:
    def headings(ctx: CheckContext):
        for level, text, line in ctx.headings:
            yield Finding(f"h{level}", Location(line, 1))

    def raw(ctx: CheckContext):
        yield Finding("raw text still checked", Location(1, 1))

    too_complex = registry.get("MC013")
    rules = _ruleset(
        Rule("MC990", "tokens-test-rule", "s", _doc(), headings),
        Rule("MC991", "raw-test-rule", "s", _doc(), raw),
        too_complex,
    )
    rules.by_code["MC013"] = ActiveRule(too_complex, too_complex.severity, {"max-markup": 10})
    card = Card.from_text("---\nlicense: mit\n---\n# Title\n" + "*a* " * 6 + "\n")
    found = engine.check_card(card, display="-", file=None, rules=rules)
    assert [(d.code, d.location.line, d.message) for d in found] == [
        ("MC991", 1, "raw text still checked"),
        ("MC013", 4, "the body has 15 line breaks and markup characters, more than the limit of 10; the rules that read the markdown were skipped"),
    ]
    rules.by_code["MC013"] = ActiveRule(too_complex, too_complex.severity, {"max-markup": 15})
    assert [d.code for d in engine.check_card(card, display="-", file=None, rules=rules)] == ["MC991", "MC990"]


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    [d] = lint(tmp_path / "README.md", config=ONLY_MINE)
    assert (d.code, d.message, d.path) == ("MC001", "cannot read the file: No such file or directory", str(tmp_path / "README.md"))


def test_a_str_is_the_text_of_a_card_even_when_a_file_has_that_name(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "notes.md").write_text("---\nlicense: mit\n---\n# Notes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    [d] = lint("notes.md", config=ONLY_MINE)
    assert (d.code, d.path, d.location.line) == ("MC011", "-", 1)
    assert lint(Path("notes.md"), config=ONLY_MINE) == []
    import modelcard

    assert modelcard.lint is lint


def test_a_run_restores_the_garbage_collector_threshold(tmp_path: Path) -> None:
    import gc

    from modelcard.checks import runner

    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n# Model\n", encoding="utf-8")
    before = gc.get_threshold()
    result = runner.run([runner.Target(str(card), "README.md")], config=Config(root=tmp_path))
    assert result.checked == 1
    assert gc.get_threshold() == before


def test_named_files_know_whether_their_folder_holds_eval_results(tmp_path: Path) -> None:
    from modelcard.checks import runner

    for folder in ("with", "without"):
        (tmp_path / folder).mkdir()
        for name in ("README.md", "other.md"):
            (tmp_path / folder / name).write_text("---\nlicense: mit\n---\n# Model\n")
    (tmp_path / "with" / ".eval_results").mkdir()
    named = [str(tmp_path / f / n) for f in ("with", "without") for n in ("README.md", "other.md")]
    targets = runner.discover(named, Config(root=tmp_path))
    assert [t.beside for t in targets] == [True, True, False, False]
    walked = runner.discover([str(tmp_path)], Config(root=tmp_path))
    assert {t.path: t.beside for t in walked} == {t.path: t.beside for t in targets}

"""Metadata rules MC100-MC110 on real cards: exact findings, positions and fixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint
from modelcard.checks.config import config_from_mapping
from modelcard.checks.registry import get
from modelcard.diagnostics import Fix, Severity

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "metadata"
CONFIG = config_from_mapping({"select": ["MC1"]}, root=FIXTURES)


def findings(source: str | Path) -> list[tuple[str, int, int, str]]:
    found = lint(source if isinstance(source, Path) else source, config=CONFIG)
    return [(d.code, d.location.line, d.location.column, d.message) for d in found]


def diagnostic(name: str, code: str):
    [found] = [d for d in lint(FIXTURES / name, config=CONFIG) if d.code == code]
    return found


def applied(text: str, fix: Fix) -> str:
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def read(name: str) -> str:
    return Card.load(FIXTURES / name).text


def assert_fix(name: str, code: str, before: str, after: str) -> str:
    """The fix changes exactly ``before`` into ``after``; every other byte stays."""
    text = read(name)
    assert text.count(before) == 1
    fixed = applied(text, diagnostic(name, code).fix)
    assert fixed == text.replace(before, after)
    return fixed


# -- one real card per rule ---------------------------------------------------------------


def test_mc101_mit_is_fixed_to_mit() -> None:
    assert findings(FIXTURES / "license-mit.md") == [
        ("MC101", 6, 10, "`MIT` is not a license id the Hub knows; use `mit`"),
    ]
    assert_fix("license-mit.md", "MC101", "license: MIT\n", "license: mit\n")


def test_mc101_a_list_of_one_license_becomes_that_license() -> None:
    assert findings(FIXTURES / "license-list.md") == [
        ("MC101", 5, 1, "`license` must be one id, not a list; use `apache-2.0`"),
    ]
    assert_fix("license-list.md", "MC101", "license:\n- apache-2.0\n", "license: apache-2.0\n")


def test_mc102_license_other_without_name_and_link() -> None:
    assert findings(FIXTURES / "license-other.md") == [
        ("MC102", 2, 10, "`license: other` needs `license_name` and `license_link` to say which license applies"),
    ]
    assert diagnostic("license-other.md", "MC102").fix is None


def test_mc103_retired_task_after_leading_blank_line() -> None:
    assert findings(FIXTURES / "pipeline-conversational.md") == [
        ("MC110", 3, 1, "no `license` in the front-matter"),
        ("MC103", 3, 15, "`conversational` is no longer a Hub task; use `text-generation` if it describes the model"),
    ]


def test_mc104_unknown_library_is_a_warning() -> None:
    assert findings(FIXTURES / "library-mlconsole.md") == [
        ("MC104", 7, 15, "`mlconsole` is not a library the Hub knows"),
    ]
    assert diagnostic("library-mlconsole.md", "MC104").severity is Severity.WARNING


def test_mc105_cache_path_is_fixed_to_its_repo_id() -> None:
    [missing_license, (code, line, column, message)] = findings(FIXTURES / "base-model-cache-path.md")
    assert (code, line, column) == ("MC105", 2, 13)
    assert message.endswith("use the repo id `runwayml/stable-diffusion-v1-5`")
    assert missing_license[:3] == ("MC110", 2, 1)
    path = "/root/.cache/huggingface/hub/models--runwayml--stable-diffusion-v1-5/snapshots/451f4fe16113bff5a5d2269ed5ad43b0592e9a14/unet"
    assert_fix("base-model-cache-path.md", "MC105", f"base_model: {path}\n", "base_model: runwayml/stable-diffusion-v1-5\n")


def test_mc106_legacy_key_is_renamed() -> None:
    assert findings(FIXTURES / "model-index-legacy.md") == [
        ("MC106", 5, 1, "`model_index` is a legacy key the Hub ignores; rename it to `model-index`"),
    ]
    fixed = assert_fix("model-index-legacy.md", "MC106", "model_index:\n", "model-index:\n")
    # Renamed, the results are checked: this card's are a mapping, not a list.
    assert findings(fixed) == [("MC100", 6, 3, "`model-index` must be a list, not a mapping")]


def test_mc107_mean_and_spread_is_not_a_number() -> None:
    assert findings(FIXTURES / "metric-plus-minus.md") == [
        ("MC110", 2, 1, "no `license` in the front-matter"),
        (
            "MC107",
            13,
            14,
            "`model-index[0].results[0].metrics[0].value` is `259.34 +/- 20.02`, not a number; "
            "put the mean in `value` and the spread in the card body",
        ),
    ]
    assert diagnostic("metric-plus-minus.md", "MC107").fix is None


def test_mc108_bare_number_becomes_a_mapping() -> None:
    assert findings(FIXTURES / "co2-scalar.md")[1] == (
        "MC108",
        10,
        19,
        "`co2_eq_emissions` is a bare number; write it as a mapping with `emissions` in grams and a `source`",
    )
    fixed = assert_fix(
        "co2-scalar.md",
        "MC108",
        "co2_eq_emissions: 0.07815966018818815\n",
        "co2_eq_emissions:\n  emissions: 0.07815966018818815\n",
    )
    assert Card.from_text(fixed).metadata["co2_eq_emissions"] == {"emissions": 0.07815966018818815}


def test_mc108_mapping_without_source_but_stated_in_grams() -> None:
    # 0.0028 g is tiny, but the body says "(in grams)": no kilogram suspicion.
    assert findings(FIXTURES / "co2-no-source.md") == [
        ("MC110", 2, 1, "no `license` in the front-matter"),
        ("MC108", 9, 1, "`co2_eq_emissions` has no `source`; say how the emissions were measured"),
    ]


def test_mc109_language_no_is_restored() -> None:
    assert findings(FIXTURES / "language-no.md") == [
        ("MC109", 2, 11, '`no` is read as the boolean `false`, not Norwegian; quote it: `"no"`'),
    ]
    fixed = assert_fix("language-no.md", "MC109", "language: no\n", 'language: "no"\n')
    assert Card.from_text(fixed).metadata["language"] == "no"


def test_mc109_language_name_becomes_its_code() -> None:
    assert findings(FIXTURES / "language-name.md") == [
        ("MC109", 2, 11, "`english` is a language name; use its ISO 639 code `en`"),
    ]
    assert_fix("language-name.md", "MC109", "language: english\n", "language: en\n")


def test_mc109_uppercase_region_is_lowercased_and_mc100_leaves_yaml11_booleans_to_mc010() -> None:
    # A CRLF card. `tags: [..., no]` is a boolean: MC010 reports it (with its
    # fix), MC100 does not repeat it.
    assert findings(FIXTURES / "language-region.md") == [("MC109", 12, 3, "`nb-NO` must be lowercase, `nb-no`")]
    assert_fix("language-region.md", "MC109", "language:\r\n- nb-NO\r\n", "language:\r\n- nb-no\r\n")


def test_mc100_reports_each_violation_at_its_value() -> None:
    assert findings(FIXTURES / "metrics-mappings.md") == [
        ("MC110", 2, 1, "no `license` in the front-matter"),
        ("MC100", 7, 3, "`metrics[0]` must be a string, not a mapping"),
        ("MC100", 8, 3, "`metrics[1]` must be a string, not a mapping"),
    ]
    assert findings(FIXTURES / "widget-mapping.md") == [("MC100", 6, 4, "`widget` must be a list, not a mapping")]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.md")))
def test_every_fix_resolves_its_finding_and_keeps_the_card_readable(name: str) -> None:
    text = read(name)
    for d in lint(FIXTURES / name, config=CONFIG):
        if d.fix is None:
            continue
        fixed = applied(text, d.fix)
        card = Card.from_text(fixed)
        assert card.body == Card.from_text(text).body
        again = [f for f in findings(fixed) if (f[0], f[3]) == (d.code, d.message)]
        assert again == [], f"{d.code} still reported after its fix"


# -- one problem, one finding --------------------------------------------------------------

MESSY = """\
---
license: Apache 2.0
language:
- English
- zh-CN
pipeline_tag: Text Classification
library_name: Sentence_Transformers
base_model: ./out
co2_eq_emissions: 27.1
model_index: []
tags: nlp
---
# Model
"""


def test_owned_keys_get_one_finding_each() -> None:
    assert findings(MESSY) == [
        ("MC101", 2, 10, "`Apache 2.0` is not a license id the Hub knows; use `apache-2.0`"),
        ("MC109", 4, 3, "`English` is a language name; use its ISO 639 code `en`"),
        ("MC109", 5, 3, "`zh-CN` must be lowercase, `zh-cn`"),
        ("MC103", 6, 15, "`Text Classification` is not a Hub task; use `text-classification`"),
        ("MC104", 7, 15, "`Sentence_Transformers` is not a library the Hub knows; use `sentence-transformers`"),
        ("MC105", 8, 13, "`base_model` is a local path `./out`; use the Hub repo id of the base model"),
        ("MC108", 9, 19, "`co2_eq_emissions` is a bare number; write it as a mapping with `emissions` in grams and a `source`"),
        ("MC106", 10, 1, "`model_index` is a legacy key the Hub ignores; rename it to `model-index`"),
        ("MC100", 11, 7, "`tags` must be a list, not a string"),
    ]


def test_fixing_everything_leaves_only_what_needs_a_person() -> None:
    from modelcard.checks.fixes import apply_fixes

    text = MESSY
    for _ in range(3):
        text, _ = apply_fixes(text, [d.fix for d in lint(text, config=CONFIG) if d.fix])
    assert text == MESSY.replace("license: Apache 2.0", "license: apache-2.0").replace("- English", "- en").replace(
        "- zh-CN", "- zh-cn"
    ).replace("Text Classification", "text-classification").replace("Sentence_Transformers", "sentence-transformers").replace(
        "co2_eq_emissions: 27.1", "co2_eq_emissions:\n  emissions: 27.1"
    ).replace("model_index:", "model-index:")
    assert [f[0] for f in findings(text)] == ["MC105", "MC108", "MC100", "MC100"]


# -- the rules' documentation ----------------------------------------------------------------


@pytest.mark.parametrize("code", [f"MC1{n:02d}" for n in range(11)])
def test_rule_docs_have_every_section(code: str) -> None:
    rule = get(code)
    assert rule is not None and rule.check is not None
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in rule.doc, f"{code} doc lacks {section}"
    assert ("## Options" in rule.doc) == bool(rule.options)

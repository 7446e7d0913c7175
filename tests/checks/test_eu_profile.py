"""The eu-gpai profile: rules MC601-MC609, off by default, turned on by `--profile` or the config."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint, registry
from modelcard.checks.config import Config, config_from_mapping
from modelcard.checks.context import CheckContext
from modelcard.cli.main import main

DOCUMENT = Path(__file__).resolve().parents[1] / "fixtures" / "document"
CODES = [f"MC60{i}" for i in range(1, 10)]
FRONT = "---\nlicense: mit\n---\n"


def findings(code: str, text: str) -> list[tuple[int, int, str]]:
    rule = registry.get(code)
    assert rule is not None and rule.check is not None
    ctx = CheckContext(Card.from_text(text), options=rule.options)
    return [(f.location.line, f.location.column, f.message) for f in rule.check(ctx)]


def _blocks(doc: str, heading: str) -> str:
    """The first code block after the heading."""
    after = doc.split(f"## {heading}\n", 1)[1]
    return re.search(r"^```\w*\n(.*?)^```$", after, re.S | re.M).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("code", CODES)
def test_each_rule_s_documented_example_is_reported_and_its_fix_is_not(code: str) -> None:
    rule = registry.get(code)
    assert rule is not None and not rule.default_enabled
    assert findings(code, FRONT + _blocks(rule.doc, "Example")), code
    assert findings(code, FRONT + _blocks(rule.doc, "Use instead")) == [], code


def test_the_rules_are_off_by_default_and_the_profile_turns_them_on(tmp_path: Path) -> None:
    card = DOCUMENT / "keras" / "README.md"
    assert not [d for d in lint(card, config=Config()) if d.code.startswith("MC6")]
    assert not [d for d in lint(card, config=Config(strict=True)) if d.code.startswith("MC6")]  # a profile's rules
    config = config_from_mapping({"profile": "eu-gpai"}, root=tmp_path)
    codes = sorted({d.code for d in lint(card, config=config) if d.code.startswith("MC6")})
    # keras: no FLOP figure (its batch size is not recorded); the parameters are stated
    assert codes == ["MC601", "MC602", "MC603", "MC604", "MC605", "MC606", "MC607", "MC609"]


def test_a_generated_card_s_template_text_is_reported_at_its_heading() -> None:
    text = (DOCUMENT / "trainer-resumed" / "README.md").read_text()
    lines = text.splitlines()
    line = lines.index("## Intended uses & limitations") + 1
    assert findings("MC602", text) == [
        (line, 1, "section `Intended uses & limitations` holds no text its authors wrote about intended uses "
                  "(only generated or template text)"),
    ]  # fmt: skip
    assert findings("MC608", text) == [] and findings("MC609", text) == []  # generated under Technical specifications


def test_placeholders_do_not_count_as_written() -> None:
    text = FRONT + "# m\n\n## Acceptable use policy\n\n[More Information Needed]\n\n<!-- TODO -->\n"
    assert findings("MC601", text) == [
        (6, 1, "section `Acceptable use policy` holds no text its authors wrote about the acceptable use policy "
               "(only generated or template text)"),
    ]  # fmt: skip


def test_compute_without_a_unit_is_reported_at_the_number() -> None:
    text = FRONT + "# m\n\n```\ntraining compute 1e30 FLOP\n```\n\nThe training compute was about 1.2e18 in total.\n"
    assert findings("MC609", text) == [
        (10, 32, "training compute `1.2e18` is stated without its unit; write it in FLOP, e.g. `3.9 × 10^17 FLOP`"),
    ]
    assert findings("MC609", text.replace("1.2e18", "1.2 × 10^18 FLOP")) == []


def test_curation_counts_in_the_training_data_section() -> None:
    text = FRONT + "# m\n\n## Training data\n\nReviews from IMDb; duplicates were removed.\n"
    assert findings("MC604", text) == [] and findings("MC605", text) == []
    assert findings("MC605", text.replace("; duplicates were removed", "")) == [
        (4, 1, "no section on training data curation; add one such as `## Data curation`"),
    ]


def test_cli_profile_and_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = tmp_path / "README.md"
    shutil.copy(DOCUMENT / "lightning" / "README.md", card)
    assert main(["lint", "--select", "MC0", str(card)]) == 0
    assert main(["lint", "--select", "MC0", "--profile", "eu-gpai", str(card)]) == 1
    out = capsys.readouterr().out
    assert f"{card}:10:1: MC601 warning no section on the acceptable use policy" in out
    (tmp_path / "pyproject.toml").write_text('[tool.modelcard]\nselect = ["MC0"]\nprofile = "eu-gpai"\n')
    assert main(["lint", str(card)]) == 1
    assert "MC607" in capsys.readouterr().out
    (tmp_path / "pyproject.toml").write_text('[tool.modelcard]\nprofile = "eu"\n')
    assert main(["lint", str(card)]) == 2
    assert "unknown profile `eu` (known: `eu-gpai`)" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").unlink()
    assert main(["lint", "--profile", "eu-gpia", str(card)]) == 2
    assert "did you mean `eu-gpai`?" in capsys.readouterr().err


def test_figures_in_code_blocks_and_overlong_lines_do_not_count() -> None:
    body = (
        "# m\n\n~~~\n```\n124M parameters, 3e17 FLOP\n```\n~~~\n\n"  # a tilde block holding a backtick fence
        + "1.2e18 FLOP, " + "x" * 2000 + "\n\n"  # longer than the lines the rules read
        + "````\nThe training compute was 1.2e18.\n```\n10M parameters\n"  # a fence that never closes
    )
    text = FRONT + body
    start = FRONT.count("\n") + 1
    assert findings("MC608", text) == [
        (start, 1, "the card does not state the number of parameters; add it with its unit, "
                   "e.g. `- **Parameters:** 124M (124,439,808)`"),
    ]  # fmt: skip
    assert [f[:2] for f in findings("MC609", text)] == [(start, 1)]
    closed = text.replace("```\n10M", "````\n10M")  # the block closes before the last line
    assert findings("MC608", closed) == []
    assert [f[:2] for f in findings("MC609", closed)] == [(start, 1)]
    opened = text.replace("````\n", "````\n````\n")  # the block closes at once; then one opens before the last line
    assert [f[:2] for f in findings("MC608", opened)] == [(start, 1)]
    assert findings("MC609", opened) == [
        (start + 12, 26, "training compute `1.2e18` is stated without its unit; write it in FLOP, e.g. `3.9 × 10^17 FLOP`"),
    ]


def test_crlf_cards_report_the_line_and_column_of_the_figure() -> None:
    text = (FRONT + "# m\n\n```\nx\n```\n\n| Training compute | 4e17 |\n").replace("\n", "\r\n")
    assert [f[:2] for f in findings("MC609", text)] == [(10, 22)]


def test_the_sections_and_prose_are_read_once_per_card(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nine rules ask; the sections and the lines outside code blocks are found once per card."""
    from modelcard.checks.rules._statements import Prose
    from modelcard.document.sections import CardSections

    built: list[str] = []
    for cls in (CardSections, Prose):
        init = cls.__init__
        monkeypatch.setattr(cls, "__init__", lambda self, ctx, init=init: built.append(type(self).__name__) or init(self, ctx))
    config = config_from_mapping({"profile": "eu-gpai"}, root=tmp_path)
    found = [d.code for name in ("trainer-resumed", "keras") for d in lint(DOCUMENT / name / "README.md", config=config)]
    assert len([code for code in found if code.startswith("MC6")]) == 15  # MC608, MC609 hold in one, MC608 in the other
    assert built == ["CardSections", "Prose"] * 2

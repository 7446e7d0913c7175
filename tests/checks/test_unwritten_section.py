"""MC207 unwritten-section on cards `modelcard generate` wrote from a real Trainer run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.checks import lint
from modelcard.checks.config import Config
from modelcard.cli.main import main
from modelcard.generate import generate

RUN = Path(__file__).parent.parent / "fixtures" / "trainer_runs" / "duplicate_eval"


@pytest.fixture
def run(tmp_path: Path) -> Path:
    dest = tmp_path / "run"
    shutil.copytree(RUN, dest)
    return dest


def _mc207(card: Card | Path, **overrides: object) -> list[tuple[int, str]]:
    config = Config().with_overrides(**overrides) if overrides else Config()
    return [(d.location.line, d.message) for d in lint(card, config=config) if d.code == "MC207"]


def test_off_by_default_and_on_with_strict(run):
    card = generate(run, output=run / "README.md", plot=False, overrides={"license": "mit"})
    assert _mc207(card) == []
    lines = card.dumps().splitlines()
    expected = [
        (lines.index("The authors have not yet described the model beyond what its training logs record.") + 1,
         "section `Model description` still holds the text the generator left for the authors; write it"),
        (next(i for i, line in enumerate(lines) if line.startswith("The authors have not documented")) + 1,
         "section `Intended uses & limitations` still holds the text the generator left for the authors; write it"),
    ]
    assert _mc207(card, strict=True) == expected
    assert _mc207(card, select=["MC207"]) == expected


def test_the_short_template_is_flagged_too(run):
    card = generate(run, output=run / "README.md", plot=False, template="short", overrides={"license": "mit"})
    assert [m for _, m in _mc207(card, select=["MC207"])] == [
        "section `Intended uses & limitations` still holds the text the generator left for the authors; write it"
    ]


def test_strict_lint_fails_until_the_authors_write_the_sections(run, capsys):
    assert main(["generate", str(run), "--license", "mit", "--no-plot"]) == 0
    err = capsys.readouterr().err
    assert (
        "sections only the authors can write (`modelcard lint --strict` fails until they do): "
        "`Model description`, `Intended uses & limitations`\n"
    ) in err
    card = run / "README.md"
    assert main(["lint", "--select", "MC207", str(card)]) == 1
    text = card.read_text()
    text = text.replace("The authors have not yet described the model beyond what its training logs record.", "Sorts reviews by sentiment.")
    start = text.index("The authors have not documented")
    end = text.index("\n\n", start)
    card.write_text(text[:start] + "For English product reviews only." + text[end:])
    capsys.readouterr()
    assert main(["lint", "--select", "MC207", str(card)]) == 0
    # regenerating keeps what the authors wrote, so the gate stays green
    assert main(["generate", str(run), "--license", "mit", "--no-plot"]) == 0
    assert "sections only the authors can write" not in capsys.readouterr().err
    assert main(["lint", "--select", "MC207", str(card)]) == 0

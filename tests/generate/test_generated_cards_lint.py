"""The generator writes only what the linter accepts.

Every run folder among the test fixtures (and the README's example run) is
generated into a card the way a user does it, then linted with the default
rules: no error, and no warning but the ones the README documents as "write
this yourself" (what no training log can tell).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.checks import lint
from modelcard.checks.config import Config
from modelcard.errors import SourceError
from modelcard.generate import generate
from modelcard.sources import read_run

ROOT = Path(__file__).resolve().parents[2]

#: Warnings a generated card may carry: the README's "write this yourself" list.
WRITE_YOURSELF = {"MC110"}  # missing-license: no log says under which license a model is shared


def _run_folders() -> list[Path]:
    folders = [ROOT / "examples" / "run"]
    for folder in sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_dir()):
        try:
            read_run(folder)
        except SourceError:
            continue
        folders.append(folder)
    return folders


RUNS = _run_folders()
IDS = [p.relative_to(ROOT).as_posix() for p in RUNS]


def test_the_run_fixtures_are_found() -> None:
    """The parametrised tests below cover the runs of every reader."""
    assert {
        "examples/run",
        "tests/fixtures/generate/whisper-small-hi",
        "tests/fixtures/generate/qlora-checkpoint",
        "tests/fixtures/sources/trainer_old",
        "tests/fixtures/sources/keras_fit",
        "tests/fixtures/sources/keras_csvlogger",
        "tests/fixtures/sources/lightning",
        "tests/fixtures/sources/lightning_tags",
    } <= set(IDS)


def _generate_and_lint(run: Path, tmp_path: Path, **kwargs) -> list:
    folder = tmp_path / "run"
    shutil.copytree(run, folder)
    out = folder / "README.md"
    out.unlink(missing_ok=True)
    generate(folder, output=out, **kwargs)
    return lint(out, config=Config(root=tmp_path))


@pytest.mark.parametrize("run", RUNS, ids=IDS)
def test_a_generated_card_has_no_finding_but_what_only_its_authors_can_write(run: Path, tmp_path: Path) -> None:
    findings = _generate_and_lint(run, tmp_path)
    assert [(d.code, d.message) for d in findings if d.code not in WRITE_YOURSELF] == []
    assert {d.code for d in findings} == WRITE_YOURSELF


@pytest.mark.parametrize("template", ["default", "short"])
@pytest.mark.parametrize("run", RUNS, ids=IDS)
def test_with_the_authors_metadata_a_generated_card_is_clean(run: Path, template: str, tmp_path: Path) -> None:
    metadata = {"license": "apache-2.0", "datasets": ["imdb"], "language": "en"}
    assert [(d.code, d.message) for d in _generate_and_lint(run, tmp_path, metadata=metadata, template=template, plot=False)] == []


def test_a_lightning_run_names_no_library_the_hub_does_not_know(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "sources" / "lightning", tmp_path / "run")
    card = generate(tmp_path / "run", plot=False)
    assert "library_name" not in card.metadata
    assert card.metadata["tags"] == ["pytorch-lightning"]

"""The card says "measured" only when codecarbon measured, and what its figure covers."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from modelcard.checks import lint_card
from modelcard.generate import generate

MINIMAL = {"license": "apache-2.0"}
RUN_ID = "e2661d02-bca8-4107-b91c-c1dffaf949f9"  # the example run's emissions.csv
SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def _caveats(run: Path, basis: str) -> None:
    entry = {
        "run_id": RUN_ID,
        "outcome": "completed",
        "energy_basis": basis,
        "components": {"cpu": {"method": "cpu_load", "measured": basis != "estimated", "tdp_watts": 65.0}},
        "caveats": [],
    }
    (run / "emissions_caveats.json").write_text(json.dumps({"version": 1, "runs": [entry]}))


def _set_tracking_mode(run: Path, mode: str) -> None:
    path = run / "emissions.csv"
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["tracking_mode"] = mode
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _text(card) -> str:
    """The body with line breaks read as spaces, as Markdown renders a paragraph."""
    return " ".join(card.body.split())


def _errors(card) -> list[str]:
    return [f"{d.code} {d.message}" for d in lint_card(card) if d.severity.value == "error"]


def test_a_plain_emissions_csv_is_not_called_a_measurement(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    card = generate(run, metadata=MINIMAL, output=run / "README.md", plot=False)
    assert "measured with" not in _text(card)
    assert "Carbon emissions of training, as reported by codecarbon 3.2.1 (read from `emissions.csv`):" in _text(card)
    assert "It may have estimated parts of this figure: `emissions.csv` does not say which." in _text(card)
    assert card.metadata["co2_eq_emissions"]["source"] == "codecarbon"
    assert _errors(card) == []


@pytest.mark.parametrize(
    ("basis", "lead"),
    [
        ("estimated", "Carbon emissions of training, estimated by codecarbon 3.2.1"),
        ("partly-estimated", "Carbon emissions of training, partly measured and partly estimated by codecarbon 3.2.1"),
        ("measured", "Carbon emissions of training, measured with codecarbon 3.2.1"),
    ],
)
def test_the_energy_basis_of_the_caveats_file_is_stated(copy_run, basis, lead):
    run = copy_run("cat-emotions-with-emissions")
    _caveats(run, basis)
    card = generate(run, metadata=MINIMAL, output=run / "README.md", plot=False)
    assert f"{lead} (read from `emissions.csv`):" in _text(card)
    assert "as `emissions_caveats.json` records" in _text(card)
    assert ("measured with" in _text(card)) == (basis == "measured")
    if basis == "estimated":
        assert "- energy estimated, not measured: CPU power from its load and an assumed 65 W" in _text(card)
    assert card.metadata["co2_eq_emissions"]["source"] == "codecarbon"
    assert _errors(card) == []


def test_machine_mode_counts_the_whole_machine(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    card = generate(run, output=run / "README.md", plot=False)
    assert "codecarbon tracked the whole machine (`tracking_mode: machine`)" in _text(card)
    assert "Only the tracked process is counted" not in _text(card)


def test_process_mode_counts_the_training_process(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    _set_tracking_mode(run, "process")
    card = generate(run, output=run / "README.md", plot=False)
    assert "Only the tracked process is counted (`tracking_mode: process`)" in _text(card)
    assert "whole machine" not in _text(card)


def test_a_file_without_tracking_mode_says_so(copy_run):
    run = copy_run("cat-emotions-with-emissions")
    shutil.copyfile(SOURCES / "codecarbon" / "v1_12_columns.csv", run / "emissions.csv")
    card = generate(run, output=run / "README.md", plot=False)
    assert "`emissions.csv` does not record codecarbon's tracking mode" in _text(card)
    assert "Only the tracked process is counted" not in _text(card)


@pytest.mark.parametrize(
    ("basis", "mode", "wording"),
    [
        (None, "machine", "as reported by codecarbon 3.2.1 (`emissions.csv`; codecarbon may have estimated parts of it and the file does not say which)"),
        ("estimated", "machine", "estimated by codecarbon 3.2.1 (`emissions.csv`, `emissions_caveats.json`)"),
        ("measured", "process", "measured with codecarbon 3.2.1 (`emissions.csv`, `emissions_caveats.json`)"),
    ],
)
def test_short_template(copy_run, basis, mode, wording):
    run = copy_run("cat-emotions-with-emissions")
    if basis:
        _caveats(run, basis)
    _set_tracking_mode(run, mode)
    card = generate(run, template="short", metadata=MINIMAL, output=run / "README.md", plot=False)
    assert wording in _text(card)
    scope = "whole machine counted (every process on it while tracked)" if mode == "machine" else "training process only"
    assert scope in _text(card)
    assert ("measured with" in _text(card)) == (basis == "measured")
    assert _errors(card) == []

"""One emissions.csv with rows of unrelated trackers (a real file: four codecarbon 3 trackers on this machine)."""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

from modelcard.generate import generate
from modelcard.sources import read_run


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def test_only_the_runs_of_this_training_add_up(runs: Path) -> None:
    rows = _rows(runs / "emissions_mixed" / "emissions.csv")
    assert [(r["project_name"], r["country_iso_code"], r["tracking_mode"]) for r in rows] == [
        ("data-prep", "FRA", "machine"), ("parity", "DEU", "process"), ("parity", "DEU", "machine"), ("parity", "DEU", "machine"),
    ]
    em = read_run(runs / "emissions_mixed").emissions
    assert em.runs == 2 and em.rows == 4
    assert math.isclose(em.grams.value, (float(rows[2]["emissions"]) + float(rows[3]["emissions"])) * 1000)
    assert math.isclose(em.duration_s.value, float(rows[2]["duration"]) + float(rows[3]["duration"]))
    assert em.tracking_mode.value == "machine"
    assert em.location["country_iso_code"].value == "DEU"
    assert em.run_ids == (rows[2]["run_id"], rows[3]["run_id"])
    assert em.caveats == [
        "left out 2 of the file's 4 tracked runs, which differ from the last run (`project_name` `parity`, "
        "`tracking_mode` `machine`): `project_name` `data-prep`, `country_iso_code` `FRA`; `tracking_mode` `process`; "
        "only runs sharing its project, location, hardware and tracking mode are counted"
    ]


def test_scope_follows_the_runs_counted(runs: Path, tmp_path: Path) -> None:
    """The last tracker ran in process mode: the card never says the whole machine was tracked."""
    run = tmp_path / "run"
    run.mkdir()
    lines = (runs / "emissions_mixed" / "emissions.csv").read_text().splitlines()
    (run / "emissions.csv").write_text("\n".join([lines[0], lines[1], lines[3], lines[2]]) + "\n")
    (run / "history.json").write_text('{"loss": [0.7, 0.6]}')
    card = generate(run, output=run / "README.md", plot=False)
    assert "Only the tracked process is counted (`tracking_mode: process`)" in card.body
    assert "whole machine" not in card.body
    assert "left out 2 of the file's 3 tracked runs" in card.body
    assert card.metadata["co2_eq_emissions"]["geographical_location"] == "Germany"


def test_rows_that_agree_still_add_up(fixtures: Path, tmp_path: Path) -> None:
    """A resumed training (two run_ids, same project, place, machine, mode) counts both parts."""
    shutil.copyfile(fixtures / "codecarbon" / "v2.8.3_32_columns_resumed.csv", tmp_path / "emissions.csv")
    em = read_run(tmp_path).emissions
    assert em.runs == 2 and not any("left out" in c for c in em.caveats)

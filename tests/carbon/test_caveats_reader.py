"""The caveats a tracker writes reach the facts a card is generated from."""

from __future__ import annotations

import json
from pathlib import Path

from modelcard.carbon import track
from modelcard.sources import read_run


def test_read_run_states_what_was_estimated(tmp_path: Path) -> None:
    with track(tmp_path) as tracker:
        sum(range(100_000))
    (tmp_path / "history.json").write_text(json.dumps({"loss": [0.9, 0.5], "val_loss": [1.0, 0.7]}))
    run = read_run(tmp_path)
    assert run.emissions is not None
    assert "emissions_caveats.json" in run.files_read
    caveats = run.emissions.caveats
    assert "no country was given to the tracker: the world-average carbon intensity was used" in caveats
    if tracker.result.energy_basis != "measured":
        assert any(c.startswith(("energy estimated, not measured", "energy partly estimated")) for c in caveats)


def test_an_unreadable_caveats_file_is_a_problem_not_a_failure(tmp_path: Path) -> None:
    with track(tmp_path, country_iso_code="FRA"):
        pass
    (tmp_path / "emissions_caveats.json").write_text("{not json")
    (tmp_path / "history.json").write_text(json.dumps({"loss": [0.9]}))
    run = read_run(tmp_path)
    assert run.emissions is not None and run.emissions.grams.value >= 0
    assert [p.file for p in run.problems if "caveats" in p.message] == ["emissions_caveats.json"]

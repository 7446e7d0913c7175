"""Whether codecarbon measured or estimated the energy, from ``emissions_caveats.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelcard.sources import read_run

RESUMED = "codecarbon/v2.8.3_32_columns_resumed.csv"
RUN_IDS = ("1797c6e9-59ce-4e7c-a4f3-b87993858cca", "03f0eb8a-ccb2-47ae-bf23-de2eaa3de678")


def _caveats(run: Path, *bases: str, run_ids: tuple[str, ...] = RUN_IDS) -> None:
    entries = [{"run_id": r, "outcome": "completed", "energy_basis": b, "components": {}, "caveats": []} for r, b in zip(run_ids, bases)]
    (run / "emissions_caveats.json").write_text(json.dumps({"version": 1, "runs": entries}))


@pytest.mark.parametrize(
    ("bases", "expected"),
    [
        (("measured", "measured"), "measured"),
        (("estimated", "estimated"), "estimated"),
        (("measured", "estimated"), "partly-estimated"),
        (("partly-estimated", "measured"), "partly-estimated"),
    ],
)
def test_the_basis_of_every_run_counted(copy_fixture, bases, expected) -> None:
    run = copy_fixture(RESUMED, dest="emissions.csv")
    _caveats(run, *bases)
    emissions = read_run(run).emissions
    assert emissions.run_ids == RUN_IDS
    assert emissions.energy_basis.value == expected
    assert emissions.energy_basis.source == "emissions_caveats.json:energy_basis"


def test_a_plain_emissions_csv_does_not_say(copy_fixture) -> None:
    emissions = read_run(copy_fixture(RESUMED, dest="emissions.csv")).emissions
    assert emissions.energy_basis is None


def test_a_run_the_caveats_file_does_not_cover_leaves_the_basis_unknown(copy_fixture) -> None:
    run = copy_fixture(RESUMED, dest="emissions.csv")
    _caveats(run, "measured", run_ids=RUN_IDS[1:])
    emissions = read_run(run).emissions
    assert emissions.energy_basis is None
    assert (
        "`emissions_caveats.json` covers 1 of the 2 runs counted: "
        "whether the others' energy was measured or estimated is not recorded"
    ) in emissions.caveats


def test_an_entry_for_another_run_is_not_used(copy_fixture) -> None:
    run = copy_fixture(RESUMED, dest="emissions.csv")
    _caveats(run, "measured", "measured", run_ids=("other-a", "other-b"))
    assert read_run(run).emissions.energy_basis is None


def test_world_average_is_said_once_when_no_country_was_given(copy_fixture) -> None:
    run = copy_fixture(RESUMED, dest="emissions.csv")
    entry = {
        "run_id": RUN_IDS[0],
        "energy_basis": "estimated",
        "caveats": [
            {"kind": "location-not-given", "message": "no country given"},
            {"kind": "location-fallback", "message": "We do not have data for None, using world average."},
        ],
    }
    (run / "emissions_caveats.json").write_text(json.dumps({"version": 1, "runs": [entry]}))
    caveats = read_run(run).emissions.caveats
    assert "no country was given to the tracker: the world-average carbon intensity was used" in caveats
    assert not any("could not locate the machine" in c for c in caveats)

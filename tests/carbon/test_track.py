from __future__ import annotations

import time
from pathlib import Path

import pytest

from modelcard.carbon import CAVEATS_FILE, track
from modelcard.errors import UsageError


def _busy(seconds: float) -> int:
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end:
        n += 1
    return n


def test_track_writes_a_row_and_its_caveats(tmp_path: Path, helpers) -> None:
    out = tmp_path / "run"
    with track(out, country_iso_code="fra") as tracker:
        _busy(0.2)
    result = tracker.result
    assert result is not None and result.outcome == "completed"
    [row] = helpers.rows(out)
    assert row["project_name"] == "modelcard"
    assert row["country_iso_code"] == "FRA"
    assert row["tracking_mode"] == "machine"
    assert float(row["emissions"]) == pytest.approx(result.emissions_kg)
    assert result.emissions_kg > 0 and result.energy_kwh > 0

    [run] = helpers.caveat_runs(out)
    assert run["run_id"] == row["run_id"] == result.run_id
    assert run["location"] == {"country_iso_code": "FRA", "source": "given"}
    assert run["settings"]["tracker"] == "offline"
    kinds = {c["kind"] for c in run["caveats"]}
    # RAM power is always modelled by codecarbon, never measured.
    assert "ram-power-estimated" in kinds
    assert run["energy_basis"] in ("estimated", "partly-estimated")
    if not run["components"]["cpu"]["measured"]:
        assert "cpu-power-estimated" in kinds
        assert run["energy_basis"] == "estimated"


def test_without_country_the_caveats_say_world_average(tmp_path: Path, helpers) -> None:
    with track(tmp_path) as tracker:
        _busy(0.05)
    [run] = helpers.caveat_runs(tmp_path)
    assert run["location"] == {"country_iso_code": None, "source": "world-average"}
    assert any(c.kind == "location-not-given" for c in tracker.result.caveats)


def test_an_exception_still_writes_the_row(tmp_path: Path, helpers) -> None:
    with pytest.raises(ValueError, match="boom"), track(tmp_path, country_iso_code="DEU"):
        raise ValueError("boom")
    assert len(helpers.rows(tmp_path)) == 1
    [run] = helpers.caveat_runs(tmp_path)
    assert run["outcome"] == "failed"


def test_ctrl_c_still_writes_the_row(tmp_path: Path, helpers) -> None:
    with pytest.raises(KeyboardInterrupt), track(tmp_path, country_iso_code="DEU"):
        raise KeyboardInterrupt
    assert len(helpers.rows(tmp_path)) == 1
    assert helpers.caveat_runs(tmp_path)[0]["outcome"] == "interrupted"


def test_a_resumed_run_appends_a_row_and_a_caveats_entry(tmp_path: Path, helpers) -> None:
    for _ in range(2):
        with track(tmp_path, country_iso_code="FRA"):
            _busy(0.02)
    rows = helpers.rows(tmp_path)
    runs = helpers.caveat_runs(tmp_path)
    assert len(rows) == 2 and len({r["run_id"] for r in rows}) == 2
    assert [r["run_id"] for r in runs] == [r["run_id"] for r in rows]
    # codecarbon logs its hardware warnings once per process; both runs state them
    kinds = [sorted(c["kind"] for c in r["caveats"]) for r in runs]
    assert kinds[0] == kinds[1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"country_iso_code": "FR"}, "3-letter ISO 3166 code"),
        ({"country_iso_code": "ZZZ"}, "no energy-mix data for country `ZZZ`"),
        ({"country_iso_code": "FRA", "online": True}, "online tracker geolocates"),
    ],
)
def test_bad_settings_fail_before_tracking(tmp_path: Path, kwargs, message: str) -> None:
    with pytest.raises(UsageError, match=message), track(tmp_path / "x", **kwargs):
        pass
    assert not (tmp_path / "x" / CAVEATS_FILE).exists()


SIGTERMED = """
import sys, time
from modelcard.carbon import track
with track(sys.argv[1], country_iso_code="FRA"):
    print("ready", flush=True)
    time.sleep(60)
"""


def test_sigterm_inside_the_block_still_writes_the_row(tmp_path: Path, helpers) -> None:
    import signal
    import subprocess

    proc = subprocess.Popen(
        [helpers.python, "-c", SIGTERMED, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=helpers.clean_env()
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        proc.kill()
        proc.stdout.close()
    assert len(helpers.rows(tmp_path)) == 1
    assert helpers.caveat_runs(tmp_path)[0]["outcome"] == "interrupted"

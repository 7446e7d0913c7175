"""A user's codecarbon config files and CODECARBON_* variables change nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

HOSTILE = {
    "project_name": "hostile",
    "experiment_name": "hostile",
    "output_dir": "{elsewhere}",
    "output_file": "hostile.csv",
    "output_methods": "logger",
    "save_to_file": "False",
    "country_iso_code": "USA",
    "region": "texas",
    "measure_power_secs": "0.01",
    "log_level": "critical",
    "tracking_mode": "process",
    "pue": "100",
    "force_cpu_power": "100000",
    "force_ram_power": "100000",
    "force_carbon_intensity_g_co2e_kwh": "999999",
    "allow_multiple_runs": "False",
    "emissions_endpoint": "http://127.0.0.1:9/emissions",
    "co2_signal_api_token": "not-a-token",
    "on_csv_write": "update",
}

SCRIPT = """
import json, sys
from modelcard.carbon import track
with track(sys.argv[1], country_iso_code="FRA") as t:
    sum(range(2_000_000))
print(json.dumps({"kg": t.result.emissions_kg, "kwh": t.result.energy_kwh}))
"""


def _config(values: dict[str, str], elsewhere: Path) -> str:
    lines = [f"{k} = {v.format(elsewhere=elsewhere)}" for k, v in values.items()]
    return "[codecarbon]\n" + "\n".join(lines) + "\n"


def _run(tmp_path: Path, helpers, *, home_text: str, cwd_text: str, env: dict[str, str]) -> tuple[Path, dict]:
    home, cwd, out = tmp_path / "home", tmp_path / "cwd", tmp_path / "out"
    for folder in (home, cwd):
        folder.mkdir()
    (home / ".codecarbon.config").write_text(home_text, encoding="utf-8")
    (cwd / ".codecarbon.config").write_text(cwd_text, encoding="utf-8")
    proc = subprocess.run(
        [helpers.python, "-c", SCRIPT, str(out)],
        cwd=cwd,
        env=helpers.clean_env(HOME=str(home), **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return out, json.loads(proc.stdout.strip().splitlines()[-1])


def _assert_untouched(out: Path, elsewhere: Path, result: dict, helpers) -> dict:
    from codecarbon.input import DataSource

    assert sorted(p.name for p in out.iterdir()) == ["emissions.csv", "emissions_caveats.json"]
    assert not elsewhere.exists() or not any(elsewhere.iterdir())
    [row] = helpers.rows(out)
    assert row["project_name"] == "modelcard"
    assert row["country_iso_code"] == "FRA" and row["region"] == ""
    assert row["tracking_mode"] == "machine"
    assert float(row["pue"]) == 1.0
    assert float(row["cpu_power"]) < 1000 and float(row["ram_power"]) < 1000
    # The emissions follow France's energy mix, not a forced intensity.
    intensity = DataSource().get_global_energy_mix_data()["FRA"]["carbon_intensity"]
    assert result["kg"] / result["kwh"] == pytest.approx(intensity / 1000, rel=1e-6)
    [run] = helpers.caveat_runs(out)
    assert run["settings"]["measure_power_secs"] == 15.0
    assert not [c for c in run["caveats"] if c["kind"] == "tracker-error"]
    return run


def test_config_files_and_environment_are_ignored(tmp_path: Path, helpers) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    text = _config(HOSTILE, elsewhere)
    env = {f"CODECARBON_{k.upper()}": v.format(elsewhere=elsewhere) for k, v in HOSTILE.items()}
    out, result = _run(tmp_path, helpers, home_text=text, cwd_text=text, env=env)
    run = _assert_untouched(out, elsewhere, result, helpers)
    ignored = "\n".join(run["ignored_config"])
    assert "pue (CODECARBON_PUE)" in ignored
    assert "not-a-token" not in (out / "emissions_caveats.json").read_text()


def test_an_unreadable_config_file_does_not_break_tracking(tmp_path: Path, helpers) -> None:
    elsewhere = tmp_path / "elsewhere"
    out, result = _run(
        tmp_path, helpers, home_text="this is = not [ini\n", cwd_text="[codecarbon\npue=3\n", env={}
    )
    run = _assert_untouched(out, elsewhere, result, helpers)
    assert run["ignored_config"] == ["unreadable codecarbon config file (MissingSectionHeaderError)"]

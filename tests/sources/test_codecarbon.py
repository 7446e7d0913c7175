from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.sources import read_run

CODECARBON = "codecarbon"


def _run_with(copy_fixture, name: str):
    return read_run(copy_fixture(f"{CODECARBON}/{name}", dest="emissions.csv"))


def test_version_3_with_38_columns(copy_fixture) -> None:
    run = _run_with(copy_fixture, "v3.2.1_38_columns.csv")
    emissions = run.emissions
    assert emissions.grams.value == pytest.approx(3.303267702055659)
    assert emissions.grams.source.startswith("emissions.csv:emissions (kg × 1000")
    assert emissions.energy_kwh.value == pytest.approx(0.004777574701668992)
    assert emissions.duration_s.value == pytest.approx(42.99849789997097)
    assert emissions.source == "codecarbon 3.2.1"
    assert emissions.hardware["cpu_model"].value == "Intel(R) Core(TM) i5-10400 CPU @ 2.90GHz"
    assert emissions.hardware["cpu_count"].value == 12
    assert emissions.location["country_iso_code"].value == "BGD"
    assert emissions.tracking_mode.value == "machine"
    assert emissions.runs == 1 and emissions.rows == 1
    assert run.framework_versions["codecarbon"].source == "emissions.csv:codecarbon_version"
    assert any("no training log found" in p.message for p in run.problems)


def test_resumed_training_adds_up(copy_fixture) -> None:
    emissions = _run_with(copy_fixture, "v2.8.3_32_columns_resumed.csv").emissions
    assert emissions.runs == 2
    assert emissions.grams.value == pytest.approx((2.1564538453411496e-05 + 2.2553853176757506e-05) * 1000)
    assert emissions.duration_s.value == pytest.approx(871.4890122000361 + 915.9286522999755)
    assert emissions.source == "codecarbon 2.8.3"


def test_rows_of_one_run_are_cumulative(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / CODECARBON / "v2.3.1_31_columns.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    first = dict(rows[0])
    # an earlier, partial measurement of the same run (as tracker.flush() writes)
    partial = dict(first, duration=str(float(first["duration"]) / 2), emissions=str(float(first["emissions"]) / 2))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([partial, *rows])
    (tmp_path / "emissions.csv").write_text(out.getvalue())
    emissions = read_run(tmp_path).emissions
    assert emissions.rows == 3 and emissions.runs == 2
    expected = sum(float(r["emissions"]) for r in rows) * 1000
    assert emissions.grams.value == pytest.approx(expected)


def test_version_1_without_run_id(copy_fixture) -> None:
    emissions = _run_with(copy_fixture, "v1_12_columns.csv").emissions
    assert emissions.runs == 16
    assert emissions.source == "codecarbon"
    assert emissions.location["country_name"].value == "United States"
    assert emissions.hardware == {}
    assert emissions.tracking_mode is None
    assert "experiment_id" in emissions.grams.source


def test_padded_header_and_values(copy_fixture) -> None:
    emissions = _run_with(copy_fixture, "v2.4.2_padded_excerpt.csv").emissions
    assert emissions.runs == 3
    assert emissions.source == "codecarbon 2.4.2"
    assert emissions.hardware["gpu_model"].value == "1 x Tesla V100-PCIE-32GB"
    assert emissions.location["region"].value == "quebec"
    assert emissions.caveats == []


def test_csv_with_a_different_header(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text("time,co2\n1,2\n")
    (tmp_path / "eval_results.json").write_text('{"eval_accuracy": 0.9}')
    run = read_run(tmp_path)
    assert run.emissions is None
    [problem] = [p for p in run.problems if p.file == "emissions.csv"]
    assert problem.message.startswith("has no `duration`, `emissions` column (expected codecarbon's emissions.csv")


def test_reading_needs_no_codecarbon(fixtures: Path) -> None:
    code = (
        "import sys; from modelcard.sources.codecarbon import read_file; from modelcard.sources.run import Run;"
        "from pathlib import Path; p = Path(sys.argv[1]); r = Run(run_dir=p.parent);"
        "e = read_file(r, p); assert e is not None; assert 'codecarbon' not in sys.modules, 'imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(fixtures / CODECARBON / "v3.2.1_38_columns.csv")], check=True)

"""An MLflow file store of a real Trainer run (report_to="mlflow"), read as plain files."""

from __future__ import annotations

import shutil
from pathlib import Path

from modelcard.generate import generate
from modelcard.sources import read_run
from modelcard.sources.mlflow import parse_value


def _run_folder(root: Path) -> Path:
    return next(p.parent for p in (root / "mlruns").glob("*/*/meta.yaml"))


def test_params_metrics_and_no_machine_details(runs: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(runs / "mlflow_store", run_dir)
    run = read_run(run_dir)
    source = run.eval_log.source
    assert source.startswith("mlruns/") and source.count("/") == 2
    assert [(r["step"], r["eval_accuracy"]) for r in run.eval_log] == [(4, 0.75), (8, 0.8125), (12, 0.8125)]
    assert [r["step"] for r in run.train_log] == [2, 4, 6, 8, 10, 12]
    assert run.train_metrics["train_loss"].value == 0.6895436147848765
    assert run.hyperparameters["learning_rate"].value == 0.0005
    assert run.hyperparameters["learning_rate"].source == f"{source}/params:learning_rate"
    assert run.framework_versions["transformers"].value == "5.25.0"
    assert not any("secret" in p.message for p in run.problems)  # the `hub_token` param is the placeholder <HUB_TOKEN>
    text = generate(run_dir, output=run_dir / "README.md", plot=False).dumps()
    assert "| Training Loss | Epoch | Step | Validation Loss | Accuracy |" in text
    # tags and meta.yaml hold the user, the script path and the artifact location
    for machine in ("/tmp/modelcard-runs", "make_runs.py", "file://", "mlflow.user"):
        assert machine not in text


def test_newest_run_is_read_and_bad_lines_are_named(runs: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(runs / "mlflow_store", run_dir)
    folder = _run_folder(run_dir)
    older = folder.parent / ("0" * 32)
    shutil.copytree(folder, older)
    meta = (older / "meta.yaml").read_text()
    start = next(line for line in meta.splitlines() if line.startswith("start_time:"))
    (older / "meta.yaml").write_text(meta.replace(start, "start_time: 1000"))
    with (folder / "metrics" / "eval_loss").open("a") as handle:
        handle.write("garbage\n")
    run = read_run(run_dir)
    assert run.eval_log.source == f"mlruns/{folder.parent.name}/{folder.name}"
    assert any(p.file.endswith("0" * 32) and p.message.startswith("not read: the MLflow history comes from") for p in run.problems)
    assert any("metric `eval_loss`: 1 line(s) that are not `timestamp value step` skipped" in p.message for p in run.problems)


def test_param_values() -> None:
    assert [parse_value(v) for v in ("None", "True", "8", "0.0005", "adamw", "['a', 'b']", "nan")] == [
        None, True, 8, 0.0005, "adamw", ["a", "b"], "nan",
    ]
    assert parse_value("[" * 5000) == "[" * 5000  # not parsed: longer than a literal is allowed


def test_metric_files_are_bounded(runs: Path, tmp_path: Path, monkeypatch) -> None:
    from modelcard.sources import mlflow

    run_dir = tmp_path / "run"
    shutil.copytree(runs / "mlflow_store", run_dir)
    monkeypatch.setattr(mlflow, "MAX_POINTS", 4)
    run = read_run(run_dir)
    assert "metric `loss` has 6 values; the first 4 were read" in [p.message for p in run.problems]
    assert [r["step"] for r in run.train_log if "loss" in r] == [2, 4, 6, 8]
    monkeypatch.setattr(mlflow, "MAX_METRIC_BYTES", 100)
    big = _run_folder(run_dir) / "metrics" / "grad_norm"
    messages = [p.message for p in read_run(run_dir).problems]
    assert f"metric `grad_norm` is {big.stat().st_size} bytes (more than 100); not read" in messages

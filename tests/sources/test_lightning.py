from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modelcard.errors import SourceError
from modelcard.sources import read_run


def test_sparse_metrics_and_hparams(fixtures: Path) -> None:
    run = read_run(fixtures / "lightning")
    assert run.framework.value == "lightning"
    assert run.model.library_name is None  # no Hub library loads a Lightning checkpoint
    assert run.train_log[0] == {"epoch": 0, "step": 49, "train_loss": 2.620293617248535}
    assert list(run.eval_log) == [
        {"epoch": 0, "step": 199, "val_loss": 2.3940553665161133},
        {"epoch": 0, "step": 399, "val_loss": 1.9023048877716064},
    ]
    assert len(run.train_log) == 10
    assert run.final_eval["val_loss"].source == "lightning_logs/version_0/metrics.csv:val_loss (line 11)"
    hp = run.hyperparameters
    assert hp["learning_rate"].value == 0.0003
    assert hp["learning_rate"].source == "lightning_logs/version_0/hparams.yaml:cfg.model.learning_rate"
    assert hp["train_batch_size"].value == 64 and hp["num_devices"].value == 2
    assert hp["total_train_batch_size"].value == 128
    assert hp["seed"].value == 1337 and hp["max_steps"].value == 500
    assert run.extra_hyperparameters["cfg.model.n_layer"].value == 6
    assert run.extra_hyperparameters["cfg.trainer.strategy"].value == "ddp"


def test_latest_version_is_read(fixtures: Path, tmp_path: Path) -> None:
    shutil.copytree(fixtures / "lightning", tmp_path, dirs_exist_ok=True)
    older = tmp_path / "lightning_logs" / "version_3"
    newer = tmp_path / "lightning_logs" / "version_12"
    shutil.copytree(tmp_path / "lightning_logs" / "version_0", older)
    shutil.copytree(tmp_path / "lightning_logs" / "version_0", newer)
    (newer / "metrics.csv").write_text("epoch,step,train_loss,val_loss\n0,9,1.5,\n0,9,,1.25\n")
    run = read_run(tmp_path)
    assert run.final_eval["val_loss"].value == 1.25
    [problem] = [p for p in run.problems if p.file == "lightning_logs/version_12"]
    assert "latest of 3 Lightning versions" in problem.message


def test_python_tags_in_hparams_are_never_constructed(fixtures: Path) -> None:
    run = read_run(fixtures / "lightning_tags")
    assert run.hyperparameters["learning_rate"].value == 0.0005
    assert run.hyperparameters["optimizer"].value == "adam"
    values = [fact.value for fact in run.extra_hyperparameters.values()]
    assert all(isinstance(v, (str, int, float, bool)) for v in values)
    assert not any("NaNLabelEncoder" in str(v) for v in values)


def test_metrics_without_step_column(tmp_path: Path) -> None:
    (tmp_path / "metrics.csv").write_text("epoch,train_loss\n0,1.0\n")
    with pytest.raises(SourceError, match=r"metrics\.csv: has no `step` column \(expected Lightning's metrics\.csv"):
        read_run(tmp_path)


def test_nan_and_test_metrics(tmp_path: Path) -> None:
    (tmp_path / "metrics.csv").write_text("epoch,step,train_loss,val_loss,test_acc\n0,1,nan,,\n0,1,,0.5,\n1,2,,,0.9\n")
    run = read_run(tmp_path)
    assert run.test_metrics["test_acc"].value == 0.9
    assert any("NaN or infinite values (`train_loss`)" in p.message for p in run.problems)

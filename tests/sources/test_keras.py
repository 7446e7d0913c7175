from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelcard.errors import SourceError
from modelcard.sources import read_run


def test_history_json(fixtures: Path, installed_packages) -> None:
    installed_packages({"keras": "3.15.1"})
    run = read_run(fixtures / "keras_history")
    assert run.framework.value == "keras" and run.model.library_name.value == "keras"
    assert list(run.train_log) == [
        {"epoch": 1, "accuracy": 0.8220833539962769, "loss": 0.3862505853176117},
        {"epoch": 2, "accuracy": 0.8983333110809326, "loss": 0.2446872740983963},
        {"epoch": 3, "accuracy": 0.934166669845581, "loss": 0.17092075943946838},
    ]
    assert [row["val_loss"] for row in run.eval_log] == [0.34643110632896423, 0.24302169680595398, 0.22086215019226074]
    assert run.final_eval["val_accuracy"].value == 0.9266666769981384
    assert run.final_eval["val_accuracy"].source == "training_history.json:val_accuracy (epoch 3)"
    assert run.hyperparameters["num_epochs"].value == 3
    assert (run.framework_versions["keras"].value, run.framework_versions["keras"].source) == ("3.15.1", "environment")


def test_csv_logger(fixtures: Path) -> None:
    run = read_run(fixtures / "keras_csvlogger")
    assert len(run.train_log) == 10 and len(run.eval_log) == 10
    assert run.train_log[0] == {
        "epoch": 1, "accuracy": 0.8320463299751282, "learning_rate": 9.999999747378752e-05, "loss": 0.5954830646514893,
    }
    assert run.hyperparameters["learning_rate"].source == "training_log.csv:learning_rate (first epoch)"
    assert run.final_eval["val_loss"].value == 0.2894275188446045


def test_csv_logger_preferred_and_history_named(fixtures: Path, copy_fixture) -> None:
    run_dir = copy_fixture("keras_csvlogger")
    copy_fixture("keras_history", run=run_dir)
    run = read_run(run_dir)
    assert run.train_log.source == "training_log.csv"
    assert any(p.file == "training_history.json" and "not read" in p.message for p in run.problems)


def test_history_with_different_lengths_and_nan(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"loss": [0.9, NaN, 0.5], "val_loss": [1.0, 0.8]}')
    run = read_run(tmp_path)
    assert len(run.train_log) == 3 and len(run.eval_log) == 2
    assert any("different lengths" in p.message for p in run.problems)
    assert any("NaN or infinite values (`loss`)" in p.message for p in run.problems)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("history.json", "", "is empty"),
        ("history.json", '{"loss": "high"}', "holds no lists of numbers"),
        ("history.json", "[1, 2]", "expected a Keras `History.history` JSON object"),
    ],
)
def test_unreadable_history(tmp_path: Path, name: str, content: str, message: str) -> None:
    (tmp_path / name).write_text(content)
    with pytest.raises(SourceError, match=message):
        read_run(tmp_path)


def test_csv_with_another_header_is_not_a_log(tmp_path: Path) -> None:
    (tmp_path / "results.csv").write_text("name,score\na,1\n")
    with pytest.raises(SourceError, match="no training logs found"):
        read_run(tmp_path)


def test_csv_logger_rows_without_epoch(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "keras_csvlogger" / "training_log.csv").read_text()
    (tmp_path / "training_log.csv").write_text(text + "oops,1,2,3,4,5\n")
    run = read_run(tmp_path)
    assert len(run.train_log) == 10
    assert any("1 row(s) without a numeric `epoch` skipped" in p.message for p in run.problems)


def test_truncated_history_keeps_the_complete_lists(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"loss": [0.9, 0.5], "accuracy": [0.6, 0.8], "val_loss": [1.0, 0.')
    run = read_run(tmp_path)
    assert list(run.train_log) == [{"epoch": 1, "accuracy": 0.6, "loss": 0.9}, {"epoch": 2, "accuracy": 0.8, "loss": 0.5}]
    assert not len(run.eval_log)
    assert any(p.file == "history.json" and "read the 2 keys before the break" in p.message for p in run.problems)

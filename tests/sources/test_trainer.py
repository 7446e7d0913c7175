from __future__ import annotations

import json
import math
import pickle
import shutil
from pathlib import Path

import pytest

from modelcard.errors import SourceError
from modelcard.sources import read_run


def test_new_format_with_results_files(fixtures: Path) -> None:
    run = read_run(fixtures / "trainer_new")
    assert run.framework is not None and run.framework.value == "transformers"
    assert len(run.train_log) == 32 and len(run.eval_log) == 3
    assert run.train_log[0] == {
        "epoch": 0.3125, "grad_norm": 1.1178287267684937, "learning_rate": 0.00019375000000000002, "loss": 1.9108, "step": 10,
    }
    assert [row["step"] for row in run.eval_log] == [100, 200, 300]
    # eval_results.json wins over the last logged evaluation
    assert run.final_eval["eval_accuracy"].value == pytest.approx(0.6352941176470588)
    assert run.final_eval["eval_accuracy"].source == "eval_results.json:eval_accuracy"
    assert run.train_metrics["train_runtime"].source == "train_results.json:train_runtime"
    assert run.train_metrics["global_step"].value == 320
    best = run.best
    assert best is not None
    assert best.value.value == pytest.approx(0.9043070673942566)
    assert best.checkpoint is not None and best.checkpoint.value == "checkpoint-200"
    assert best.step is not None and best.step.value == 200
    assert best.metric == "eval_loss"
    assert "equals best_metric" in (best.metric_source or "")
    assert "trainer_state.json" in run.files_read and "eval_results.json" in run.files_read


def test_old_format(fixtures: Path) -> None:
    run = read_run(fixtures / "trainer_old")
    assert run.train_log[0] == {"epoch": 2.16, "learning_rate": 1.4285714285714285e-05, "loss": 1.2412, "step": 500}
    assert len(run.eval_log) == 0
    assert run.final_eval["eval_rouge1"].value == 43.2111  # from all_results.json
    assert run.train_metrics["train_runtime"].value == 542.8804
    assert run.hyperparameters["num_epochs"].source == "trainer_state.json:num_train_epochs"
    assert any(p.file == "training_args.json" and "to_json_string" in p.message for p in run.problems)


def test_evaluation_logged_first_is_kept(fixtures: Path) -> None:
    run = read_run(fixtures / "trainer_eval_first")
    assert len(run.eval_log) == 2
    assert run.eval_log[0]["eval_loss"] == pytest.approx(6.552041530609131)
    assert run.eval_log.positions[0] == 0
    assert run.final_eval["eval_loss"].source == "trainer_state.json:log_history[1].eval_loss"


def test_evaluation_at_step_zero_is_kept(copy_fixture) -> None:
    run_dir = copy_fixture("trainer_eval_first")
    state = run_dir / "trainer_state.json"
    data = json.loads(state.read_text())
    data["log_history"][0]["step"] = 0
    state.write_text(json.dumps(data))
    run = read_run(run_dir)
    assert [row["step"] for row in run.eval_log] == [0, 8]


def test_old_format_with_evaluation_at_index_zero(fixtures: Path) -> None:
    run = read_run(fixtures / "trainer_old_evals")
    assert len(run.eval_log) == 33 and len(run.train_log) == 3
    assert run.eval_log[0]["step"] == 50 and run.eval_log.positions[0] == 0
    assert run.final_eval["eval_accuracy"].value == pytest.approx(0.8961038961038961)


def test_state_of_the_latest_checkpoint_when_the_root_has_none(fixtures: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    for step, fixture in ((100, "trainer_eval_first"), (1650, "trainer_old_evals")):
        (run_dir / f"checkpoint-{step}").mkdir(parents=True)
        shutil.copyfile(fixtures / fixture / "trainer_state.json", run_dir / f"checkpoint-{step}" / "trainer_state.json")
    run = read_run(run_dir)
    assert len(run.eval_log) == 33
    assert run.eval_log.source == "checkpoint-1650/trainer_state.json"
    assert any("checkpoint-1650/trainer_state.json" in p.message for p in run.problems)


def test_truncated_state_yields_a_partial_run(copy_fixture) -> None:
    run_dir = copy_fixture("trainer_old_evals")
    state = run_dir / "trainer_state.json"
    data = state.read_bytes()
    state.write_bytes(data[: len(data) // 2])
    run = read_run(run_dir)
    assert 0 < len(run.eval_log) < 33
    [problem] = [p for p in run.problems if p.file == "trainer_state.json"]
    assert problem.message.startswith("truncated or invalid after")
    assert "entries before it are used" in problem.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "trainer_state.json: the file is empty"), (b"<html>oops</html>", "trainer_state.json: not valid JSON")],
)
def test_unreadable_state_alone_is_a_source_error(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "trainer_state.json").write_bytes(content)
    with pytest.raises(SourceError) as excinfo:
        read_run(tmp_path)
    assert expected in str(excinfo.value)
    assert "expected a Trainer state" in str(excinfo.value)


def test_nan_and_infinity_are_kept_and_reported(copy_fixture) -> None:
    run_dir = copy_fixture("trainer_eval_first")
    state = run_dir / "trainer_state.json"
    text = state.read_text().replace("6.552041530609131", "NaN").replace("4.622049331665039", "Infinity")
    state.write_text(text)
    run = read_run(run_dir)
    assert math.isnan(run.eval_log[0]["eval_loss"])
    assert run.final_eval["eval_loss"].value == math.inf
    assert any("NaN or infinite" in p.message and "`eval_loss`" in p.message for p in run.problems)


def test_results_file_with_nan(tmp_path: Path) -> None:
    (tmp_path / "eval_results.json").write_text('{"eval_loss": NaN, "eval_accuracy": 0.5}')
    run = read_run(tmp_path)
    assert math.isnan(run.final_eval["eval_loss"].value)
    assert any("`eval_loss` is nan" in p.message for p in run.problems)


class _Tripwire:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_training_args_bin_is_never_unpickled(copy_fixture, tmp_path: Path) -> None:
    run_dir = copy_fixture("trainer_eval_first")
    marker = tmp_path / "unpickled"
    (run_dir / "training_args.bin").write_bytes(pickle.dumps(_Tripwire(marker)))
    run = read_run(run_dir)
    assert not marker.exists()
    [problem] = [p for p in run.problems if p.file == "training_args.bin"]
    assert "trainer.args.to_json_string()" in problem.message


def test_training_args_bin_alone_is_a_source_error(tmp_path: Path) -> None:
    (tmp_path / "training_args.bin").write_bytes(pickle.dumps({"learning_rate": 1e-3}))
    with pytest.raises(SourceError, match=r"training_args\.bin: is a pickle and is not loaded"):
        read_run(tmp_path)


def test_big_log_across_many_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcard.sources import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK_BYTES", 1000)
    log = []
    for step in range(1, 3001):
        entry = {"epoch": step / 100, "learning_rate": 1e-4, "loss": round(1 / step, 4), "step": step}
        if step % 7 == 0:
            entry["grad_norm"] = 0.5
        log.append(entry)
        if step % 500 == 0:
            log.append({"epoch": step / 100, "eval_loss": 0.1, "eval_runtime": 1.0, "step": step})
    log.append({"epoch": 30.0, "step": 3000, "train_runtime": 10.0, "train_loss": 0.2, "total_flos": 1.0})
    (tmp_path / "trainer_state.json").write_text(json.dumps({"global_step": 3000, "log_history": log}, indent=2))
    run = read_run(tmp_path)
    assert list(run.train_log) == [e for e in log if "loss" in e]
    assert list(run.eval_log) == [e for e in log if "eval_loss" in e]
    assert run.train_metrics["train_runtime"].source == f"trainer_state.json:log_history[{len(log) - 1}].train_runtime"


def test_best_metric_that_is_not_a_number(tmp_path: Path) -> None:
    state = {"best_metric": {"eval_f1": 85.6, "eval_exact_match": 78.3}, "epoch": 3, "training_loss": 0.22, "global_step": 21900}
    (tmp_path / "trainer_state.json").write_text(json.dumps(state))
    run = read_run(tmp_path)
    assert run.best is None
    assert any("`best_metric` is a dict, not a number" in p.message for p in run.problems)
    assert any("has no `log_history`" in p.message for p in run.problems)
    assert run.train_metrics["global_step"].value == 21900


def test_pickle_advice_given_once(copy_fixture) -> None:
    run_dir = copy_fixture("trainer_eval_first")
    (run_dir / "training_args.bin").write_bytes(b"\x80\x04N.")
    messages = [p.message for p in read_run(run_dir).problems]
    assert sum("to_json_string" in m for m in messages) == 1


def test_batches_mixing_keys_kinds_and_key_orders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcard.sources import jsonstream

    monkeypatch.setattr(jsonstream, "CHUNK_BYTES", 700)
    log: list[dict] = []
    for step in range(1, 601):
        entry = {"epoch": step / 100, "learning_rate": 1e-4, "loss": round(1 / step, 4), "step": step}
        if step % 97 == 0:  # same kind, same number of keys, other keys
            entry = {"epoch": step / 100, "grad_norm": 0.5, "loss": 0.25, "step": step}
        elif step % 89 == 0:  # same keys, other order
            entry = {"step": step, "loss": 0.125, "epoch": step / 100, "learning_rate": 1e-4}
        log.append(entry)
        if step % 40 == 0:
            log.append({"epoch": step / 100, "eval_loss": 0.1, "step": step, **({"eval_f1": 0.5} if step % 80 else {})})
        if step == 300:
            log.append({"epoch": 3.0, "step": 300, "test_loss": 0.3})
    (tmp_path / "trainer_state.json").write_text(json.dumps({"global_step": 600, "log_history": log}, indent=2))
    run = read_run(tmp_path)
    assert list(run.train_log) == [e for e in log if "loss" in e]
    assert list(run.eval_log) == [e for e in log if "eval_loss" in e]
    assert list(run.train_log.positions) == [i for i, e in enumerate(log) if "loss" in e]
    assert list(run.eval_log.positions) == [i for i, e in enumerate(log) if "eval_loss" in e]
    assert run.train_log.columns == ("epoch", "learning_rate", "loss", "step", "grad_norm")
    assert run.eval_log.columns == ("epoch", "eval_loss", "step", "eval_f1")
    assert run.test_metrics["test_loss"].source == f"trainer_state.json:log_history[{log.index({'epoch': 3.0, 'step': 300, 'test_loss': 0.3})}].test_loss"

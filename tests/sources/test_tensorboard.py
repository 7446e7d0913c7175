"""TensorBoard event files of real Trainer runs (report_to="tensorboard"), read without TensorFlow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modelcard.generate import generate
from modelcard.sources import read_run
from modelcard.sources.tensorboard import MAX_FILE_BYTES
from modelcard.sources.tfevents import read_events


def _copy(runs: Path, name: str, tmp_path: Path) -> Path:
    run = tmp_path / name
    shutil.copytree(runs / name, run)
    return run


def _events(run: Path) -> Path:
    return next(run.rglob("events.out.tfevents.*"))


def test_scalars_steps_and_texts(runs: Path) -> None:
    events = read_events(_events(runs / "tensorboard_only"))
    assert events.records == 51 and not events.damaged and not events.truncated
    assert [(s, v) for s, _, v in events.scalars["eval/accuracy"]] == [(4, 0.75), (8, 0.8125), (12, 0.8125)]
    assert [s for s, _, _ in events.scalars["train/loss"]] == [2, 4, 6, 8, 10, 12]
    assert all(1.7e9 < t < 2e9 for _, t, _ in events.scalars["train/loss"])  # wall time in seconds
    assert json.loads(events.texts["args"])["learning_rate"] == 0.0005
    assert json.loads(events.texts["model_config"])["model_type"] == "bert"


def test_tensorboard_only_run(runs: Path) -> None:
    run = read_run(runs / "tensorboard_only")
    source = run.train_log.source
    assert source.startswith("runs/") and "<host>" in source and "_vm" not in source and ".vm." not in source
    assert run.framework.value == "transformers"
    assert [(r["step"], r["epoch"], r["loss"]) for r in run.train_log][:2] == [(2, 0.5, 0.6944072842597961), (4, 1.0, 0.6918502449989319)]
    assert [(r["step"], r["epoch"], r["eval_accuracy"]) for r in run.eval_log] == [(4, 1, 0.75), (8, 2, 0.8125), (12, 3, 0.8125)]
    assert run.final_eval["eval_loss"].value == 0.6846797466278076
    assert run.train_metrics["train_runtime"].source == f"{source}:train_runtime"
    hp = {k: f.value for k, f in run.hyperparameters.items()}
    assert (hp["learning_rate"], hp["train_batch_size"], hp["num_epochs"], hp["optimizer"]) == (0.0005, 8, 3, "adamw_torch_fused")
    assert run.hyperparameters["learning_rate"].source == f"{source}:args:learning_rate"
    assert run.framework_versions["transformers"].source == f"{source}:model_config:transformers_version"
    assert run.files_read == [source]


def test_tensorboard_only_card(runs: Path, tmp_path: Path) -> None:
    run = _copy(runs, "tensorboard_only", tmp_path)
    card = generate(run, output=run / "README.md", plot=False)
    text = card.dumps()
    assert "| Training Loss | Epoch | Step | Validation Loss | Accuracy |" in text
    assert "| learning_rate | 0.0005 |" in text
    assert "- Accuracy: 0.8125" in text
    for machine in ("/tmp/modelcard-runs", "_vm/", ".vm.", "hub_token\": \"<"):
        assert machine not in text


def test_trainer_state_wins_and_the_card_says_so(runs: Path) -> None:
    run = read_run(runs / "trainer_with_tensorboard")
    assert run.eval_log.source == "trainer_state.json"
    notes = [p for p in run.problems if "TensorBoard history not used" in p.message]
    assert len(notes) == 1
    assert notes[0].message == (
        "TensorBoard history not used: the card's training log is `trainer_state.json` (the evaluations they share agree)"
    )
    # TensorBoard's `args` give what training_args.json would have
    assert run.hyperparameters["learning_rate"].value == 0.0005
    assert not any(p.file == "training_args.json" for p in run.problems)


def test_disagreement_is_named(runs: Path, tmp_path: Path) -> None:
    """trainer_state.json saved before the last evaluation, and one value that differs."""
    run_dir = _copy(runs, "trainer_with_tensorboard", tmp_path)
    state = json.loads((run_dir / "trainer_state.json").read_text())
    evals = [e for e in state["log_history"] if "eval_loss" in e]
    evals[1]["eval_loss"] = 0.5
    state["log_history"].remove(evals[2])
    (run_dir / "trainer_state.json").write_text(json.dumps(state))
    message = next(p.message for p in read_run(run_dir).problems if "TensorBoard history" in p.message)
    assert "they disagree: `eval_loss` at step 8 is 0.685794 there and 0.5 in `trainer_state.json`" in message
    assert "it has `eval_loss` at step 12, which `trainer_state.json` lacks" in message


def test_truncated_and_corrupt_files(runs: Path, tmp_path: Path) -> None:
    run_dir = _copy(runs, "tensorboard_only", tmp_path)
    path = _events(run_dir)
    data = path.read_bytes()
    path.write_bytes(data[:-30])  # the writer was killed mid-record
    run = read_run(run_dir)
    assert len(run.eval_log) == 3
    assert any("ends inside a record" in p.message for p in run.problems)
    # a later length field claiming 2^64 - 1 bytes: the read stops there, nothing is allocated
    first = 16 + int.from_bytes(data[:8], "little")
    path.write_bytes(data[:first] + b"\xff" * 8 + data[first + 8 :])
    events = read_events(path)
    assert events.truncated and events.records == 1 and not events.scalars
    # not an event file at all
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + data[8:])
    assert read_events(path).foreign
    (run_dir / "history.json").write_text('{"loss": [0.5]}')
    assert any(p.message.endswith("is not a TensorBoard event file (no TFRecord header)") for p in read_run(run_dir).problems)


def test_oversized_file_is_not_read(runs: Path, tmp_path: Path) -> None:
    run_dir = _copy(runs, "tensorboard_only", tmp_path)
    big = _events(run_dir).parent / "events.out.tfevents.1796603999.vm.1.0"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    run = read_run(run_dir)
    assert any(f"is {MAX_FILE_BYTES + 1} bytes (more than {MAX_FILE_BYTES}); not read" in p.message for p in run.problems)
    assert len(run.eval_log) == 3


@pytest.mark.parametrize("depth", [6])
def test_deep_folders_are_not_walked(tmp_path: Path, runs: Path, depth: int) -> None:
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(depth)])
    deep.mkdir(parents=True)
    shutil.copy(_events(runs / "tensorboard_only"), deep)
    (tmp_path / "history.json").write_text('{"loss": [0.5]}')
    assert read_run(tmp_path).train_log.source == "history.json"


def test_a_fifo_named_like_an_event_file_is_skipped(runs: Path, tmp_path: Path) -> None:
    import os

    run_dir = _copy(runs, "tensorboard_only", tmp_path)
    os.mkfifo(_events(run_dir).parent / "events.out.tfevents.1796603999.vm.2.0")
    assert len(read_run(run_dir).eval_log) == 3  # returns: the FIFO is never opened


def test_events_of_an_unknown_framework(runs: Path, tmp_path: Path) -> None:
    """Events without the Trainer's args or Lightning's hparams.yaml: the logs, no framework claimed."""
    run_dir = _copy(runs, "lightning_tensorboard", tmp_path)
    (run_dir / "lightning_logs" / "version_0" / "hparams.yaml").unlink()
    run = read_run(run_dir)
    assert run.framework is None
    assert [r["val_acc"] for r in run.eval_log] == [0.59375, 0.59375, 0.59375]
    assert not any("no training log found" in p.message for p in run.problems)


def test_wall_time_gives_the_training_time_when_nothing_else_does(runs: Path) -> None:
    run = read_run(runs / "lightning_tensorboard")
    events = read_events(_events(runs / "lightning_tensorboard"))
    times = [t for series in events.scalars.values() for _, t, _ in series]
    runtime = run.train_metrics["train_runtime"]
    assert runtime.value == round(max(times) - min(times), 3) and 0 < runtime.value < 60
    assert runtime.source.endswith(":wall time (from the first to the last value logged)")
    # the Trainer's own train_runtime wins
    trainer = read_run(runs / "tensorboard_only").train_metrics["train_runtime"]
    assert trainer.value == 3.4925999641418457 and trainer.source.endswith(":train_runtime")

"""A real Lightning 2 run (CSVLogger): metric names, the step-level loss curve, the epoch count."""

from __future__ import annotations

import math
from pathlib import Path

from modelcard.generate import generate
from modelcard.generate.plot import curves
from modelcard.sources import read_run


def test_epochs_and_metric_names(runs: Path) -> None:
    run = read_run(runs / "lightning_csv")
    assert run.hyperparameters["num_epochs"].value == 3
    assert run.hyperparameters["num_epochs"].source == "lightning_logs/version_0/metrics.csv:epoch (epochs 0 to 2 logged)"
    assert run.hyperparameters["learning_rate"].value == 0.01
    assert set(run.final_eval) == {"epoch", "step", "val_acc", "val_loss"}


def test_step_level_training_loss_is_drawn_with_gaps_left_out(runs: Path) -> None:
    run = read_run(runs / "lightning_csv")
    picture = curves(run)
    assert picture["x"] == "step"
    loss_panel, metrics_panel = picture["panels"]
    label, xs, ys = loss_panel["curves"][0]
    assert label == "training loss"
    points = [(x, y) for x, y in zip(xs, ys) if math.isfinite(y)]
    # 12 `train_loss_step` rows (every 2 steps); the 3 epoch rows lack it and are gaps, not zeros
    assert len(points) == 12 and min(y for _, y in points) > 0.5
    assert points[0] == (1, 0.5543630123138428)
    assert [c[0] for c in metrics_panel["curves"]] == ["Accuracy"]


def test_card_uses_the_hub_metric_id(runs: Path, tmp_path: Path) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(runs / "lightning_csv", run)
    card = generate(run, output=run / "README.md", plot=False, overrides={"task": "tabular-classification", "dataset": "scikit-learn/iris"})
    metrics = card.metadata["model-index"][0]["results"][0]["metrics"]
    assert metrics == [{"type": "accuracy", "value": 0.59375, "name": "Accuracy"}]
    assert "| Training Loss | Epoch | Step | Validation Loss | Accuracy |" in card.body
    assert "| num_epochs | 3 |" in card.body
    assert "Acc:" not in card.body


def test_lightning_with_its_default_tensorboard_logger(runs: Path) -> None:
    """The same seeded run logged by TensorBoardLogger: the same facts as from metrics.csv."""
    from_csv = read_run(runs / "lightning_csv")
    from_events = read_run(runs / "lightning_tensorboard")
    assert from_events.framework.value == "lightning"
    assert from_events.framework.source == "lightning_logs/version_0/hparams.yaml"
    assert [(r["step"], r["val_acc"], r["val_loss"]) for r in from_events.eval_log] == [
        (r["step"], r["val_acc"], r["val_loss"]) for r in from_csv.eval_log
    ]
    assert from_events.hyperparameters["num_epochs"].value == 3
    assert from_events.hyperparameters["learning_rate"].value == 0.01
    assert "hp_metric" not in from_events.train_log.columns
    loss = [v for v in from_events.train_log.array("train_loss_step") if v == v]
    assert loss == [v for v in from_csv.train_log.array("train_loss_step") if v == v]
    assert [c[0] for c in curves(from_events)["panels"][0]["curves"]] == ["training loss", "validation loss"]

"""Run every reader over a run folder and assemble the :class:`Run`."""

from __future__ import annotations

from pathlib import Path

from modelcard.errors import SourceError
from modelcard.sources import (
    codecarbon,
    config,
    environment,
    keras,
    lightning,
    mlflow,
    peft,
    tensorboard,
    trainer,
    trainer_card,
    training_args,
    wandb,
    weights,
)
from modelcard.sources.run import Run

EXPECTED = (
    "trainer_state.json / *_results.json (Hugging Face Trainer), a Keras history JSON or "
    "CSVLogger file, Lightning metrics.csv, TensorBoard events, an MLflow `mlruns/` store, a W&B "
    "run folder, emissions.csv, config.json or weights"
)


def collect(run_dir: Path) -> Run:
    """See :func:`modelcard.sources.read_run`."""
    if not run_dir.is_dir():
        what = "does not exist" if not run_dir.exists() else "is not a folder"
        raise SourceError(f"{run_dir}: {what} (expected a training run's output folder)")
    run = Run(run_dir=run_dir)
    state, state_name = trainer.read(run)
    config.read(run)
    peft.read(run)
    training_args.read(run, state, state_name)
    if run.framework is None:
        keras.read(run)
    if run.framework is None:
        lightning.read(run)
    tensorboard.read(run)
    mlflow.read(run)
    wandb.read(run)
    if run.framework is not None and run.framework.value == "transformers":
        trainer_card.read(run)
    codecarbon.read(run)
    weights.read(run)
    environment.read(run)
    if not _usable(run):
        raise SourceError(_nothing_message(run))
    if run.framework is None and not len(run.train_log) and not len(run.eval_log):
        run.problem("", f"no training log found (expected {EXPECTED.split(', emissions')[0]})")
    elif not len(run.train_log) and not len(run.eval_log) and not run.final_eval:
        run.problem("", "no training or evaluation values found: the card has no results")
    return run


def _usable(run: Run) -> bool:
    model = run.model
    return bool(
        len(run.train_log)
        or len(run.eval_log)
        or run.final_eval
        or run.train_metrics
        or run.test_metrics
        or run.hyperparameters
        or run.extra_hyperparameters
        or model.architecture
        or model.library_name
        or model.base_model
        or run.weights
        or run.emissions
    )


def _nothing_message(run: Run) -> str:
    if run.problems:
        details = "; ".join(f"{p.file or run.run_dir.name}: {p.message}" for p in run.problems[:3])
        return f"{run.run_dir}: nothing usable: {details}"
    return f"{run.run_dir}: no training logs found (expected {EXPECTED})"

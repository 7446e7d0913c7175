"""What the run did, as a reader needs it: steps and epochs, resumption,
whole-run loss and time, each evaluation once, best against final.

Template variables ``training``, ``best_vs_final`` and the ``repeats`` of
``training_results`` are built here (see :mod:`.variables`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from modelcard.generate.derive import metric_key, metric_name
from modelcard.generate.units import duration
from modelcard.sources.run import Run

#: Metrics where a lower value is better (the rest: higher is better).
LOWER_IS_BETTER = frozenset({"loss", "wer", "cer", "perplexity", "mse", "mae", "rmse", "ter"})

#: Names of the training loss, in order of preference: the Trainer's and Keras's
#: ``loss``, then what Lightning modules commonly log (``self.log("train_loss", ...)``,
#: with ``_epoch``/``_step`` suffixes when logged both ways).
TRAINING_LOSS_KEYS = ("loss", "train_loss", "train/loss", "train_loss_epoch", "train/loss_epoch", "train_loss_step", "train/loss_step")


def training_loss_key(columns: tuple[str, ...]) -> str | None:
    """The training log's loss column, or None."""
    return next((key for key in TRAINING_LOSS_KEYS if key in columns), None)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def _whole(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


def distinct_evaluations(run: Run) -> tuple[list[int], list[tuple[int, int]]]:
    """Indices of the evaluations in ``run.eval_log`` that are not repeats, and
    the repeats as ``(index, index of the evaluation it repeats)``.

    An evaluation repeats an earlier one when every metric it logged (loss
    included) has exactly the value of the earlier one: the same weights
    scored again, as ``trainer.evaluate()`` after training does.
    """
    evals = run.eval_log
    arrays = [evals.array(c) for c in evals.columns if metric_key(c) is not None]
    kept: list[int] = []
    repeats: list[tuple[int, int]] = []
    if not arrays:
        return list(range(len(evals))), repeats
    seen: dict[tuple[Any, ...], int] = {}
    for index, values in enumerate(zip(*arrays)):  # one tuple per row, built in C
        total = sum(values)
        if total != total:  # a NaN (logged, or a metric the row lacks): compare it as text
            values = tuple("nan" if v != v else v for v in values)
            if all(v == "nan" for v in values):
                kept.append(index)
                continue
        first = seen.setdefault(values, index)
        if first == index:
            kept.append(index)
        else:
            repeats.append((index, first))
    return kept, repeats


def repeats_note(run: Run, repeats: list[tuple[int, int]]) -> list[str]:
    """One sentence per repeated evaluation, naming both steps."""
    notes = []
    for index, original in repeats:
        row, first = run.eval_log[index], run.eval_log[original]
        at, was = row.get("step"), first.get("step")
        if at is None or was is None:
            notes.append("An evaluation logged again with the same values is shown once.")
        elif at == was:
            notes.append(f"The evaluation at step {_whole(at)} was logged twice with the same values (once more after training); it is shown once.")
        else:
            notes.append(
                f"The evaluation logged at step {_whole(at)} after training has exactly the values of step "
                f"{_whole(was)}: it scored the weights of step {_whole(was)} again, and is shown once, at step {_whole(was)}."
            )
    return notes


def training(run: Run) -> dict[str, Any] | None:
    """Steps, epochs, resumption, average loss and time of the training run."""
    metrics, hp = run.train_metrics, run.hyperparameters
    out: dict[str, Any] = {}
    steps = _number(metrics["global_step"].value) if "global_step" in metrics else None
    epochs = _number(metrics["epoch"].value) if "epoch" in metrics else None
    if steps:
        out["steps"] = _whole(steps)
        out["steps_source"] = metrics["global_step"].source
    if epochs:
        out["epochs"] = _whole(round(epochs, 4))
    max_steps = _number(hp["max_steps"].value) if "max_steps" in hp else None
    planned = _number(hp["num_epochs"].value) if "num_epochs" in hp else None
    if max_steps and max_steps > 0 and steps == max_steps:
        out["stopped_by_max_steps"] = {"max_steps": _whole(max_steps), "source": hp["max_steps"].source}
        if planned:
            out["stopped_by_max_steps"]["planned_epochs"] = _whole(planned)
    resumed = run.resumed
    first_step = 1
    if resumed is not None:
        out["resumed"] = {"source": resumed.source, "inferred": resumed.source.startswith("inferred")}
        if resumed.step is not None:
            out["resumed"]["step"] = resumed.step
            first_step = resumed.step + 1
        if resumed.checkpoint is not None:
            out["resumed"]["checkpoint"] = resumed.checkpoint
    segment = f"steps {first_step}–{out['steps']}" if resumed is not None and resumed.step is not None and steps else None
    loss = metrics.get("train_loss")
    if resumed is not None:
        whole = logged_mean_loss(run)
        if whole is not None:
            out["loss"] = {"value": whole[0], "covers": f"steps 1–{_whole(whole[1])}", "source": f"{run.train_log.source}:log_history"}
        if loss is not None and _number(loss.value) is not None:
            out["segment_loss"] = {"value": loss.value, "source": loss.source.split(":", 1)[0], "covers": segment or "the steps after resuming"}
    elif loss is not None and _number(loss.value) is not None:
        out["loss"] = {"value": loss.value, "covers": "the whole run", "source": loss.source.split(":", 1)[0]}
    runtime = metrics.get("train_runtime")
    if runtime is not None and _number(runtime.value) is not None and runtime.value >= 0:
        out["time"] = {"text": duration(runtime.value), "source": runtime.source.split(":", 1)[0]}
        if resumed is not None:
            out["time"]["covers"] = segment or "the steps after resuming"
    return out or None


def logged_mean_loss(run: Run) -> tuple[float, float] | None:
    """The training loss averaged over every step from the log history (each
    logged loss is the mean since the previous log, so it counts for those
    steps), and the last step it covers; None when the log cannot say."""
    key = training_loss_key(run.train_log.columns)
    if key is None or "step" not in run.train_log.columns:
        return None
    total = previous = 0.0
    for step, loss in zip(run.train_log.array("step"), run.train_log.array(key)):
        if loss != loss:  # a row without a loss
            continue
        if not math.isfinite(loss) or step <= previous:
            return None
        total += loss * (step - previous)
        previous = step
    if previous <= 0:
        return None
    return total / previous, previous


def best_vs_final(run: Run, kept: list[int]) -> dict[str, Any] | None:
    """The best evaluation (by ``metric_for_best_model``, else the main metric)
    against the last one, with steps, epochs and which weights the run kept;
    None when there is nothing to compare or they are the same evaluation."""
    evals = run.eval_log
    if len(kept) < 2 or "step" not in evals.columns:
        return None
    best = run.best
    metric = best.metric if best is not None and best.metric else None
    by = "metric_for_best_model" if best is not None and str(best.metric_source).endswith("metric_for_best_model") else "best_metric"
    if metric is None:
        metric = main_metric(run)
        by = "main"
    if metric is None or metric not in evals.columns:
        return None
    key = metric_key(metric) or metric
    values, steps = evals.array(metric), evals.array("step")
    scored = [i for i in kept if math.isfinite(values[i])]
    if not scored:
        return None
    if best is not None and best.step is not None and best.metric:
        best_index = next((i for i in scored if steps[i] == best.step.value), None)
        if best_index is None:
            return None
    else:
        greater = best.greater_is_better.value if best is not None and best.greater_is_better is not None else key not in LOWER_IS_BETTER
        sign = 1 if greater else -1
        best_index = max(scored, key=lambda i: (sign * values[i], -i))
    final_index = kept[-1]
    if steps[best_index] == steps[final_index]:
        return None
    if by == "main" and values[best_index] == values[final_index]:
        return None  # no better evaluation than the last one
    best_row, final_row = evals[best_index], evals[final_index]
    out: dict[str, Any] = {
        "name": metric_name(key),
        "by": by,
        "best": _point(best_row, metric),
        "final": _point(final_row, metric),
        "source": run.eval_log.source,
    }
    if best is not None and best.checkpoint is not None:
        out["checkpoint"] = str(best.checkpoint.value)
    loaded = best.loaded_at_end if best is not None else None
    if loaded is not None:
        out["weights"] = "best" if loaded.value else "final"
        out["weights_source"] = loaded.source.split(":", 1)[0]
    elif best is None and run.framework is not None and run.framework.value == "transformers" and run.eval_log.source:
        # load_best_model_at_end makes the Trainer track a best_metric; none was recorded
        out["weights"] = "final"
        out["weights_source"] = run.eval_log.source
    return out


def _point(row: Mapping[str, Any], metric: str) -> dict[str, Any]:
    point = {"value": row.get(metric), "step": _whole(row["step"]) if row.get("step") is not None else "—"}
    if _number(row.get("epoch")) is not None:
        point["epoch"] = _whole(round(row["epoch"], 4))
    return point


def main_metric(run: Run) -> str | None:
    """The first quality metric the evaluations log (not the loss), else the loss."""
    loss = None
    for column in run.eval_log.columns:
        key = metric_key(column)
        if key is None or column in ("step", "epoch"):
            continue
        if key == "loss":
            loss = loss or column
            continue
        return column
    return loss

"""Metric history from an experiment logger (TensorBoard, MLflow, W&B) into a run.

Each logger reader returns a :class:`Logged`: its series of ``(step, value)``
by name, the hyperparameters it recorded and, for a Trainer run, the model
configuration. :func:`apply` turns it into the run's logs when the run has no
other training log (a run that kept its history only in its logger), or
compares it with the log the card uses and says which one that is and where
they disagree.

Names are brought to the Trainer's: ``train/loss`` -> ``loss``,
``eval/accuracy`` -> ``eval_accuracy``, ``train/train_runtime`` ->
``train_runtime``. Values whose name starts with ``eval_``/``val_``/``valid_``/
``validation_`` are evaluations; ``test_`` ones are test metrics; a Trainer's
end-of-training summary (``train_runtime``... once, at the last step) goes to
``train_metrics``; the rest are training rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import clean
from modelcard.sources.logtable import LogTable
from modelcard.sources.run import Run

#: The Trainer's end-of-training summary, logged once with ``train/`` prefixes.
SUMMARY_KEYS = ("train_runtime", "train_samples_per_second", "train_steps_per_second", "total_flos", "train_loss")
#: Bookkeeping series, never rows (`hp_metric`: the placeholder Lightning logs for TensorBoard's hparams view).
_SKIP = frozenset({"global_step", "_step", "_runtime", "_timestamp", "step", "hp_metric"})
_EVAL_PREFIXES = ("eval_", "val_", "valid_", "validation_")


@dataclass
class Logged:
    """What a logger recorded for one run.

    Attributes:
        logger: ``"TensorBoard"``, ``"MLflow"`` or ``"W&B"``.
        source: the file or folder read, relative to the run folder, with host
            names replaced by ``<host>``.
        series: name as logged -> ``(step, value)`` in logging order.
        params: hyperparameters as the logger recorded them (flat mapping).
        params_source: where ``params`` came from.
        model_config: a Transformers model configuration, when logged
            (from ``config_source``).
        summary: final values (W&B's run summary), used for names with no series.
        unread: why part of the history could not be read (shown in the card).
        wall_time: ``(first, last)`` time a value was logged, in seconds since
            the epoch, when the logger records it.
    """

    logger: str
    source: str
    series: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    params_source: str = ""
    model_config: dict[str, Any] | None = None
    config_source: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    unread: list[str] = field(default_factory=list)
    wall_time: tuple[float, float] | None = None

    def saw(self, first: float, last: float) -> None:
        """Widen :attr:`wall_time` to cover ``first`` to ``last``."""
        if self.wall_time is not None:
            first, last = min(first, self.wall_time[0]), max(last, self.wall_time[1])
        self.wall_time = (first, last)


def load_yaml(text: str) -> Any:
    """A logger's YAML file (W&B ``config.yaml``, MLflow ``meta.yaml``) with the
    card loader's limits: size, nesting, alias expansion, safe tags only.

    Raises:
        ValueError: not YAML, or beyond the limits.
    """
    import yaml

    from modelcard.card import compose, yaml_tree

    try:
        root = compose.compose(text)
        return yaml_tree.construct(root)[0] if root is not None else None
    except (yaml_tree.YamlFailure, yaml.YAMLError) as exc:
        raise ValueError(str(exc)) from None


def normalize(name: str) -> str:
    """A logged name as the Trainer's logs spell it."""
    for prefix, replacement in (("train/", ""), ("eval/", "eval_"), ("test/", "test_"), ("val/", "val_"), ("validation/", "validation_")):
        if name.startswith(prefix):
            return replacement + name[len(prefix) :]
    return name


def _number(value: float) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def apply(run: Run, logged: Logged) -> None:
    """Fill the run from ``logged``, or say how it compares with the log the card uses."""
    for note in logged.unread:
        run.problem(logged.source, note)
    series = {normalize(k): v for k, v in logged.series.items() if normalize(k) not in _SKIP and v}
    has_log = bool(len(run.train_log) or len(run.eval_log))
    if logged.params:
        _params(run, logged)
    if has_log:
        _compare(run, logged, series)
        return
    if not series and not logged.summary:
        return
    _fill(run, logged, series)  # the framework stays unknown unless the logged settings name it


def _params(run: Run, logged: Logged) -> None:
    from modelcard.sources import config, training_args

    params = clean(run, logged.params_source, logged.params)
    trainer = "per_device_train_batch_size" in params
    if trainer and run.framework is None:
        run.framework = Fact("transformers", f"{logged.params_source}:per_device_train_batch_size")
    training_args.set_hyperparameters(run, params, logged.params_source, keep=True)
    if trainer:  # the logger recorded what training_args.json would have
        run.problems = [p for p in run.problems if not (p.file == training_args.ARGS and p.message.startswith("not found"))]
    if logged.model_config and run.model.architecture is None:
        model = clean(run, logged.params_source, logged.model_config)
        if not config.hub_id(model.get("_name_or_path"), run.run_dir):
            model.pop("_name_or_path", None)  # a path on the training machine
        config.fill(run, model, logged.config_source or logged.params_source)


def _fill(run: Run, logged: Logged, series: dict[str, list[tuple[float, float]]]) -> None:
    source = logged.source
    epochs = {step: value for step, value in series.pop("epoch", [])}
    trainer_summary = "train_runtime" in series
    train_rows: dict[float, dict[str, Any]] = {}
    eval_rows: dict[float, dict[str, Any]] = {}
    for key, points in series.items():
        if trainer_summary and key in SUMMARY_KEYS:
            step, value = points[-1]
            run.train_metrics[key] = Fact(_number(value), f"{source}:{key}")
            continue
        if key.startswith("test_"):
            step, value = points[-1]
            run.test_metrics[key] = Fact(value, f"{source}:{key} (step {_number(step)})")
            continue
        rows = eval_rows if key.startswith(_EVAL_PREFIXES) else train_rows
        for step, value in points:
            rows.setdefault(step, {})[key] = value
    for rows, table_name in ((train_rows, "train_log"), (eval_rows, "eval_log")):
        table = LogTable(source)
        built = []
        for step in sorted(rows):
            row: dict[str, Any] = {"step": _number(step)}
            if step in epochs:
                row["epoch"] = _number(epochs[step])
            row.update(rows[step])
            built.append(row)
        table.extend(built)
        setattr(run, table_name, table)
    if epochs:
        run.train_metrics.setdefault("epoch", Fact(_number(max(epochs.values())), f"{source}:epoch"))
        steps = [s for s in epochs if math.isfinite(s)]
        if steps:
            run.train_metrics.setdefault("global_step", Fact(_number(max(steps)), f"{source}:epoch (last step)"))
    if len(run.eval_log):
        last = run.eval_log[len(run.eval_log) - 1]
        for key, value in last.items():
            run.final_eval[key] = Fact(value, f"{source}:{key} (step {last['step']})")
    if logged.wall_time is not None and "train_runtime" not in run.train_metrics:
        first, last = logged.wall_time
        if 0 < last - first < 10 * 365 * 86400:
            run.train_metrics["train_runtime"] = Fact(
                round(last - first, 3), f"{source}:wall time (from the first to the last value logged)"
            )
    for key, value in logged.summary.items():
        name = normalize(key)
        if name in _SKIP or name in series or not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        fact = Fact(value, f"{source}:summary.{key}")
        if name.startswith(_EVAL_PREFIXES):
            run.final_eval.setdefault(name, fact)
        elif name.startswith("test_"):
            run.test_metrics.setdefault(name, fact)
        elif name in SUMMARY_KEYS or name == "epoch":
            run.train_metrics.setdefault(name, fact)


def _compare(run: Run, logged: Logged, series: dict[str, list[tuple[float, float]]]) -> None:
    """A note naming the log the card uses and the first values that differ."""
    used = run.eval_log.source or run.train_log.source
    differences = []
    for key, points in series.items():
        if not key.startswith(_EVAL_PREFIXES) or key not in run.eval_log.columns or "step" not in run.eval_log.columns:
            continue
        theirs = {step: value for step, value in points}
        steps = run.eval_log.array("step")
        values = run.eval_log.array(key)
        for step, value in zip(steps, values):
            other = theirs.get(step)
            if other is not None and value == value and not math.isclose(value, other, rel_tol=1e-6, abs_tol=1e-9):
                differences.append(f"`{key}` at step {_number(step)} is {other:.6g} there and {value:.6g} in `{used}`")
                break
        missing = sorted(set(theirs) - set(steps))
        if missing:
            differences.append(f"it has `{key}` at step {_number(missing[0])}, which `{used}` lacks")
    message = f"{logged.logger} history not used: the card's training log is `{used}`"
    if differences:
        message += "; they disagree: " + "; ".join(differences[:3])
    else:
        message += " (the evaluations they share agree)" if any(k.startswith(_EVAL_PREFIXES) for k in series) else ""
    run.problem(logged.source, message)

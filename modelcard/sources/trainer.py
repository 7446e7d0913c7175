"""Hugging Face Trainer output: trainer_state.json and the ``*_results.json`` dumps.

``trainer_state.json`` is streamed (see :mod:`modelcard.sources.jsonstream`):
its ``log_history`` goes into compact columns, never a list of dicts, so a
million-entry log costs little more than its file size. Both layouts are read:
the old one (``global_step``, ``epoch``, ``log_history`` only) and the new one
(``best_global_step``, ``train_batch_size``, ``stateful_callbacks``...).

``log_history`` entries are sorted by what they hold:

* an ``eval_*`` key: an evaluation row (``eval_log``), also at step 0;
* ``train_runtime``/``train_loss``/``train_samples_per_second``: the final
  training summary (``train_metrics``);
* anything else (``loss``, ``learning_rate``, ``grad_norm``...): a training row.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import CHECKPOINT, checkpoints, clean, read_json, rel
from modelcard.sources.jsonstream import stream_file
from modelcard.sources.logtable import LogTable
from modelcard.sources.run import Best, Run

STATE = "trainer_state.json"
_SUMMARY_KEYS = frozenset({"train_runtime", "train_loss", "train_samples_per_second", "train_steps_per_second"})
_TRAIN_METRIC_KEYS = (
    "train_runtime",
    "train_samples_per_second",
    "train_steps_per_second",
    "total_flos",
    "train_loss",
    "epoch",
)
_TRAIN, _EVAL, _SUMMARY, _TEST = range(4)


def find_state(run: Run) -> Path | None:
    """The root trainer_state.json, else the latest checkpoint's."""
    root = run.run_dir / STATE
    if root.is_file():
        return root
    for folder in reversed(checkpoints(run.run_dir)):
        if (folder / STATE).is_file():
            run.problem(STATE, f"not in the run folder; read the latest checkpoint's `{rel(run, folder / STATE)}`")
            return folder / STATE
    return None


def read(run: Run) -> tuple[dict[str, Any], str]:
    """Read the results files and trainer_state.json into ``run``.

    Returns:
        trainer_state.json's top-level keys other than ``log_history``
        (secrets removed; ``{}`` when there is none) and its name in the run.
    """
    _read_results(run)
    state_path = find_state(run)
    if state_path is None:
        return {}, STATE
    name = rel(run, state_path)
    state = read_state(run, state_path)
    if state:
        _state_facts(run, state, name)
    return state, name


class _Sorter:
    """Splits batches of ``log_history`` entries into the run's tables."""

    def __init__(self, run: Run, source: str) -> None:
        self.run = run
        self.source = source
        self.kinds: dict[tuple[str, ...], int] = {}
        self.summary: list[tuple[int, dict[str, Any]]] = []
        self.tests: list[tuple[int, dict[str, Any]]] = []

    def kind(self, keys: tuple[str, ...]) -> int:
        kind = self.kinds.get(keys)
        if kind is None:
            if any(k.startswith("eval_") for k in keys):
                kind = _EVAL
            elif any(k in _SUMMARY_KEYS for k in keys):
                kind = _SUMMARY
            elif any(k.startswith(("test_", "predict_")) for k in keys):
                kind = _TEST
            else:
                kind = _TRAIN
            self.kinds[keys] = kind
        return kind

    def __call__(self, entries: list[dict[str, Any]], first: int) -> None:
        """Add a batch of entries to the tables of their kinds, each table's rows in log order."""
        batches: dict[int, tuple[list[dict[str, Any]], list[int]]] = {}
        for position, entry in enumerate(entries, first):
            rows, positions = batches.setdefault(self.kind(tuple(entry)), ([], []))
            rows.append(entry)
            positions.append(position)
        for kind, (rows, positions) in batches.items():
            self._add(kind, rows, positions)

    def _add(self, kind: int, entries: list[dict[str, Any]], positions: list[int]) -> None:
        if kind == _TRAIN:
            self.run.train_log.extend(entries, positions)
        elif kind == _EVAL:
            self.run.eval_log.extend(entries, positions)
        elif kind == _SUMMARY:
            self.summary.extend(zip(positions, entries))
        else:
            self.tests.extend(zip(positions, entries))


def read_state(run: Run, path: Path) -> dict[str, Any]:
    """Stream trainer_state.json: logs into ``run``, the rest returned (secrets removed)."""
    name = rel(run, path)
    run.train_log = LogTable(name)
    run.eval_log = LogTable(name)
    sorter = _Sorter(run, name)
    try:
        result = stream_file(path, "log_history", sorter)
    except OSError as exc:
        run.train_log = LogTable()
        run.eval_log = LogTable()
        run.problem(name, f"cannot be read: {exc.strerror or exc}")
        return {}
    run.read(name)
    if result.error:
        expected = "a Trainer state (a JSON object with `log_history`)"
        if result.count:
            run.problem(name, f"{result.error}; the {result.count} entries before it are used")
        else:
            run.problem(name, f"{result.error}; expected {expected}")
    if result.non_object:
        run.problem(name, f"{result.non_object} `log_history` entries are not objects and were skipped")
    state = clean(run, name, result.rest)
    if not state and not result.count:
        return {}
    if "log_history" not in state and not result.count and not result.error:
        run.problem(name, "has no `log_history`: no training or evaluation curve")
    for position, entry in sorter.summary:
        for key, value in entry.items():
            if key in ("step",):
                continue
            run.train_metrics.setdefault(key, Fact(value, f"{name}:log_history[{position}].{key}"))
    for position, entry in sorter.tests:
        for key, value in entry.items():
            if key.startswith(("test_", "predict_")):
                run.test_metrics.setdefault(key, Fact(value, f"{name}:log_history[{position}].{key}"))
    _scrub_logs(run, name)
    _note_non_finite(run, name)
    if run.framework is None:
        run.framework = Fact("transformers", name)
    return state


def _scrub_logs(run: Run, name: str) -> None:
    dropped = run.train_log.drop_secrets() + run.eval_log.drop_secrets()
    if dropped:
        from modelcard.sources.scrub import dropped_message

        run.problem(name, dropped_message(dropped))


def _note_non_finite(run: Run, name: str) -> None:
    for table, label in ((run.train_log, "training"), (run.eval_log, "evaluation")):
        keys = table.non_finite()
        if keys:
            shown = ", ".join(f"`{k}`" for k in keys)
            run.problem(name, f"NaN or infinite values in the {label} log ({shown}); kept as logged")


def _state_facts(run: Run, state: dict[str, Any], name: str) -> None:
    """Top-level trainer_state keys: best checkpoint, totals, logging cadence."""
    for key in ("global_step", "epoch", "total_flos"):
        value = state.get(key)
        if value is not None and key not in run.train_metrics:
            run.train_metrics[key] = Fact(value, f"{name}:{key}")
    if "num_input_tokens_seen" in state and state["num_input_tokens_seen"]:
        run.train_metrics.setdefault("num_input_tokens_seen", Fact(state["num_input_tokens_seen"], f"{name}:num_input_tokens_seen"))
    best = state.get("best_metric")
    if isinstance(best, (int, float)) and not isinstance(best, bool):
        run.best = _best(run, state, name)
    elif best is not None:
        run.problem(name, f"`best_metric` is a {type(best).__name__}, not a number; no best checkpoint is stated")
    if not run.final_eval and len(run.eval_log):
        last = len(run.eval_log) - 1
        position = run.eval_log.positions[last]
        for key, value in run.eval_log[last].items():
            if key.startswith("eval_") or key in ("epoch", "step"):
                run.final_eval[key] = Fact(value, f"{name}:log_history[{position}].{key}")
    trial = state.get("trial_params")
    if isinstance(trial, dict) and trial:
        for key, value in trial.items():
            if isinstance(value, (int, float, str, bool)):
                run.extra_hyperparameters.setdefault(f"trial.{key}", Fact(value, f"{name}:trial_params.{key}"))


def _best(run: Run, state: dict[str, Any], name: str) -> Best:
    value = state["best_metric"]
    checkpoint = state.get("best_model_checkpoint")
    step = state.get("best_global_step")
    checkpoint_fact = step_fact = None
    if isinstance(checkpoint, str) and checkpoint:
        base = checkpoint.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        checkpoint_fact = Fact(base, f"{name}:best_model_checkpoint")
        match = CHECKPOINT.search(base)
        if step is None and match:
            step_fact = Fact(int(match.group(1)), f"{name}:best_model_checkpoint")
    if step is not None:
        step_fact = Fact(step, f"{name}:best_global_step")
    return Best(metric=None, value=Fact(value, f"{name}:best_metric"), checkpoint=checkpoint_fact, step=step_fact)


def _read_results(run: Run) -> None:
    """eval/train/predict/all_results.json: final metrics, the results files win."""
    root = run.run_dir
    for filename, target in (
        ("eval_results.json", "eval"),
        ("test_results.json", "test"),
        ("predict_results.json", "test"),
        ("train_results.json", "train"),
        ("all_results.json", "all"),
    ):
        path = root / filename
        if not path.is_file():
            continue
        values = read_json(run, path, expect="metrics as a JSON object")
        if not values:
            continue
        if run.framework is None:
            run.framework = Fact("transformers", filename)
        for key, value in values.items():
            if isinstance(value, (dict, list)):
                continue
            fact = Fact(value, f"{filename}:{key}")
            if isinstance(value, float) and not math.isfinite(value):
                run.problem(filename, f"`{key}` is {value}; kept as logged")
            if key.startswith("eval_") or (target == "eval" and key not in ("epoch",)):
                run.final_eval.setdefault(key, fact)
            elif key.startswith(("test_", "predict_")) or target == "test":
                run.test_metrics.setdefault(key, fact)
            elif key in _TRAIN_METRIC_KEYS or key.startswith("train_") or target == "train":
                run.train_metrics.setdefault(key, fact)
            if key == "epoch" and target == "eval":
                run.final_eval.setdefault(key, fact)

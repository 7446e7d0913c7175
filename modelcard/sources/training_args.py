"""Hyperparameters from ``training_args.json`` (or, lacking it, trainer_state.json).

Trainer arguments use their own names (``per_device_train_batch_size``,
``optim``...); hand-written argument dumps use others (``batch_size``,
``epochs``, ``grad_accum_steps``). Both map to the canonical names of
:data:`~modelcard.sources.run.HYPERPARAMETERS`.

``training_args.bin`` is a pickle and is never loaded: a problem tells the
user how to save the arguments as JSON instead.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import find_file, read_json, rel
from modelcard.sources.hyperparameters import add_totals, number
from modelcard.sources import resume
from modelcard.sources.run import Run

ARGS = "training_args.json"

#: canonical name -> keys that may hold it, first found wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "learning_rate": ("learning_rate", "lr"),
    "train_batch_size": ("per_device_train_batch_size", "per_gpu_train_batch_size", "train_batch_size", "batch_size"),
    "eval_batch_size": ("per_device_eval_batch_size", "per_gpu_eval_batch_size", "eval_batch_size"),
    "gradient_accumulation_steps": ("gradient_accumulation_steps", "grad_accum_steps", "accumulate_grad_batches"),
    "seed": ("seed",),
    "optimizer": ("optim", "optimizer"),
    "adam_beta1": ("adam_beta1",),
    "adam_beta2": ("adam_beta2",),
    "adam_epsilon": ("adam_epsilon",),
    "weight_decay": ("weight_decay",),
    "optimizer_args": ("optim_args",),
    "lr_scheduler_type": ("lr_scheduler_type", "lr_scheduler", "scheduler"),
    "warmup_ratio": ("warmup_ratio",),
    "warmup_steps": ("warmup_steps",),
    "num_epochs": ("num_train_epochs", "num_epochs", "epochs", "max_epochs"),
    "max_steps": ("max_steps",),
    "label_smoothing_factor": ("label_smoothing_factor",),
    "max_grad_norm": ("max_grad_norm",),
}
_UNSET_WHEN_ZERO = frozenset({"warmup_ratio", "warmup_steps", "label_smoothing_factor", "eval_batch_size", "optimizer_args"})
_DEVICE_KEYS = ("world_size", "num_devices", "n_gpu", "num_gpus", "devices")
BIN_MESSAGE = (
    "is a pickle and is not loaded; to record the hyperparameters, save "
    "`trainer.args.to_json_string()` as training_args.json in the run folder"
)


def read(run: Run, state: dict[str, Any], state_name: str) -> None:
    """Fill ``run.hyperparameters`` from the training arguments and the state."""
    path = find_file(run, ARGS)
    args = read_json(run, path, expect="the training arguments as a JSON object") if path else None
    name = rel(run, path) if path else ARGS
    if args is None:
        args = {}
        bins = [run.run_dir / "training_args.bin"] + [
            p for p in run.run_dir.glob("checkpoint-*/training_args.bin")
        ]
        if any(p.is_file() for p in bins) and path is None:
            run.problem("training_args.bin", BIN_MESSAGE)
    if run.framework is None and "per_device_train_batch_size" in args:
        run.framework = Fact("transformers", f"{name}:per_device_train_batch_size")
    set_hyperparameters(run, args, name)
    _hub_model_id(run, args, name)
    _from_state(run, state, state_name)
    resume.read(run, args, name, state_name)
    _totals(run, args, name, state, state_name)
    _best_metric(run, args, name)
    has_bin = any(p.file == "training_args.bin" for p in run.problems)
    if run.framework is not None and run.framework.value == "transformers" and not args and not has_bin:
        run.problem(
            ARGS,
            "not found: learning rate, optimizer, scheduler and seed are unknown; save "
            "`trainer.args.to_json_string()` as training_args.json in the run folder",
        )


def set_hyperparameters(run: Run, args: dict[str, Any], name: str, *, keep: bool = False) -> None:
    """Canonical hyperparameters (optimizer, precision) from Trainer-style
    arguments found in ``name``; ``keep``: values already set win."""
    hp = run.hyperparameters
    for canonical, keys in _ALIASES.items():
        if keep and canonical in hp:
            continue
        for key in keys:
            value = args.get(key)
            if value is None or isinstance(value, (dict, list)) and not value:
                continue
            if canonical in _UNSET_WHEN_ZERO and value in (0, 0.0, ""):
                break
            if canonical == "max_steps" and isinstance(value, (int, float)) and value <= 0:
                break
            hp[canonical] = Fact(value, f"{name}:{key}")
            break
    _optimizer(hp)
    _precision(run, args, name)


def _hub_model_id(run: Run, args: dict[str, Any], name: str) -> None:
    from modelcard.sources.config import hub_id

    value = hub_id(args.get("hub_model_id"))
    if value is not None:
        run.model.hub_model_id = Fact(value, f"{name}:hub_model_id")
    base = hub_id(args.get("model_name_or_path") or args.get("model_name") or args.get("base_model"))
    if base is not None and run.model.base_model is None:
        key = next(k for k in ("model_name_or_path", "model_name", "base_model") if args.get(k))
        run.model.base_model = Fact(base, f"{name}:{key}")


def _optimizer(hp: dict[str, Fact]) -> None:
    """Adam betas/epsilon only describe Adam-family optimizers."""
    optimizer = hp.get("optimizer")
    if optimizer is not None and "adam" not in str(optimizer.value).lower():
        for key in ("adam_beta1", "adam_beta2", "adam_epsilon"):
            hp.pop(key, None)


def _precision(run: Run, args: dict[str, Any], name: str) -> None:
    """``fp16`` / ``bf16`` / ``tf32`` flags, else a hand-written precision setting."""
    keys = [key for key in ("fp16", "bf16", "tf32") if args.get(key) is True]
    parts = list(keys)
    if not keys:
        for key in ("mixed_precision", "precision", "dtype", "torch_dtype"):
            value = args.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and value not in ("", "no"):
                parts, keys = [str(value)], [key]
                break
    if parts:
        run.hyperparameters["mixed_precision"] = Fact(", ".join(parts), f"{name}:{'+'.join(keys)}")


def _from_state(run: Run, state: dict[str, Any], state_name: str) -> None:
    """Epochs and steps from trainer_state.json when the arguments lack them."""
    hp = run.hyperparameters
    if "num_epochs" not in hp and "max_steps" not in hp:
        epochs = state.get("num_train_epochs")
        if isinstance(epochs, (int, float)) and epochs > 0:
            hp["num_epochs"] = Fact(epochs, f"{state_name}:num_train_epochs")
    if "max_steps" not in hp and "num_epochs" not in hp:
        steps = state.get("max_steps")
        if isinstance(steps, int) and steps > 0:
            hp["max_steps"] = Fact(steps, f"{state_name}:max_steps")


def _totals(run: Run, args: dict[str, Any], name: str, state: dict[str, Any], state_name: str) -> None:
    """Devices (saying how they were known), then the total batch sizes."""
    hp = run.hyperparameters
    state_batch = number(state.get("train_batch_size"))
    if "train_batch_size" not in hp and state_batch:
        # trainer_state's train_batch_size is per device x DataParallel GPUs
        hp["train_batch_size"] = Fact(int(state_batch), f"{state_name}:train_batch_size")
    per_device = number(hp["train_batch_size"].value) if "train_batch_size" in hp else None
    accumulation = number(hp["gradient_accumulation_steps"].value) if "gradient_accumulation_steps" in hp else 1
    if per_device and accumulation:
        devices = _devices(run, args, name, state, state_name, per_device * accumulation)
        if devices is not None:
            hp["num_devices"] = devices
    add_totals(hp)


def _devices(
    run: Run, args: dict[str, Any], name: str, state: dict[str, Any], state_name: str, per_step: float
) -> Fact | None:
    for key in _DEVICE_KEYS:
        value = number(args.get(key))
        if value and value >= 1 and int(value) == value:
            return Fact(int(value), f"{name}:{key}")
    per_device = number(run.hyperparameters["train_batch_size"].value)
    state_batch = number(state.get("train_batch_size"))
    if state_batch and per_device and state_batch > per_device and state_batch % per_device == 0:
        return Fact(int(state_batch // per_device), f"{state_name}:train_batch_size ÷ per-device batch size")
    # Inferred from throughput: samples seen ÷ optimizer steps = total batch size.
    metrics = run.train_metrics
    rate = number(metrics["train_samples_per_second"].value) if "train_samples_per_second" in metrics else None
    runtime = number(metrics["train_runtime"].value) if "train_runtime" in metrics else None
    steps = number(state.get("global_step"))
    if not (rate and runtime and steps) or run.resumed is not None:
        return None  # a resumed run's summary covers only its last session
    estimate = rate * runtime / steps / per_step
    count = max(1, round(estimate))
    if abs(estimate - count) <= 0.25 * count:
        return Fact(
            count,
            f"inferred: {state_name} train_samples_per_second × train_runtime ÷ global_step"
            f" = {estimate * per_step:.1f} samples per step",
        )
    return None


def _match_best(run: Run) -> tuple[str, str] | None:
    """The one eval metric whose logged value equals ``best_metric`` (at the best step when known)."""
    from modelcard.sources.run import is_metric

    best = run.best
    assert best is not None
    value = best.value.value
    if number(value) is None:
        return None
    step = best.step.value if best.step else None
    found = set()
    for index, row in enumerate(run.eval_log):
        if step is not None and row.get("step") != step:
            continue
        for key, logged in row.items():
            if key.startswith("eval_") and is_metric(key) and logged == value:
                found.add((key, run.eval_log.positions[index]))
    if len({key for key, _ in found}) == 1:
        key, position = sorted(found)[0]
        return key, f"{run.eval_log.source}:log_history[{position}].{key} equals best_metric"
    return None


def _best_metric(run: Run, args: dict[str, Any], name: str) -> None:
    if run.best is None:
        return
    metric = args.get("metric_for_best_model")
    greater = args.get("greater_is_better")
    changes: dict[str, Any] = {}
    if isinstance(metric, str) and metric:
        changes["metric"] = metric if metric.startswith("eval_") else f"eval_{metric}"
        changes["metric_source"] = f"{name}:metric_for_best_model"
    elif run.best.metric is None:
        found = _match_best(run)
        if found:
            changes["metric"], changes["metric_source"] = found
    if isinstance(greater, bool):
        changes["greater_is_better"] = Fact(greater, f"{name}:greater_is_better")
    loaded = args.get("load_best_model_at_end")
    if isinstance(loaded, bool):
        changes["loaded_at_end"] = Fact(loaded, f"{name}:load_best_model_at_end")
    if changes:
        run.best = dataclasses.replace(run.best, **changes)

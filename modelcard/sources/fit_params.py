"""Keras ``fit()`` settings: ``fit_params.json`` as the Keras card callback writes it.

The callback (:mod:`modelcard.integrations.keras`) writes the ``params`` Keras
gives its callbacks (``epochs``; ``steps`` per epoch), the optimizer's
``get_config()`` with its learning rate at the end of training, the loss by
name, the parameter count (``model.count_params()``), the backend (with its
version as ``backend_version`` when given) and the Keras version. A
``batch_size`` (older Keras passed it to callbacks) and a
learning-rate schedule saved as its config are read too.

Optimizer settings with a canonical name (``adam_beta1``, ``weight_decay``,
``max_grad_norm`` for ``global_clipnorm``...) are hyperparameters of their own;
the rest that are set (not None or false) go to ``optimizer_args``. Secrets
are dropped when the file is read, as in every JSON file of a run.
"""

from __future__ import annotations

from typing import Any

from modelcard.facts import Fact
from modelcard.sources.environment import backend_package
from modelcard.sources.files import read_json, rel
from modelcard.sources.hyperparameters import add_totals, float32_shortest, number
from modelcard.sources.run import Run, Weights

FIT_PARAMS = "fit_params.json"

#: optimizer config key -> canonical hyperparameter, for Adam-family optimizers only
_ADAM = {"beta_1": "adam_beta1", "beta_2": "adam_beta2", "epsilon": "adam_epsilon"}
#: optimizer config key -> canonical hyperparameter
_OPTIMIZER = {
    "weight_decay": "weight_decay",
    "global_clipnorm": "max_grad_norm",
    "gradient_accumulation_steps": "gradient_accumulation_steps",
}
#: meaningful only with ``use_ema: true``
_EMA = ("ema_momentum", "ema_overwrite_frequency")


def read(run: Run, *, logged_epochs: int | None = None) -> bool:
    """Fill hyperparameters, the Keras version and the parameter count from
    ``fit_params.json``; whether the file was read.

    ``logged_epochs``: how many epochs the training log holds; the source of
    ``num_epochs`` says so when training stopped before ``epochs``.
    """
    path = run.run_dir / FIT_PARAMS
    if not path.is_file():
        return False
    params = read_json(run, path, expect="Keras `fit()` settings (a JSON object)")
    if params is None:
        return False
    name = rel(run, path)
    hp = run.hyperparameters
    epochs = params.get("epochs")
    if _count(epochs):
        note = f" ({logged_epochs} logged)" if logged_epochs is not None and logged_epochs != epochs else ""
        hp.setdefault("num_epochs", Fact(epochs, f"{name}:epochs{note}"))
    if _count(params.get("steps")):
        hp.setdefault("steps_per_epoch", Fact(params["steps"], f"{name}:steps"))
    if _count(params.get("batch_size")):
        hp.setdefault("train_batch_size", Fact(params["batch_size"], f"{name}:batch_size"))
    optimizer = params.get("optimizer")
    if isinstance(optimizer, dict):
        optimizer_settings(hp, optimizer, name, "optimizer")
    elif isinstance(optimizer, str) and optimizer:
        hp.setdefault("optimizer", Fact(optimizer, f"{name}:optimizer"))
    loss = loss_name(params.get("loss"))
    if loss:
        hp.setdefault("loss", Fact(loss, f"{name}:loss"))
    add_totals(hp)
    version = params.get("keras_version")
    if isinstance(version, str) and version:
        run.framework_versions.setdefault("keras", Fact(version, f"{name}:keras_version"))
    _backend(run, params, name)
    if _count(params.get("parameters")) and run.weights is None:
        # Weights files are listed later; this count stands when none has a safetensors header.
        run.weights = Weights(Fact(params["parameters"], f"{name}:parameters"), None, [], 0)
    return True


def _backend(run: Run, params: dict[str, Any], name: str) -> None:
    """The backend Keras ran on and, when recorded (``backend_version``), its version."""
    backend = params.get("backend")
    if not isinstance(backend, str) or not backend:
        return
    run.backend = Fact(backend, f"{name}:backend")
    version = params.get("backend_version")
    if isinstance(version, str) and version:
        run.framework_versions.setdefault(backend_package(backend), Fact(version, f"{name}:backend_version"))


def optimizer_settings(hp: dict[str, Fact], config: dict[str, Any], name: str, key: str) -> None:
    """Hyperparameters from a Keras optimizer's ``get_config()`` found at
    ``name:key`` (float32 noise removed from its numbers)."""
    config = {k: float32_shortest(v) for k, v in config.items()}
    kind = config.get("name")
    if isinstance(kind, str) and kind:
        hp.setdefault("optimizer", Fact(kind, f"{name}:{key}.name"))
    adam = isinstance(kind, str) and "adam" in kind.lower()
    rate = config.get("learning_rate")
    if number(rate) is not None:
        hp.setdefault("learning_rate", Fact(rate, f"{name}:{key}.learning_rate (at the end of training)"))
    elif isinstance(rate, dict):  # a schedule: {"class_name": "ExponentialDecay", "config": {...}}
        schedule = rate.get("config") if isinstance(rate.get("config"), dict) else {}
        initial = float32_shortest(schedule.get("initial_learning_rate"))
        if number(initial) is not None:
            hp.setdefault("learning_rate", Fact(initial, f"{name}:{key}.learning_rate.config.initial_learning_rate"))
        if isinstance(rate.get("class_name"), str):
            hp.setdefault("lr_scheduler_type", Fact(rate["class_name"], f"{name}:{key}.learning_rate.class_name"))
    others: dict[str, Any] = {}
    for item, value in config.items():
        if item in ("name", "learning_rate") or value is None or value is False or isinstance(value, (dict, list)):
            continue
        if item in _EMA and config.get("use_ema") is not True:
            continue
        canonical = (_ADAM.get(item) if adam else None) or _OPTIMIZER.get(item)
        if canonical:
            hp.setdefault(canonical, Fact(value, f"{name}:{key}.{item}"))
        else:
            others[item] = value
    if others:
        hp.setdefault("optimizer_args", Fact(others, f"{name}:{key}"))


def loss_name(value: Any) -> Any:
    """A loss name, a list of names (one per output), or ``{output: name}``; None otherwise."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return value
    return None


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0

"""A Keras 3 callback for ``fit()`` that writes the model card when training ends.

```python
from modelcard.integrations.keras import ModelCardCallback

model.fit(x, y, validation_split=0.2, epochs=5,
          callbacks=[ModelCardCallback("outputs/run1", metadata={"license": "mit"})])
```

While ``fit()`` runs it measures emissions and keeps ``history.json`` (the
``History.history`` format: one list per metric, one value per epoch, the
optimizer's learning rate included) up to date after every epoch. When
training ends it stops the measurement (``emissions.csv``,
``emissions_caveats.json``), writes ``fit_params.json`` (epochs, steps,
optimizer settings, loss, parameter count; no secrets), saves the model as
``model.keras``, generates ``README.md`` (or regenerates it keeping the
hand-written text) and, with ``push=True``, pushes card and model in one
commit. It works with every Keras backend.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelcard.errors import MissingDependencyError
from modelcard.integrations.companion import CardResults, RunCompanion
from modelcard.integrations.masking import write_json
from modelcard.integrations.options import CardOptions

try:
    import keras
except ImportError as e:  # pragma: no cover - depends on the environment
    raise MissingDependencyError("keras", "integrations") from e

__all__ = ["ModelCardCallback"]

HISTORY = "history.json"
FIT_PARAMS = "fit_params.json"
MODEL_FILE = "model.keras"


class ModelCardCallback(CardResults, keras.callbacks.Callback):
    """Track emissions during ``fit()`` and write the card into ``output_dir`` at its end.

    Args:
        output_dir: the run folder (created when missing).
        save_model: save the trained model as ``model.keras``.
        **options: how to track, write and publish (``metadata``, ``template``,
            ``track_emissions``, ``push``, ``repo_id``...): the fields of
            :class:`~modelcard.integrations.options.CardOptions`.

    Attributes:
        card, tracking, push_result: as set at the end of training.
        history: the metrics of every epoch so far.

    Raises:
        UsageError: ``push`` without ``repo_id``, an unknown country code.
        MissingDependencyError: ``track_emissions`` without codecarbon.
    """

    def __init__(
        self,
        output_dir: str | Path,
        *,
        save_model: bool = True,
        **options: Any,
    ) -> None:
        super().__init__()
        card_options = CardOptions(**options)
        card_options.prepare()
        self.output_dir = Path(output_dir)
        self.save_model = save_model
        self.history: dict[str, list[Any]] = {}
        self._run = RunCompanion(card_options, project_name=self.output_dir.name or "modelcard")

    def on_train_begin(self, logs: Mapping[str, Any] | None = None) -> None:
        self.history = {}
        self._run.begin(self.output_dir)

    def on_epoch_end(self, epoch: int, logs: Mapping[str, Any] | None = None) -> None:
        values = dict(logs or {})
        learning_rate = _learning_rate(self.model)
        if learning_rate is not None:
            values.setdefault("learning_rate", learning_rate)
        for key, value in values.items():
            self.history.setdefault(key, []).append(_scalar(value))
        write_json(self.output_dir / HISTORY, self.history)

    def on_train_end(self, logs: Mapping[str, Any] | None = None) -> None:
        self._run.stop_tracking()
        write_json(self.output_dir / HISTORY, self.history)
        write_json(self.output_dir / FIT_PARAMS, self._fit_params())
        if self.save_model:
            self.model.save(str(self.output_dir / MODEL_FILE))
        self._run.end(self.output_dir)

    def _fit_params(self) -> dict[str, Any]:
        model = self.model
        optimizer = getattr(model, "optimizer", None)
        params: dict[str, Any] = dict(self.params or {})
        params.pop("verbose", None)
        params["backend"] = keras.backend.backend()
        params["backend_version"] = _backend_version(params["backend"])
        params["keras_version"] = keras.__version__
        if optimizer is not None:
            config = dict(optimizer.get_config())
            config["learning_rate"] = _learning_rate(model)
            params["optimizer"] = config
        loss = getattr(model, "loss", None)
        if loss is not None:
            params["loss"] = _loss_name(loss)
        params["parameters"] = int(model.count_params())
        return params


def _learning_rate(model: Any) -> float | None:
    optimizer = getattr(model, "optimizer", None)
    value = getattr(optimizer, "learning_rate", None)
    if value is None:
        return None
    try:
        return float(keras.ops.convert_to_numpy(value))
    except (TypeError, ValueError):
        return None


def _loss_name(loss: Any) -> Any:
    """A loss as compiled, by name: ``"binary_crossentropy"``, or a list or dict of names."""
    if isinstance(loss, (list, tuple)):
        return [_loss_name(item) for item in loss]
    if isinstance(loss, dict):
        return {str(key): _loss_name(item) for key, item in loss.items()}
    if loss is None or isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__


def _scalar(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _backend_version(backend: str) -> str | None:
    """The installed version of the framework Keras runs on (``torch``, ``jax``…)."""
    from importlib import metadata

    package = {"tensorflow": "tensorflow", "torch": "torch", "jax": "jax"}.get(backend)
    if package is None:
        return None
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None

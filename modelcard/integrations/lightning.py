"""A PyTorch Lightning callback that writes the model card when ``fit()`` ends.

```python
from lightning.pytorch import Trainer
from modelcard.integrations.lightning import ModelCardCallback

trainer = Trainer(max_epochs=3, callbacks=[ModelCardCallback("outputs/run1", metadata={"license": "mit"})])
trainer.fit(model, train_loader, val_loader)
```

On the global-zero process it measures emissions during ``fit()``, records
the metrics of every training and validation epoch, and when training ends
writes, in the run folder, ``metrics.csv`` and ``hparams.yaml`` (the format of
Lightning's CSVLogger, whatever logger the run uses; secrets left out), the
weights as ``model.safetensors`` (never a pickled checkpoint), then generates
``README.md`` (or regenerates it keeping the hand-written text) and, with
``push=True``, pushes card and weights in one commit. A run that fails with
an exception still gets its emissions row.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from modelcard.errors import MissingDependencyError
from modelcard.integrations.companion import CardResults, RunCompanion
from modelcard.integrations.masking import masked
from modelcard.integrations.options import CardOptions

try:
    from lightning.pytorch.callbacks import Callback
except ImportError:  # pragma: no cover - depends on the environment
    try:
        from pytorch_lightning.callbacks import Callback
    except ImportError as e:
        raise MissingDependencyError("lightning", "integrations") from e

__all__ = ["ModelCardCallback"]

METRICS = "metrics.csv"
HPARAMS = "hparams.yaml"
WEIGHTS = "model.safetensors"


class ModelCardCallback(CardResults, Callback):
    """Track emissions during ``fit()`` and write the card at its end.

    Args:
        output_dir: the run folder; default: the trainer's ``default_root_dir``.
        save_model: save the weights as ``model.safetensors``.
        **options: how to track, write and publish (``metadata``, ``template``,
            ``track_emissions``, ``push``, ``repo_id``...): the fields of
            :class:`~modelcard.integrations.options.CardOptions`.
    """

    def __init__(
        self,
        output_dir: str | Path | None = None,
        *,
        save_model: bool = True,
        **options: Any,
    ) -> None:
        super().__init__()
        card_options = CardOptions(**options)
        card_options.prepare()
        self.output_dir = Path(output_dir) if output_dir is not None else None
        self.save_model = save_model
        self.rows: list[dict[str, Any]] = []
        self._run = RunCompanion(card_options)

    def on_fit_start(self, trainer: Any, pl_module: Any) -> None:
        if not trainer.is_global_zero:
            return
        if self.output_dir is None:
            self.output_dir = Path(trainer.default_root_dir)
        self._run.project_name = self.output_dir.name or "modelcard"
        self.rows = []
        self._run.begin(self.output_dir)

    def on_train_epoch_end(self, trainer: Any, pl_module: Any) -> None:
        self._record(trainer, validation=False)

    def on_validation_epoch_end(self, trainer: Any, pl_module: Any) -> None:
        if not trainer.sanity_checking:
            self._record(trainer, validation=True)

    def on_exception(self, trainer: Any, pl_module: Any, exception: BaseException) -> None:
        if trainer.is_global_zero:
            self._run.stop_tracking(outcome="interrupted" if isinstance(exception, KeyboardInterrupt) else "failed")

    def on_fit_end(self, trainer: Any, pl_module: Any) -> None:
        if not trainer.is_global_zero or self.output_dir is None:
            return
        self._run.stop_tracking()
        from modelcard.atomic import atomic_write

        atomic_write(self.output_dir / METRICS, _metrics_csv(self.rows).encode("utf-8"))
        atomic_write(self.output_dir / HPARAMS, _hparams_yaml(trainer, pl_module).encode("utf-8"))
        if self.save_model:
            from safetensors.torch import save_model

            save_model(pl_module, str(self.output_dir / WEIGHTS))
        self._run.end(self.output_dir)

    def _record(self, trainer: Any, *, validation: bool) -> None:
        if not trainer.is_global_zero:
            return
        row: dict[str, Any] = {"epoch": trainer.current_epoch, "step": trainer.global_step}
        for key, value in trainer.callback_metrics.items():
            is_validation = key.startswith(("val", "valid"))
            if is_validation == validation and not key.startswith("test"):
                row[key] = _scalar(value)
        if len(row) > 2:
            self.rows.append(row)


def _metrics_csv(rows: list[dict[str, Any]]) -> str:
    """Rows in CSVLogger's layout: ``epoch``, ``step``, then every metric, sparse."""
    columns = ["epoch", "step"]
    for row in rows:
        columns += [k for k in row if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _hparams_yaml(trainer: Any, pl_module: Any) -> str:
    import yaml

    hparams: dict[str, Any] = dict(getattr(pl_module, "hparams", {}) or {})
    hparams.setdefault("max_epochs", trainer.max_epochs)
    hparams.setdefault("accumulate_grad_batches", trainer.accumulate_grad_batches)
    hparams.setdefault("precision", str(trainer.precision))
    optimizers = getattr(trainer, "optimizers", None) or []
    if optimizers:
        optimizer = optimizers[0]
        hparams.setdefault("optimizer", type(optimizer).__name__)
        groups = getattr(optimizer, "param_groups", None) or [{}]
        if "lr" in groups[0]:
            hparams.setdefault("lr", groups[0]["lr"])
        if "weight_decay" in groups[0]:
            hparams.setdefault("weight_decay", groups[0]["weight_decay"])
    return yaml.safe_dump(masked(hparams), sort_keys=False)


def _scalar(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)

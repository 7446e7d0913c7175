"""A ``transformers`` ``TrainerCallback`` that writes the model card when training ends.

```python
from modelcard.integrations.transformers import ModelCardCallback

trainer = Trainer(..., callbacks=[ModelCardCallback(metadata={"license": "apache-2.0"})])
trainer.train()          # output_dir now holds README.md, emissions.csv and the weights
```

On the main process only (``state.is_world_process_zero``), it

- writes ``training_args.json`` when training begins: ``args.to_dict()``
  without ``hub_token`` or any other secret-looking key (never the pickled
  ``training_args.bin``), and starts measuring emissions;
- when training ends, stops the measurement (``emissions.csv`` and
  ``emissions_caveats.json``), writes ``trainer_state.json`` and the model
  (``save_pretrained``: safetensors, config, and the tokenizer or processor),
  then generates ``README.md``, or regenerates it keeping the hand-written text;
- with ``push=True``, pushes card and weights in one commit.

A training that crashes still gets its emissions row (written at exit).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from modelcard.errors import MissingDependencyError
from modelcard.integrations.companion import CardResults, RunCompanion
from modelcard.integrations.masking import write_json
from modelcard.integrations.options import CardOptions

try:
    from transformers import TrainerCallback
except ImportError as e:  # pragma: no cover - depends on the environment
    raise MissingDependencyError("transformers", "integrations") from e

log = logging.getLogger("modelcard")

__all__ = ["ModelCardCallback"]


class ModelCardCallback(CardResults, TrainerCallback):
    """Track emissions during ``Trainer.train()`` and write the card at its end.

    Args:
        save_model: save the final model into ``output_dir`` so the card
            can count its parameters and a push can send it. Skipped (with a
            warning) under DeepSpeed or FSDP, where the weights are sharded:
            call ``trainer.save_model()`` and ``modelcard push`` there.
        **options: how to track, write and publish (``metadata``, ``template``,
            ``track_emissions``, ``push``, ``repo_id``...): the fields of
            :class:`~modelcard.integrations.options.CardOptions`.
            The Hub token defaults to the training arguments' ``hub_token``,
            else ``HF_TOKEN`` or the saved login; it is only sent to the Hub.

    Attributes:
        card: the card written at the end of training.
        tracking: the emissions measurement (``TrackingResult``).
        push_result: the push, with ``push=True``.

    Raises:
        UsageError: ``push`` without ``repo_id``, an unknown country code.
        MissingDependencyError: ``track_emissions`` without codecarbon.
    """

    def __init__(
        self,
        *,
        save_model: bool = True,
        **options: Any,
    ) -> None:
        card_options = CardOptions(**options)
        card_options.prepare()
        self.save_model = save_model
        self._run = RunCompanion(card_options)

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if not state.is_world_process_zero:
            return
        output_dir = Path(args.output_dir)
        if getattr(args, "push_to_hub", False):
            log.warning(
                "modelcard: push_to_hub=True makes the Trainer write its own README.md over this card; "
                "use ModelCardCallback(push=True, repo_id=...) instead"
            )
        self._run.project_name = output_dir.name or "modelcard"
        self._run.begin(output_dir)
        write_json(output_dir / "training_args.json", args.to_dict())

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if not state.is_world_process_zero:
            return
        output_dir = Path(args.output_dir)
        self._run.stop_tracking()
        state.save_to_json(str(output_dir / "trainer_state.json"))
        if self.save_model:
            self._save_model(args, output_dir, kwargs.get("model"), kwargs.get("processing_class"))
        self._run.end(output_dir, fallback_token=getattr(args, "hub_token", None))

    def _save_model(self, args: Any, output_dir: Path, model: Any, processing_class: Any) -> None:
        if getattr(args, "deepspeed", None) or getattr(args, "fsdp", None):
            log.warning(
                "modelcard: weights are sharded (DeepSpeed/FSDP) and not saved by the card callback; "
                "call trainer.save_model() and push with `modelcard push`"
            )
            return
        if model is None:
            return
        unwrapped = getattr(model, "module", model)  # DataParallel / DDP wrappers
        unwrapped.save_pretrained(str(output_dir))
        if processing_class is not None and hasattr(processing_class, "save_pretrained"):
            processing_class.save_pretrained(str(output_dir))

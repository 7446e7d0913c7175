"""Whether a Trainer run was resumed from a checkpoint, and from which step.

A resumed run's ``log_history`` covers every step (the Trainer reloads it from
the checkpoint), but its final training summary (``train_runtime``,
``train_loss``... in ``train_results.json``) covers only the steps run after
resuming. Two signs are read:

* ``training_args.json:resume_from_checkpoint``, which the example scripts set
  (``--resume_from_checkpoint out/checkpoint-20``): the checkpoint names the step;
* the summary's own figures: since transformers 5, ``train_steps_per_second ×
  train_runtime`` is the number of steps run in the last ``train()`` call, so
  a ``global_step`` larger than that by more than rounding says the run
  resumed, about that many steps in (snapped to a checkpoint step when the
  run saved every ``save_steps``). Older versions count the whole schedule
  there, so they never look resumed.
"""

from __future__ import annotations

from typing import Any

from modelcard.sources.files import CHECKPOINT
from modelcard.sources.hyperparameters import number
from modelcard.sources.run import Resume, Run


def read(run: Run, args: dict[str, Any], args_name: str, state_name: str) -> None:
    """Set ``run.resumed`` from the training arguments, else from the training summary."""
    value = args.get("resume_from_checkpoint")
    if isinstance(value, str) and value.strip():
        base = value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        match = CHECKPOINT.search(base)
        run.resumed = Resume(
            step=int(match.group(1)) if match else None,
            checkpoint=base if match else None,
            source=f"{args_name}:resume_from_checkpoint",
        )
        return
    if value is True:
        run.resumed = Resume(step=None, checkpoint=None, source=f"{args_name}:resume_from_checkpoint")
        return
    run.resumed = _inferred(run, args, state_name)


def _inferred(run: Run, args: dict[str, Any], state_name: str) -> Resume | None:
    metrics = run.train_metrics
    rate = number(metrics["train_steps_per_second"].value) if "train_steps_per_second" in metrics else None
    runtime = number(metrics["train_runtime"].value) if "train_runtime" in metrics else None
    total = number(metrics["global_step"].value) if "global_step" in metrics else None
    if not (rate and runtime and total) or rate <= 0 or runtime <= 0:
        return None
    ran = rate * runtime
    # train_steps_per_second is rounded to 3 decimals, train_runtime to 4
    tolerance = 1.0 + 0.0005 * runtime + 0.00005 * rate
    skipped = total - ran
    if skipped <= tolerance or ran < 1:
        return None
    step = round(skipped)
    save_steps = number(args.get("save_steps"))
    if args.get("save_strategy") == "steps" and save_steps and save_steps >= 1:
        nearest = round(skipped / save_steps) * save_steps
        if 0 < nearest < total and abs(nearest - skipped) <= tolerance:
            step = int(nearest)
    summary = metrics["train_runtime"].source.split(":", 1)[0]
    return Resume(
        step=step,
        checkpoint=None,
        source=(
            f"inferred: {summary} train_steps_per_second × train_runtime = {ran:.0f} steps run in the last "
            f"session, of {state_name} global_step {int(total)}"
        ),
    )

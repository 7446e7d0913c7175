"""Training compute in FLOP, always with the method that gave it.

In order of preference:

1. ``total_flos`` as the Trainer logged it: the running sum of
   ``floating_point_ops``, 6 × tokens × non-embedding parameters (forward and
   backward). The Trainer keeps it in its state, so a resumed training's
   figure covers every part.
2. 6 × parameters × tokens, when the tokens seen are logged
   (``num_input_tokens_seen``) and the parameters counted.
3. 6 × parameters × training samples (optimizer steps × samples per step):
   each parameter used once per sample, right for dense networks fed one
   vector per sample, a lower bound for convolutions and sequence models.
4. devices × training time × peak throughput of a known accelerator: an upper
   bound, since real utilisation is below the peak.

One fused multiply-add counts as 2 FLOP; precision adds no factor.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcard.sources.hyperparameters import number
from modelcard.sources.run import Run
from modelcard.techspecs import accelerators
from modelcard.techspecs.duration import TrainingTime
from modelcard.techspecs.numbers import power_of_ten, significant

#: Method ids, as the JSON output names them.
TRAINER = "trainer-total-flos"
TOKENS = "parameters-tokens"
SAMPLES = "parameters-samples"
HARDWARE = "hardware-peak"


@dataclass(frozen=True)
class Compute:
    """Training compute.

    Attributes:
        flop: floating-point operations.
        method: one of ``trainer-total-flos``, ``parameters-tokens``,
            ``parameters-samples``, ``hardware-peak``.
        description: how the figure was obtained, one sentence with the factors.
        sources: the files and keys of every factor.
        upper_bound: the true value is at most this (hardware peak).
    """

    flop: float
    method: str
    description: str
    sources: tuple[str, ...]
    upper_bound: bool = False


def _parameters(run: Run) -> tuple[int, str] | None:
    """The parameters every sample passes through; not an adapter's alone (its base model's
    forward and backward passes cost far more)."""
    w = run.weights
    if w is None or w.parameters is None or not isinstance(w.parameters.value, int) or w.parameters.value <= 0:
        return None
    if w.parameters.source.startswith("adapter"):
        return None
    return w.parameters.value, w.parameters.source


def _positive(run: Run, key: str) -> tuple[float, str] | None:
    fact = run.train_metrics.get(key)
    if fact is None or not number(fact.value) or fact.value <= 0:
        return None
    return float(fact.value), fact.source


def _steps(run: Run) -> tuple[int, str] | None:
    """Optimizer steps taken: the Trainer's ``global_step``, Keras epochs × steps per
    epoch, else the last step a log records."""
    found = _positive(run, "global_step")
    if found:
        return int(found[0]), found[1]
    per_epoch = run.hyperparameters.get("steps_per_epoch")
    if per_epoch is not None and number(per_epoch.value) and "step" not in run.train_log.columns:
        epochs = len(run.train_log) or len(run.eval_log)  # one row per epoch (Keras)
        if epochs:
            source = run.train_log.source or run.eval_log.source
            return int(per_epoch.value) * epochs, f"{per_epoch.source} × {epochs} epochs logged in {source}"
    for table in (run.train_log, run.eval_log):
        if "step" in table.columns and len(table):
            steps = [s for s in table.column("step") if number(s) is not None]
            if steps and max(steps) > 0:
                return int(max(steps)), f"{table.source}:step (the last logged)"
    return None


def _samples(run: Run) -> tuple[int, str] | None:
    steps = _steps(run)
    if steps is None:
        return None
    hp = run.hyperparameters
    batch = hp.get("total_train_batch_size")
    note = ""
    if batch is None:
        batch = hp.get("train_batch_size")
        if batch is not None and "num_devices" not in hp:
            note = " (per-device batch; one device assumed: the device count is not recorded)"
    if batch is None or not number(batch.value) or batch.value <= 0:
        return None
    return steps[0] * int(batch.value), f"{steps[1]} × {batch.source}{note}"


def training_compute(run: Run, time: TrainingTime | None) -> tuple[Compute | None, str | None]:
    """The run's training compute, or None and why it is unknown."""
    flos = _positive(run, "total_flos")
    if flos:
        return Compute(
            flos[0], TRAINER,
            "the Trainer's `total_flos`: 6 × tokens × non-embedding parameters summed over every training step",
            (flos[1],),
        ), None  # fmt: skip
    params = _parameters(run)
    tokens = _positive(run, "num_input_tokens_seen")
    if params and tokens:
        flop = 6 * params[0] * tokens[0]
        text = f"estimate 6 × parameters × tokens seen = 6 × {params[0]:,} × {int(tokens[0]):,}"
        return Compute(flop, TOKENS, text, (params[1], tokens[1])), None
    samples = _samples(run)
    if params and samples:
        flop = 6 * params[0] * samples[0]
        text = (
            f"estimate 6 × parameters × training samples = 6 × {params[0]:,} × {samples[0]:,}: each parameter "
            "used once per sample (a lower bound for convolutions and sequence models, which reuse parameters)"
        )
        return Compute(flop, SAMPLES, text, (params[1], samples[1])), None
    hardware = _hardware(run, time)
    if hardware is not None:
        return hardware, None
    return None, _why_unknown(run, params, time)


def _hardware(run: Run, time: TrainingTime | None) -> Compute | None:
    if time is None or time.devices is None or time.devices.kind != "GPU" or not time.devices.model:
        return None
    accelerator = accelerators.find(time.devices.model)
    if accelerator is None:
        return None
    precision = run.hyperparameters.get("mixed_precision")
    half = precision is not None and any(p in str(precision.value).lower() for p in ("16", "half"))
    peak = accelerator.half if half else accelerator.fp32
    kind = "FP16/BF16 tensor" if half else "FP32"
    flop = time.devices.count * time.seconds * peak
    text = (
        f"upper bound {time.devices.count} × {accelerator.name} × {significant(time.seconds)} s × "
        f"{power_of_ten(peak)} FLOP/s ({kind} peak, {accelerator.reference}); real utilisation is lower"
    )
    sources = (time.devices.source, time.source) + ((precision.source,) if precision is not None else ())
    return Compute(flop, HARDWARE, text, sources, upper_bound=True)


def _why_unknown(run: Run, params: tuple[int, str] | None, time: TrainingTime | None) -> str:
    lacking = ["no `total_flos` (written by the Hugging Face Trainer)"]
    w = run.weights
    if params is None and w is not None and w.parameters is not None and w.parameters.source.startswith("adapter"):
        lacking.append("only the adapter's parameters are counted, and an estimate needs the whole model's")
    elif params is None:
        lacking.append("no parameter count (safetensors weights)")
    else:
        lacking.append("neither the tokens seen nor the samples processed (steps × batch size) are recorded")
    if time is None or time.devices is None or time.devices.kind != "GPU":
        lacking.append("no GPU model and training time for a hardware estimate")
    else:
        lacking.append(f"no known peak throughput for `{time.devices.model}`")
    return "training compute unknown: " + "; ".join(lacking)

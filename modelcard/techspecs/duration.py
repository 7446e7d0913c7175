"""Training time: wall-clock, and hardware-time (devices × hours).

Wall-clock comes from the Trainer's ``train_runtime`` or, when the run was
tracked in several parts (a resumed training appends a codecarbon run) or
has no runtime, from codecarbon's tracked duration, the parts added up.
The device count comes from codecarbon's ``gpu_count``, else the recorded
number of devices, else a CPU-only codecarbon row (one machine).
"""

from __future__ import annotations

from dataclasses import dataclass

from modelcard.sources.hyperparameters import number
from modelcard.sources.run import Run


@dataclass(frozen=True)
class Devices:
    """What the run trained on.

    Attributes:
        count: how many.
        kind: ``"GPU"``, ``"CPU machine"`` or ``"device"`` (kind not recorded).
        model: the device model as recorded (``"1 x NVIDIA A100-SXM4-40GB"``), or None.
        source: where the count came from.
    """

    count: int
    kind: str
    model: str | None
    source: str


@dataclass(frozen=True)
class TrainingTime:
    """How long training took.

    Attributes:
        seconds: wall-clock seconds.
        source: the file and key.
        method: how it was measured, one sentence.
        segments: how many tracked parts were added up (1 for one piece).
        devices: what it ran on, or None when not recorded.
    """

    seconds: float
    source: str
    method: str
    segments: int = 1
    devices: Devices | None = None

    @property
    def hours(self) -> float:
        return self.seconds / 3600

    @property
    def device_hours(self) -> float | None:
        """Hardware-time: devices × hours, or None when the devices are unknown."""
        return self.devices.count * self.hours if self.devices is not None else None


def devices(run: Run) -> Devices | None:
    """The devices the run trained on, as far as its files say."""
    em = run.emissions
    hardware = em.hardware if em is not None else {}
    gpus = hardware.get("gpu_count")
    if gpus is not None and number(gpus.value) and gpus.value >= 1:
        model = hardware.get("gpu_model")
        return Devices(int(gpus.value), "GPU", str(model.value) if model else None, gpus.source)
    recorded = run.hyperparameters.get("num_devices")
    if recorded is not None and number(recorded.value) and recorded.value >= 1:
        return Devices(int(recorded.value), "device", None, recorded.source)
    cpu = hardware.get("cpu_model")
    if cpu is not None:
        return Devices(1, "CPU machine", str(cpu.value), f"{cpu.source} (no GPU recorded)")
    return None


def training_time(run: Run) -> TrainingTime | None:
    """The run's training time, or None when no file records it."""
    em = run.emissions
    tracked = em.duration_s if em is not None and em.duration_s is not None and number(em.duration_s.value) else None
    runtime = run.train_metrics.get("train_runtime")
    if runtime is not None and not (number(runtime.value) and runtime.value > 0):
        runtime = None
    if tracked is not None and tracked.value > 0 and (runtime is None or em.runs > 1):  # type: ignore[union-attr]
        parts = em.runs  # type: ignore[union-attr]
        added = f", {parts} tracked runs added up (a resumed training counts each part)" if parts > 1 else ""
        method = f"time codecarbon tracked while training ran{added}"
        return TrainingTime(float(tracked.value), tracked.source, method, parts, devices(run))
    if runtime is not None:
        method = "the Trainer's `train_runtime`: the training loop, evaluations during training included"
        if run.resumed is not None:
            method += "; of the last session only, as the run was resumed from a checkpoint"
        return TrainingTime(float(runtime.value), runtime.source, method, 1, devices(run))
    return None

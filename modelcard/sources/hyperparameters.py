"""Derived hyperparameters shared by every framework: total batch sizes."""

from __future__ import annotations

import math
import struct
from typing import Any

from modelcard.facts import Fact


def number(value: Any) -> float | None:
    """``value`` when it is a finite int or float (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return value


def float32_shortest(value: Any) -> Any:
    """``value`` without float32 noise: ``0.0010000000474974513`` (the float32
    nearest 0.001, as frameworks that compute in float32 save it) -> ``0.001``.

    A float that is exactly a float32 becomes the shortest decimal with the
    same float32; anything else (ints, true doubles such as ``0.1``) is returned
    unchanged.
    """
    if type(value) is not float or not math.isfinite(value):
        return value
    try:
        packed = struct.pack("<f", value)
    except OverflowError:
        return value
    if struct.unpack("<f", packed)[0] != value:
        return value
    for digits in range(1, 10):
        short = float(f"{value:.{digits}g}")
        if struct.pack("<f", short) == packed:
            return short
    return value


def add_totals(hp: dict[str, Fact]) -> None:
    """``total_train_batch_size`` = per-device batch x accumulation x devices
    (and ``total_eval_batch_size``), saying how the device count was known.

    Nothing is added when the per-device batch size is unknown, or when
    accumulation is 1 and the device count was not recorded (the total would
    only repeat the per-device size under an assumption).
    """
    per_device = hp.get("train_batch_size")
    accumulation = hp.get("gradient_accumulation_steps")
    devices = hp.get("num_devices")
    size = number(per_device.value) if per_device else None
    accum = number(accumulation.value) if accumulation else 1
    count = number(devices.value) if devices else None
    if not size or not accum or "total_train_batch_size" in hp:
        return
    if count is None and accum == 1:
        return
    how = f"devices: {devices.source}" if count else "devices not recorded, assumed 1"
    sources = [per_device.source] + ([accumulation.source] if accumulation else [])  # type: ignore[union-attr]
    hp["total_train_batch_size"] = Fact(int(size * accum * (count or 1)), f"{' × '.join(sources)} ({how})")
    eval_size = hp.get("eval_batch_size")
    if eval_size is not None and number(eval_size.value) and count and count != 1:
        hp["total_eval_batch_size"] = Fact(int(eval_size.value * count), f"{eval_size.source} ({how})")

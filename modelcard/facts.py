"""Facts: values derived from a training run, each carrying where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Fact:
    """A value and its source, e.g. ``Fact(5e-5, "training_args.json")``."""

    value: Any
    source: str

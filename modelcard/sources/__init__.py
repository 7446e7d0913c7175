"""Readers: a training run's folder -> typed facts (:class:`Run`)."""

from __future__ import annotations

from modelcard.sources.run import (
    Best,
    Emissions,
    ModelInfo,
    Problem,
    Run,
    WeightFile,
    Weights,
    read_run,
)
from modelcard.sources.logtable import LogTable

__all__ = [
    "Best",
    "Emissions",
    "LogTable",
    "ModelInfo",
    "Problem",
    "Run",
    "WeightFile",
    "Weights",
    "read_run",
]

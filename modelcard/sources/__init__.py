"""Readers: a training run's folder -> typed facts (:class:`Run`)."""

from __future__ import annotations

from pathlib import Path

from modelcard.sources.logtable import LogTable
from modelcard.sources.run import (
    Best,
    Emissions,
    ModelInfo,
    Problem,
    Run,
    WeightFile,
    Weights,
)

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


def read_run(run_dir: str | Path) -> Run:
    """Read every recognizable log, config and weights file in ``run_dir``.

    Args:
        run_dir: a training run's output folder.

    Returns:
        The run's facts; ``problems`` lists what is missing or unreadable.

    Raises:
        SourceError: ``run_dir`` is not a folder, or holds nothing this
            reader recognizes.

    Example:
        >>> run = read_run("outputs/bert-imdb")      # doctest: +SKIP
        >>> run.hyperparameters["learning_rate"]      # doctest: +SKIP
        Fact(value=2e-05, source='training_args.json:learning_rate')
    """
    from modelcard.sources.collect import collect  # the readers, imported when a run is read

    return collect(Path(run_dir))

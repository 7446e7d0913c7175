"""Run every reader over a run folder and assemble the :class:`Run`."""

from __future__ import annotations

from pathlib import Path

from modelcard.errors import SourceError
from modelcard.sources.run import Run


def collect(run_dir: Path) -> Run:
    """See :func:`modelcard.sources.read_run`."""
    if not run_dir.is_dir():
        raise SourceError(f"{run_dir}: not a folder (expected a training run's output folder)")
    from modelcard.sources import trainer

    run = Run(run_dir=run_dir)
    trainer.read(run)
    if not run.files_read:
        raise SourceError(f"{run_dir}: no training logs found (expected trainer_state.json)")
    return run

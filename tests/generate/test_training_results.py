"""The training-results table of a Lightning run shows the loss it logged as ``train_loss``."""

from __future__ import annotations

import shutil
from pathlib import Path

from modelcard.generate import generate

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def test_lightning_train_loss_fills_the_training_loss_column(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(SOURCES / "lightning", run)
    card = generate(run, output=run / "README.md", plot=False)
    assert "| Training Loss | Epoch | Step | Validation Loss |" in card.body
    assert "| 2.3989 | 0 | 199 | 2.3941 |" in card.body  # the last train_loss at or before step 199
    assert "| 1.8657 | 0 | 399 | 1.9023 |" in card.body

"""A tiny Lightning module fitted on the CPU with the card callback."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pl = pytest.importorskip("lightning.pytorch")

from modelcard.card import Card  # noqa: E402
from modelcard.integrations.lightning import ModelCardCallback  # noqa: E402

pytestmark = pytest.mark.timeout(120)


class Tiny(pl.LightningModule):
    def __init__(self, lr: float = 0.05, hidden: int = 8) -> None:
        super().__init__()
        self.save_hyperparameters()
        self.net = torch.nn.Sequential(torch.nn.Linear(4, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 1))

    def _loss(self, batch: Any) -> Any:
        x, y = batch
        return torch.nn.functional.mse_loss(self.net(x).squeeze(-1), y)

    def training_step(self, batch: Any, batch_idx: int) -> Any:
        loss = self._loss(batch)
        self.log("train_loss", loss, on_epoch=True, on_step=False)
        return loss

    def validation_step(self, batch: Any, batch_idx: int) -> None:
        self.log("val_loss", self._loss(batch))

    def configure_optimizers(self) -> Any:
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


def _loader(seed: int) -> Any:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(32, 4, generator=g)
    data = torch.utils.data.TensorDataset(x, x.sum(-1))
    return torch.utils.data.DataLoader(data, batch_size=8)


def test_the_card_is_written_when_fit_ends(tmp_path: Path, kit: Any) -> None:
    out = tmp_path / "tiny-lightning"
    callback = ModelCardCallback(out, metadata={"license": "mit"}, country_iso_code="FRA")
    trainer = pl.Trainer(
        max_epochs=2, accelerator="cpu", logger=False, enable_checkpointing=False,
        enable_progress_bar=False, enable_model_summary=False, callbacks=[callback], default_root_dir=tmp_path,
    )  # fmt: skip
    torch.manual_seed(0)
    trainer.fit(Tiny(), _loader(0), _loader(1))

    card = Card.load(out / "README.md")
    assert kit.lint_errors(card) == []
    with open(out / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    val = [float(r["val_loss"]) for r in rows if r.get("val_loss")]
    assert len(val) == 2
    assert kit.states_number(card.text, val[-1])
    assert kit.states_number(card.text, 0.05)  # the learning rate, from hparams.yaml
    kit.assert_emissions_stated(card, callback.tracking, out)
    assert (out / "model.safetensors").is_file()
    assert not list(out.glob("*.ckpt"))

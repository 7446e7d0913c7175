"""A real tiny BERT trained on the CPU with the card callback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from modelcard.card import Card  # noqa: E402
from modelcard.errors import UsageError  # noqa: E402
from modelcard.integrations.transformers import ModelCardCallback  # noqa: E402

pytestmark = pytest.mark.timeout(120)


class Synthetic(torch.utils.data.Dataset):
    """Token ids whose first token decides the label."""

    def __init__(self, n: int, seed: int) -> None:
        g = torch.Generator().manual_seed(seed)
        self.ids = torch.randint(0, 100, (n, 12), generator=g)
        self.labels = (self.ids[:, 0] >= 50).long()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> dict[str, Any]:
        return {"input_ids": self.ids[i], "attention_mask": torch.ones(12, dtype=torch.long), "labels": self.labels[i]}


def _accuracy(pred: Any) -> dict[str, float]:
    return {"accuracy": float((pred.predictions.argmax(-1) == pred.label_ids).mean())}


def _train(output_dir: Path, callback: ModelCardCallback, *, steps: int = 6) -> Any:
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=100, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32
    )
    args = transformers.TrainingArguments(
        output_dir=str(output_dir),
        max_steps=steps,
        per_device_train_batch_size=8,
        per_device_eval_batch_size=16,
        learning_rate=1e-3,
        eval_strategy="steps",
        eval_steps=3,
        logging_steps=1,
        save_strategy="no",
        report_to="none",
        use_cpu=True,
        seed=7,
        hub_token=TOKEN,
        disable_tqdm=True,
    )
    trainer = transformers.Trainer(
        model=transformers.BertForSequenceClassification(config),
        args=args,
        train_dataset=Synthetic(64, 0),
        eval_dataset=Synthetic(32, 1),
        compute_metrics=_accuracy,
        callbacks=[callback],
    )
    trainer.train()
    return trainer


TOKEN = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"  # as in conftest: a real token's shape

METADATA = {"license": "apache-2.0", "datasets": ["synthetic-tokens"], "pipeline_tag": "text-classification"}


def test_the_card_is_written_when_training_ends(tmp_path: Path, kit: Any) -> None:
    out = tmp_path / "tiny-bert"
    callback = ModelCardCallback(metadata=METADATA, country_iso_code="FRA")
    trainer = _train(out, callback)

    card = Card.load(out / "README.md")
    assert card.to_bytes() == callback.card.to_bytes()
    assert kit.lint_errors(card) == []
    text = card.text
    # hyperparameters
    assert re.search(r"learning[ _]rate", text, re.I) and "0.001" in text
    assert re.search(r"\b7\b", text)  # the seed
    # evaluation results: the last evaluation of the log, in the metadata and the body
    last_eval = [e for e in trainer.state.log_history if "eval_accuracy" in e][-1]
    [result] = card.metadata["model-index"][0]["results"]
    assert {m["type"]: m["value"] for m in result["metrics"]}["accuracy"] == pytest.approx(last_eval["eval_accuracy"])
    assert kit.states_number(text, last_eval["eval_accuracy"])
    assert kit.states_number(text, last_eval["eval_loss"])
    # emissions, from the tracker's CSV
    kit.assert_emissions_stated(card, callback.tracking, out)
    # secrets: the token is in the training arguments, and nowhere on disk
    assert kit.files_containing(out, TOKEN) == []
    args = json.loads((out / "training_args.json").read_text())
    assert "hub_token" not in args and not any(k.endswith("_token") for k in args)
    assert args["learning_rate"] == 1e-3
    assert not (out / "training_args.bin").exists()
    assert {"model.safetensors", "config.json", "emissions.csv", "emissions_caveats.json"} <= {
        p.name for p in out.iterdir()
    }


def test_training_again_keeps_the_hand_written_text(tmp_path: Path, kit: Any) -> None:
    out = tmp_path / "tiny-bert"
    _train(out, ModelCardCallback(metadata=METADATA, country_iso_code="FRA"), steps=3)
    written = (out / "README.md").read_text()
    note = "\nThis paragraph was written by hand and must survive.\n"
    (out / "README.md").write_text(written + note)

    callback = ModelCardCallback(metadata=METADATA, country_iso_code="FRA")
    _train(out, callback, steps=6)
    text = (out / "README.md").read_text()
    assert note in text
    assert kit.lint_errors(callback.card) == []
    rows = (out / "emissions.csv").read_text().strip().splitlines()
    assert len(rows) == 3  # header + one row per training


def test_push_sends_card_and_weights_in_one_commit(tmp_path: Path, local_hub: Any, kit: Any) -> None:
    out = tmp_path / "tiny-bert"
    callback = ModelCardCallback(
        metadata=METADATA, country_iso_code="FRA", push=True, repo_id="team/tiny-bert", endpoint=local_hub.url
    )  # the token comes from the training arguments' hub_token
    _train(out, callback)
    kit.assert_one_commit_holds(
        local_hub, "team/tiny-bert", callback.push_result, out, ["model.safetensors", "config.json"]
    )
    assert kit.files_containing(tmp_path / "hub-store", TOKEN) == []


def test_push_without_repo_id_fails_before_training() -> None:
    with pytest.raises(UsageError, match="repo_id"):
        ModelCardCallback(push=True)


def test_a_misspelled_option_fails_before_training() -> None:
    with pytest.raises(TypeError, match="repoid"):
        ModelCardCallback(push=True, repoid="user/model", track_emissions=False)


def test_metadata_the_linter_would_reject_fails_before_training() -> None:
    with pytest.raises(UsageError, match=r"metadata: MC101 `Apache 2.0` is not a license id the Hub knows; use `apache-2.0`"):
        ModelCardCallback(metadata={"license": "Apache 2.0"}, track_emissions=False)


def test_other_processes_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "rank1"
    args = transformers.TrainingArguments(output_dir=str(out), report_to="none", use_cpu=True, hub_token=TOKEN)
    state = transformers.TrainerState(is_world_process_zero=False)
    callback = ModelCardCallback(metadata=METADATA, country_iso_code="FRA")
    callback.on_train_begin(args, state, transformers.TrainerControl())
    callback.on_train_end(args, state, transformers.TrainerControl())
    assert not out.exists()
    assert callback.card is None and callback.tracking is None

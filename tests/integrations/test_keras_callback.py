"""A tiny Keras 3 model (torch backend) fitted on random data with the card callback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from modelcard.card import Card  # noqa: E402
from modelcard.integrations.keras import ModelCardCallback  # noqa: E402

pytestmark = pytest.mark.timeout(120)

METADATA = {"license": "mit", "datasets": ["random-points"], "pipeline_tag": "tabular-classification"}


def _fit(callback: ModelCardCallback, epochs: int = 3) -> Any:
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((64, 8), dtype=np.float32)
    y = (x[:, 0] > 0.5).astype("float32")
    model = keras.Sequential(
        [keras.Input((8,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy", metrics=["accuracy"])
    return model.fit(x, y, validation_split=0.25, epochs=epochs, batch_size=16, verbose=0, callbacks=[callback])


def test_the_card_is_written_when_fit_ends(tmp_path: Path, kit: Any) -> None:
    out = tmp_path / "tiny-dense"
    callback = ModelCardCallback(out, metadata=METADATA, country_iso_code="FRA")
    history = _fit(callback)

    assert keras.backend.backend() == "torch"
    card = Card.load(out / "README.md")
    assert kit.lint_errors(card) == []
    text = card.text
    saved = json.loads((out / "history.json").read_text())
    assert saved["val_loss"] == pytest.approx(history.history["val_loss"])
    assert saved["learning_rate"] == pytest.approx([0.01] * 3)
    # hyperparameters: learning rate and epochs
    assert kit.states_number(text, 0.01)
    assert "num_epochs" in text or "epochs" in text.lower()
    # fit() settings from fit_params.json: optimizer, its betas, loss, parameter count
    assert "- `fit_params.json`: optimizer (`optimizer.name`), adam_beta1 (`optimizer.beta_1`)" in text
    assert "binary_crossentropy" in text
    assert "fit_params.json:parameters" in text
    # evaluation results: the last validation loss and accuracy
    assert kit.states_number(text, history.history["val_loss"][-1])
    assert kit.states_number(text, history.history["val_accuracy"][-1])
    # emissions
    kit.assert_emissions_stated(card, callback.tracking, out)
    params = json.loads((out / "fit_params.json").read_text())
    assert params["epochs"] == 3 and params["parameters"] == 8 * 8 + 8 + 8 + 1
    assert params["optimizer"]["name"] == "adam"
    # the backend and its version are recorded, so the card needs no guess
    import torch

    assert params["backend"] == "torch" and params["backend_version"] == torch.__version__
    assert f"torch {torch.__version__}" in text
    assert (out / "model.keras").is_file()
    assert kit.files_containing(out, kit.token) == []


def test_push_sends_card_and_model_in_one_commit(tmp_path: Path, local_hub: Any, kit: Any) -> None:
    out = tmp_path / "tiny-dense"
    callback = ModelCardCallback(
        out,
        metadata=METADATA,
        country_iso_code="FRA",
        push=True,
        repo_id="team/tiny-dense",
        endpoint=local_hub.url,
        token=kit.token,
    )
    _fit(callback, epochs=2)
    kit.assert_one_commit_holds(local_hub, "team/tiny-dense", callback.push_result, out, ["model.keras"])
    assert kit.files_containing(out, kit.token) == []
    assert kit.files_containing(tmp_path / "hub-store", kit.token) == []


def test_losses_are_recorded_by_name() -> None:
    from modelcard.integrations.keras import _loss_name

    assert _loss_name("mse") == "mse"
    assert _loss_name(keras.losses.BinaryCrossentropy(label_smoothing=0.1)) == "binary_crossentropy"
    assert _loss_name([keras.losses.mean_squared_error, keras.losses.Huber()]) == ["mean_squared_error", "huber_loss"]
    assert _loss_name({"label": keras.losses.SparseCategoricalCrossentropy()}) == {"label": "sparse_categorical_crossentropy"}

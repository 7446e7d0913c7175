"""Cards of Keras runs: one table row per epoch, framework versions of the backend used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modelcard.generate import generate

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def _run(tmp_path: Path, name: str) -> Path:
    run = tmp_path / name
    shutil.copytree(SOURCES / name, run)
    return run


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        ("keras_fit", ["| 0.8270 | 1 | 0.5241 | 0.75 |", "| 0.7309 | 2 | 0.5176 | 0.75 |", "| 0.6665 | 3 | 0.5268 | 0.75 |"]),
        ("keras_history", ["| 0.3863 | 1 | 0.3464 | 0.8483 |", "| 0.1709 | 3 | 0.2209 | 0.9267 |"]),
        ("keras_csvlogger", ["| 0.5955 | 1 | 0.6099 | 0.5930 |", "| 0.1653 | 10 | 0.2894 | 0.8682 |"]),
    ],
)
def test_each_epoch_row_has_its_training_loss(tmp_path, name, rows):
    run = _run(tmp_path, name)
    card = generate(run, output=run / "README.md", plot=False)
    assert "| Training Loss | Epoch | Validation Loss | Accuracy |" in card.body
    for row in rows:
        assert row in card.body
    assert "No log" not in card.body


def test_an_epoch_without_training_loss_says_no_log(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "history.json").write_text('{"loss": [0.9], "val_loss": [1.0, 0.7]}')
    card = generate(run, output=run / "README.md", plot=False)
    assert "| 0.9 | 1 | 1.0 |" in card.body
    assert "| No log | 2 | 0.7 |" in card.body


def test_framework_versions_name_the_backend(tmp_path, installed_packages):
    run = _run(tmp_path, "keras_fit")
    installed_packages({"keras": "3.0.0", "torch": "2.13.0", "tensorflow": "2.16.0"})
    card = generate(run, output=run / "README.md", plot=False)
    assert "- keras 3.15.1 (recorded in `fit_params.json:keras_version`)\n" in card.body
    assert (
        "\n- torch 2.13.0 (the Keras backend, as recorded in `fit_params.json:backend`; "
        "version from the environment that generated this card; the run did not record it)\n"
    ) in card.body
    assert "tensorflow" not in card.body


def test_a_backend_not_installed_is_named_without_a_version(tmp_path, installed_packages):
    run = _run(tmp_path, "keras_fit")
    installed_packages({})
    card = generate(run, output=run / "README.md", plot=False)
    assert "- keras 3.15.1 (recorded in `fit_params.json:keras_version`)\n" in card.body
    assert "\n- torch " not in card.body
    assert "the Keras backend `torch` is recorded but not its version, and it is not installed here" in card.body


def test_a_recorded_backend_version_is_stated_with_its_source(tmp_path):
    run = _run(tmp_path, "keras_fit")
    params = json.loads((run / "fit_params.json").read_text())
    params.update(backend="jax", backend_version="0.4.30")
    (run / "fit_params.json").write_text(json.dumps(params))
    card = generate(run, output=run / "README.md", plot=False)
    assert (
        "- jax 0.4.30 (the Keras backend, as recorded in `fit_params.json:backend`; "
        "version recorded in `fit_params.json:backend_version`)\n"
    ) in card.body
    assert "torch" not in card.body


def test_check_ignores_a_backend_version_taken_from_the_environment(tmp_path, installed_packages):
    run = _run(tmp_path, "keras_fit")
    installed_packages({"torch": "2.13.0"})
    out = run / "README.md"
    generate(run, output=out, plot=False)
    text = out.read_text()
    line = next(line for line in text.splitlines() if line.startswith("- torch "))
    out.write_text(text.replace(line, "- torch 0.0.1 " + line.split(" ", 3)[3]))
    generate(run, output=out, check=True, plot=False)  # not stale: only an environment version differs

"""fit_params.json as the Keras card callback writes it (fixtures written by the callback itself)."""

from __future__ import annotations

import json
from pathlib import Path

from modelcard.sources import read_run


def _hyperparameters(run) -> dict[str, tuple[object, str]]:
    return {k: (f.value, f.source) for k, f in run.hyperparameters.items()}


def test_adam_run(fixtures: Path, installed_packages) -> None:
    installed_packages({"torch": "2.13.0"})  # the backend the run recorded, without its version
    run = read_run(fixtures / "keras_fit")
    assert run.framework.value == "keras"
    assert _hyperparameters(run) == {
        "learning_rate": (0.01, "history.json:learning_rate (first epoch)"),
        "num_epochs": (3, "fit_params.json:epochs"),
        "steps_per_epoch": (3, "fit_params.json:steps"),
        "optimizer": ("adam", "fit_params.json:optimizer.name"),
        "adam_beta1": (0.9, "fit_params.json:optimizer.beta_1"),
        "adam_beta2": (0.999, "fit_params.json:optimizer.beta_2"),
        "adam_epsilon": (1e-07, "fit_params.json:optimizer.epsilon"),
        "loss": ("binary_crossentropy", "fit_params.json:loss"),
    }
    assert run.framework_versions["keras"].value == "3.15.1"
    assert run.framework_versions["keras"].source == "fit_params.json:keras_version"
    assert run.weights is not None and run.weights.parameters.value == 81
    assert run.weights.parameters.source == "fit_params.json:parameters"
    assert run.files_read == ["history.json", "fit_params.json"]
    assert run.problems == []


def test_stopped_sgd_run(fixtures: Path) -> None:
    run = read_run(fixtures / "keras_fit_stopped")
    hp = _hyperparameters(run)
    assert hp["num_epochs"] == (5, "fit_params.json:epochs (2 logged)")
    assert hp["optimizer"] == ("sgd", "fit_params.json:optimizer.name")
    assert hp["max_grad_norm"] == (1.0, "fit_params.json:optimizer.global_clipnorm")
    assert hp["optimizer_args"] == (
        {"use_ema": True, "ema_momentum": 0.99, "momentum": 0.9, "nesterov": True},
        "fit_params.json:optimizer",
    )
    assert not {"adam_beta1", "adam_epsilon", "weight_decay", "gradient_accumulation_steps"} & set(hp)


def test_the_model_file_keeps_the_count(copy_fixture) -> None:
    run_dir = copy_fixture("keras_fit")
    (run_dir / "model.keras").write_bytes(b"PK\x03\x04" + b"\0" * 60)
    run = read_run(run_dir)
    assert [(f.path, f.format) for f in run.weights.files] == [("model.keras", "keras")]
    assert run.weights.parameters.value == 81
    assert not any("parameter count unknown" in p.message for p in run.problems)


def test_without_a_history(copy_fixture) -> None:
    run_dir = copy_fixture("keras_fit")
    (run_dir / "history.json").unlink()
    run = read_run(run_dir)
    assert run.framework.value == "keras" and run.framework.source == "fit_params.json"
    assert run.hyperparameters["num_epochs"].source == "fit_params.json:epochs"
    assert run.hyperparameters["learning_rate"].value == 0.01
    assert run.hyperparameters["learning_rate"].source == "fit_params.json:optimizer.learning_rate (at the end of training)"


def test_secrets_are_dropped(copy_fixture, installed_packages) -> None:
    installed_packages({"torch": "2.13.0"})
    run_dir = copy_fixture("keras_fit")
    params = json.loads((run_dir / "fit_params.json").read_text())
    token = "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"
    params["optimizer"]["api_key"] = "abc"
    params["hub_token"] = token
    params["loss"] = f"loss-{token}"
    (run_dir / "fit_params.json").write_text(json.dumps(params))
    run = read_run(run_dir)
    assert "loss" not in run.hyperparameters
    assert token not in repr(run) and "abc" not in repr(run.hyperparameters)
    [problem] = [p for p in run.problems if p.file == "fit_params.json"]
    assert problem.message == "left out 3 secret values"


def test_batch_size_schedule_and_losses_per_output(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"loss": [0.9, 0.5]}')
    (tmp_path / "fit_params.json").write_text(json.dumps({
        "epochs": 2, "batch_size": 32, "steps": None, "parameters": 0,
        "optimizer": {
            "name": "adamw", "weight_decay": 0.004, "amsgrad": False, "gradient_accumulation_steps": 4,
            "learning_rate": {"module": "keras.optimizers.schedules", "class_name": "CosineDecay",
                              "config": {"initial_learning_rate": 0.001, "decay_steps": 1000}},
        },
        "loss": {"label": "sparse_categorical_crossentropy", "box": "huber"},
    }))
    hp = _hyperparameters(read_run(tmp_path))
    assert hp["train_batch_size"] == (32, "fit_params.json:batch_size")
    assert hp["learning_rate"] == (0.001, "fit_params.json:optimizer.learning_rate.config.initial_learning_rate")
    assert hp["lr_scheduler_type"] == ("CosineDecay", "fit_params.json:optimizer.learning_rate.class_name")
    assert hp["weight_decay"] == (0.004, "fit_params.json:optimizer.weight_decay")
    assert hp["gradient_accumulation_steps"] == (4, "fit_params.json:optimizer.gradient_accumulation_steps")
    assert hp["total_train_batch_size"][0] == 128
    assert hp["loss"] == ({"label": "sparse_categorical_crossentropy", "box": "huber"}, "fit_params.json:loss")
    assert "steps_per_epoch" not in hp and "optimizer_args" not in hp


def test_not_an_object(copy_fixture) -> None:
    run_dir = copy_fixture("keras_fit")
    (run_dir / "fit_params.json").write_text("[3]")
    run = read_run(run_dir)
    assert run.hyperparameters["num_epochs"].source == "history.json (epochs logged)"
    assert any(p.file == "fit_params.json" and "holds a JSON list" in p.message for p in run.problems)


def _with_backend(copy_fixture, **fields) -> Path:
    run = copy_fixture("keras_fit")
    params = json.loads((run / "fit_params.json").read_text())
    params.update(fields)
    (run / "fit_params.json").write_text(json.dumps(params))
    return run


def test_the_backend_the_run_used_is_named(fixtures: Path, installed_packages) -> None:
    installed_packages({"torch": "2.13.0", "tensorflow": "2.16.0"})
    run = read_run(fixtures / "keras_fit")  # backend: torch, its version not recorded
    assert (run.backend.value, run.backend.source) == ("torch", "fit_params.json:backend")
    assert (run.framework_versions["torch"].value, run.framework_versions["torch"].source) == ("2.13.0", "environment")
    assert "tensorflow" not in run.framework_versions


def test_a_recorded_backend_version_wins_over_the_environment(copy_fixture) -> None:
    run = read_run(_with_backend(copy_fixture, backend="jax", backend_version="0.4.30"))
    versions = {k: (f.value, f.source) for k, f in run.framework_versions.items()}
    assert versions == {
        "keras": ("3.15.1", "fit_params.json:keras_version"),
        "jax": ("0.4.30", "fit_params.json:backend_version"),
    }


def test_tensorflow_is_named_only_when_it_was_the_backend(copy_fixture) -> None:
    run = read_run(_with_backend(copy_fixture, backend="tensorflow", backend_version="2.18.0"))
    assert run.framework_versions["tensorflow"].value == "2.18.0"
    assert "torch" not in run.framework_versions


def test_an_unrecorded_backend_is_not_guessed(copy_fixture) -> None:
    run = read_run(copy_fixture("keras_history"))
    assert run.backend is None
    assert set(run.framework_versions) <= {"keras"}
    assert any(p.message.startswith("the Keras backend (TensorFlow, JAX or PyTorch) is not recorded") for p in run.problems)


def test_a_backend_neither_recorded_nor_installed_is_said(copy_fixture) -> None:
    run = read_run(_with_backend(copy_fixture, backend="openvino"))
    assert "openvino" not in run.framework_versions
    assert ("fit_params.json", "the Keras backend `openvino` is recorded but not its version, and it is not installed here") in {
        (p.file, p.message) for p in run.problems
    }

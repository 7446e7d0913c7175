from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from modelcard.sources import read_run


def _values(run) -> dict:
    return {key: fact.value for key, fact in run.hyperparameters.items()}


def test_trainer_arguments(fixtures: Path) -> None:
    run = read_run(fixtures / "training_args_plain")
    assert _values(run) == {
        "learning_rate": 0.0001,
        "train_batch_size": 4,
        "eval_batch_size": 4,
        "gradient_accumulation_steps": 2,
        "seed": 42,
        "optimizer": "adamw_torch",
        "adam_beta1": 0.9,
        "adam_beta2": 0.999,
        "adam_epsilon": 1e-08,
        "weight_decay": 0.005,
        "lr_scheduler_type": "linear",
        "warmup_steps": 1000,
        "num_epochs": 20,
        "max_grad_norm": 1.0,
        "total_train_batch_size": 8,
    }
    assert run.hyperparameters["optimizer"].source == "training_args.json:optim"
    assert "devices not recorded, assumed 1" in run.hyperparameters["total_train_batch_size"].source


def test_json_encoded_twice_gives_the_same_arguments(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "training_args_plain" / "training_args.json").read_text()
    (tmp_path / "training_args.json").write_text(json.dumps(text))
    assert _values(read_run(tmp_path)) == _values(read_run(fixtures / "training_args_plain"))


def test_json_encoded_twice_and_truncated(fixtures: Path) -> None:
    run = read_run(fixtures / "training_args_double")
    assert run.hyperparameters["learning_rate"].value == 0.03046421920175867
    assert run.hyperparameters["num_epochs"].value == 2
    [problem] = [p for p in run.problems if p.file == "training_args.json"]
    assert problem.message.startswith("is truncated or invalid (Invalid \\escape, line 1 column 1000); read the 28 keys")


def test_masked_and_raw_secrets_never_reach_the_run(fixtures: Path, tmp_path: Path) -> None:
    args = json.loads((fixtures / "training_args_masked" / "training_args.json").read_text())
    assert args["hub_token"] == "<HUB_TOKEN>"
    token = "hf_" + "Ab3" * 12
    args.update(run_name=f"run-{token}", wandb_api_key="5d41402bc4b2a76b9719d911017c592", optim_args=f"token={token}")
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    run = read_run(tmp_path)
    everything = repr(run)
    for secret in ("<HUB_TOKEN>", "<PUSH_TO_HUB_TOKEN>", token, "5d41402bc4b2a76b9719d911017c592"):
        assert secret not in everything
    [problem] = [p for p in run.problems if p.file == "training_args.json"]
    # The masked `<HUB_TOKEN>` and `<PUSH_TO_HUB_TOKEN>` are placeholders, not secrets.
    assert problem.message == "left out 3 secret values"


def test_a_masked_token_alone_is_not_reported_as_a_secret(fixtures: Path, tmp_path: Path) -> None:
    args = json.loads((fixtures / "training_args_masked" / "training_args.json").read_text())
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    run = read_run(tmp_path)
    assert "<HUB_TOKEN>" not in repr(run)
    assert [p.message for p in run.problems if "secret" in p.message] == []
    assert run.hyperparameters["optimizer"].value == "paged_adamw_8bit"
    assert run.hyperparameters["mixed_precision"].value == "fp16"
    assert run.hyperparameters["max_steps"].value == 100
    assert run.hyperparameters["total_train_batch_size"].value == 12


def test_non_adam_optimizer_drops_adam_settings(fixtures: Path, tmp_path: Path) -> None:
    args = json.loads((fixtures / "training_args_plain" / "training_args.json").read_text())
    args["optim"] = "sgd"
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    hp = read_run(tmp_path).hyperparameters
    assert hp["optimizer"].value == "sgd" and "adam_beta1" not in hp


def test_devices_from_dataparallel_batch_size(fixtures: Path, tmp_path: Path) -> None:
    shutil.copyfile(fixtures / "training_args_plain" / "training_args.json", tmp_path / "training_args.json")
    state = json.loads((fixtures / "trainer_eval_first" / "trainer_state.json").read_text())
    state["train_batch_size"] = 8  # 4 per device on 2 GPUs
    (tmp_path / "trainer_state.json").write_text(json.dumps(state))
    hp = read_run(tmp_path).hyperparameters
    assert hp["num_devices"].value == 2
    assert hp["num_devices"].source == "trainer_state.json:train_batch_size ÷ per-device batch size"
    assert hp["total_train_batch_size"].value == 4 * 2 * 2
    assert hp["total_eval_batch_size"].value == 8


def test_devices_inferred_from_throughput(fixtures: Path, tmp_path: Path) -> None:
    shutil.copyfile(fixtures / "training_args_plain" / "training_args.json", tmp_path / "training_args.json")
    state = json.loads((fixtures / "trainer_eval_first" / "trainer_state.json").read_text())
    state["train_batch_size"] = 4
    state["global_step"] = 100
    state["log_history"].append({"step": 100, "train_runtime": 50.0, "train_samples_per_second": 31.7, "train_loss": 1.0})
    (tmp_path / "trainer_state.json").write_text(json.dumps(state))
    hp = read_run(tmp_path).hyperparameters
    assert hp["num_devices"].value == 2  # 31.7 * 50 / 100 = 15.85 samples per step ~ 4 x 2 accumulation x 2
    assert hp["num_devices"].source.startswith("inferred:")
    assert hp["total_train_batch_size"].value == 16


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"batch_size": 32, "epochs": 4, "grad_accum_steps": 4, "lr": 1e-5, "dtype": "fp16"},
         {"train_batch_size": 32, "num_epochs": 4, "gradient_accumulation_steps": 4, "learning_rate": 1e-5,
          "mixed_precision": "fp16", "total_train_batch_size": 128}),
        ({"learning_rate": 5e-05, "num_epochs": 10, "batch_size": 32, "warmup_steps": 500, "weight_decay": 0.01},
         {"learning_rate": 5e-05, "num_epochs": 10, "train_batch_size": 32, "warmup_steps": 500, "weight_decay": 0.01}),
    ],
)
def test_hand_written_argument_names(tmp_path: Path, args: dict, expected: dict) -> None:
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    assert _values(read_run(tmp_path)) == expected


def test_best_metric_named_by_the_arguments(fixtures: Path, tmp_path: Path) -> None:
    shutil.copytree(fixtures / "trainer_new", tmp_path, dirs_exist_ok=True)
    args = json.loads((fixtures / "training_args_plain" / "training_args.json").read_text())
    args.update(metric_for_best_model="accuracy", greater_is_better=True)
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    best = read_run(tmp_path).best
    assert best is not None
    assert best.metric == "eval_accuracy" and best.metric_source == "training_args.json:metric_for_best_model"
    assert best.greater_is_better is not None and best.greater_is_better.value is True


def test_hub_model_id_and_base_model_from_arguments(tmp_path: Path) -> None:
    args = {"hub_model_id": "someone/vit-cats", "model_name": "microsoft/swin-base-patch4-window7-224", "learning_rate": 5e-05}
    (tmp_path / "training_args.json").write_text(json.dumps(args))
    model = read_run(tmp_path).model
    assert model.hub_model_id.value == "someone/vit-cats"
    assert model.base_model.value == "microsoft/swin-base-patch4-window7-224"
    assert model.base_model.source == "training_args.json:model_name"

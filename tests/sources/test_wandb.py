"""W&B runs: a real offline run of wandb 0.31 (history only in run-*.wandb) and a real
online run of wandb 0.16 (also files/config.yaml and wandb-summary.json)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.errors import SourceError
from modelcard.generate import generate
from modelcard.sources import read_run
from modelcard.sources.wandb import FormatError, records


def _records_file(root: Path) -> Path:
    return next(root.glob("wandb/*/run-*.wandb"))


def test_offline_run_history_config_summary(runs: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(runs / "wandb_offline", run_dir)
    run = read_run(run_dir)
    source = run.eval_log.source
    assert source == _records_file(run_dir).relative_to(run_dir).as_posix()
    assert [(r["step"], r["epoch"], r["eval_accuracy"]) for r in run.eval_log] == [(4, 1, 0.75), (8, 2, 0.8125), (12, 3, 0.8125)]
    assert len(run.train_log) == 6 and run.train_log[0]["loss"] == 0.6944072842597961
    assert run.hyperparameters["learning_rate"].value == 0.0005
    assert run.hyperparameters["num_epochs"].source == f"{source}:num_train_epochs"
    assert run.train_metrics["train_runtime"].value > 0
    text = generate(run_dir, output=run_dir / "README.md", plot=False).dumps()
    assert "| Training Loss | Epoch | Step | Validation Loss | Accuracy |" in text
    # the run record holds the host, the program path and the Python executable
    for machine in ("/tmp/training", "/tmp/venv", "make_runs.py", "/tmp/modelcard-runs"):
        assert machine not in text


def test_online_run_of_wandb_0_16(fixtures: Path) -> None:
    run = read_run(fixtures / "wandb_online_0.16")
    assert run.framework.value == "transformers"
    assert run.hyperparameters["learning_rate"].value == 0.0002
    assert run.hyperparameters["learning_rate"].source == "wandb/run-20240430_104212-1635krw5/files/config.yaml:learning_rate"
    assert run.model.base_model.value == "hyunseoki/ko-ref-llama2-7b"
    assert [r["step"] for r in run.train_log] == [25, 50, 75, 100]
    assert run.train_log[3]["loss"] == 1.3526  # as wandb-summary.json has it
    assert any(p.message == "ends inside a record (the run may still have been writing); read the records before it" for p in run.problems)
    assert not any("secret" in p.message for p in run.problems)  # `hub_token`, `push_to_hub_token` hold placeholders


def _read_without_wandb(path: Path) -> str:
    code = (
        "import sys; sys.modules['wandb'] = None\n"
        "from modelcard.errors import SourceError\n"
        "from modelcard.sources import read_run\n"
        "try:\n"
        f"    run = read_run({str(path)!r})\n"
        "    print(len(run.train_log), run.hyperparameters['learning_rate'].value)\n"
        "    print([p.message for p in run.problems])\n"
        "except SourceError as exc:\n"
        "    print('error:', exc)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_without_the_wandb_package(runs: Path, fixtures: Path) -> None:
    note = "could not be read: reading it needs the wandb package (`pip install 'modelcard[wandb]'`)"
    offline = _read_without_wandb(runs / "wandb_offline")
    assert offline.startswith("error:") and note in offline  # nothing else in that folder
    online = _read_without_wandb(fixtures / "wandb_online_0.16").splitlines()
    assert online[0] == "0 0.0002"  # the config is plain YAML
    assert note in online[1]


def test_damaged_and_foreign_files(runs: Path, tmp_path: Path) -> None:
    data = _records_file(runs / "wandb_offline").read_bytes()
    damaged = bytearray(data)
    damaged[9000] ^= 0xFF
    found = []
    with pytest.raises(FormatError, match=r"damaged record at byte \d+"):
        for payload in records(bytes(damaged)):
            found.append(payload)
    assert 0 < len(found) < len(list(records(data)))
    with pytest.raises(FormatError, match="no `:W&B` header"):
        list(records(b"PK\x03\x04" + data[4:]))
    run_dir = tmp_path / "run"
    shutil.copytree(runs / "wandb_offline", run_dir)
    _records_file(run_dir).write_bytes(b"not a record file")
    with pytest.raises(SourceError, match="not a W&B record file"):
        read_run(run_dir)


def test_api_keys_in_the_config_never_reach_the_card(fixtures: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(fixtures / "wandb_online_0.16", run_dir)
    config = next(run_dir.glob("wandb/*/files/config.yaml"))
    key = "0123456789abcdef0123456789abcdef01234567"
    config.write_text(
        config.read_text()
        + f"api_key:\n  desc: null\n  value: {key}\nnote:\n  desc: null\n  value: wandb login {key}\n"
    )
    text = generate(run_dir, output=run_dir / "README.md", plot=False).dumps()
    assert key not in text
    # `hub_token`, `push_to_hub_token` and `api_key` hold placeholders (`0123456789abcdef...` is one)
    assert "`: left out 1 secret value\n" in text


def test_an_alias_bomb_config_is_refused_cheaply(fixtures: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(fixtures / "wandb_online_0.16", run_dir)
    config = next(run_dir.glob("wandb/*/files/config.yaml"))
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 9)]
    config.write_text("\n".join(lines) + "\n")  # 10^9 strings once expanded
    run = read_run(run_dir)
    assert any(p.message == f"`{config.relative_to(run_dir).as_posix()}` is not readable YAML" for p in run.problems)
    assert [r["step"] for r in run.train_log] == [25, 50, 75, 100]  # the history still counts

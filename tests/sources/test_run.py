from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelcard.errors import SourceError
from modelcard.sources import read_run
from modelcard.sources.environment import ENVIRONMENT
from modelcard.sources.run import is_metric


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        read_run(tmp_path / "nope")


def test_folder_without_logs_names_what_was_expected(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SourceError) as excinfo:
        read_run(tmp_path)
    message = str(excinfo.value)
    assert message.startswith(f"{tmp_path}: no training logs found (expected trainer_state.json")
    assert "Lightning metrics.csv" in message and "emissions.csv" in message


def test_framework_versions_recorded_or_from_the_environment(fixtures: Path, tmp_path: Path, installed_packages) -> None:
    (tmp_path / "trainer_state.json").write_bytes((fixtures / "trainer_old" / "trainer_state.json").read_bytes())
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["T5ForConditionalGeneration"], "transformers_version": "4.9.0"}))
    installed_packages({"transformers": "5.0.0", "torch": "2.13.0"})
    versions = read_run(tmp_path).framework_versions
    assert versions["transformers"].value == "4.9.0" and versions["transformers"].source == "config.json:transformers_version"
    assert versions["torch"].value == "2.13.0" and versions["torch"].source == ENVIRONMENT
    installed_packages({})
    versions = read_run(tmp_path).framework_versions
    assert list(versions) == ["transformers"]  # nothing installed: only what the run recorded


def test_files_read_in_order(fixtures: Path) -> None:
    run = read_run(fixtures / "trainer_new")
    assert run.files_read == ["eval_results.json", "train_results.json", "all_results.json", "trainer_state.json"]


@pytest.mark.parametrize(
    ("key", "expected"),
    [("eval_accuracy", True), ("val_loss", True), ("eval_runtime", False), ("eval_samples_per_second", False),
     ("epoch", False), ("step", False), ("eval_mem_cpu_alloc_delta", False), ("eval_samples", False)],
)
def test_is_metric(key: str, expected: bool) -> None:
    assert is_metric(key) is expected

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from modelcard.sources import read_run
from modelcard.sources.weights import safetensors_header


def test_single_file(tmp_path: Path) -> None:
    save_file({"w": np.zeros((3, 4), np.float32), "b": np.zeros(5, np.float16)}, str(tmp_path / "model.safetensors"))
    (tmp_path / "config.json").write_text(json.dumps({"architectures": ["BertModel"], "model_type": "bert"}))
    weights = read_run(tmp_path).weights
    assert weights.parameters.value == 17
    assert weights.dtypes.value == {"F32": 12, "F16": 5}
    assert weights.files[0].path == "model.safetensors" and weights.files[0].format == "safetensors"
    assert weights.total_bytes == (tmp_path / "model.safetensors").stat().st_size


def test_sharded_with_index_and_missing_shard(tmp_path: Path) -> None:
    save_file({"a": np.zeros((10, 10), np.float32)}, str(tmp_path / "model-00001-of-00003.safetensors"))
    save_file({"b": np.zeros(7, np.float32)}, str(tmp_path / "model-00002-of-00003.safetensors"))
    index = {"metadata": {"total_size": 428}, "weight_map": {
        "a": "model-00001-of-00003.safetensors", "b": "model-00002-of-00003.safetensors", "c": "model-00003-of-00003.safetensors"}}
    (tmp_path / "model.safetensors.index.json").write_text(json.dumps(index))
    run = read_run(tmp_path)
    assert run.weights.parameters.value == 107
    assert len(run.weights.files) == 2
    assert any("1 shard(s) not in the folder" in p.message for p in run.problems)


def test_pickled_weights_are_only_measured(tmp_path: Path) -> None:
    (tmp_path / "pytorch_model.bin").write_bytes(b"\x80\x04not really a pickle")
    run = read_run(tmp_path)
    assert run.weights.parameters is None
    assert run.weights.files[0].format == "pytorch" and run.weights.total_bytes == 21
    assert any("parameter count unknown" in p.message for p in run.problems)


def test_adapter_weights_counted_apart(tmp_path: Path) -> None:
    save_file({"lora_A": np.zeros((8, 64), np.float32)}, str(tmp_path / "adapter_model.safetensors"))
    weights = read_run(tmp_path).weights
    assert weights.parameters.value == 512
    assert weights.parameters.source.startswith("adapter safetensors headers")


@pytest.mark.parametrize("content", [b"", b"\x01", struct.pack("<Q", 10**12) + b"{}", struct.pack("<Q", 2) + b"[]"])
def test_bad_headers(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(content)
    with pytest.raises(ValueError):
        safetensors_header(path)
    run = read_run(tmp_path)
    assert any(p.file == "model.safetensors" and "not a readable safetensors file" in p.message for p in run.problems)

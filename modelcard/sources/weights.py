"""Weights files: sizes, and parameter counts from safetensors headers.

A safetensors file starts with an 8-byte little-endian header length and a
JSON header mapping each tensor to its dtype and shape; only that header is
read, never the tensors. Sharded checkpoints are listed by
``model.safetensors.index.json``. Other formats (``pytorch_model.bin`` is a
pickle) are only measured, never opened.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import checkpoints, rel
from modelcard.sources.run import Run, WeightFile, Weights

#: Headers larger than this are not believed (the format caps them at 100 MB).
MAX_HEADER = 100 << 20
_FORMATS: tuple[tuple[str, str], ...] = (
    (".safetensors", "safetensors"),
    (".bin", "pytorch"),
    (".pt", "pytorch"),
    (".pth", "pytorch"),
    (".ckpt", "pytorch"),
    (".h5", "tensorflow"),
    (".keras", "keras"),
    (".msgpack", "flax"),
    (".onnx", "onnx"),
    (".gguf", "gguf"),
)
_NOT_WEIGHTS = ("training_args.bin", "optimizer.bin", "scheduler.bin", "rng_state", "scaler.pt", "optimizer.pt", "scheduler.pt")


def weight_format(path: Path) -> str | None:
    """The weights format of a file name, or None when it is not weights."""
    name = path.name
    if name.startswith(_NOT_WEIGHTS) or name.endswith(".index.json"):
        return None
    for suffix, fmt in _FORMATS:
        if name.endswith(suffix):
            return fmt
    return None


def safetensors_header(path: Path) -> dict[str, Any]:
    """The JSON header of a safetensors file (tensors are not read).

    Raises:
        ValueError: not a safetensors file (bad length, bad JSON).
    """
    with path.open("rb") as handle:
        prefix = handle.read(8)
        if len(prefix) < 8:
            raise ValueError("shorter than the 8-byte header length")
        (length,) = struct.unpack("<Q", prefix)
        size = path.stat().st_size
        if length > MAX_HEADER or 8 + length > size:
            raise ValueError(f"header length {length} does not fit a {size}-byte file")
        header = json.loads(handle.read(length))
    if not isinstance(header, dict):
        raise ValueError("the header is not a JSON object")
    return header


def count_parameters(header: dict[str, Any]) -> dict[str, int]:
    """Parameters per dtype in one safetensors header."""
    counts: dict[str, int] = {}
    for name, info in header.items():
        if name == "__metadata__" or not isinstance(info, dict):
            continue
        shape = info.get("shape")
        dtype = str(info.get("dtype", "unknown"))
        if isinstance(shape, list) and all(isinstance(d, int) for d in shape):
            counts[dtype] = counts.get(dtype, 0) + math.prod(shape)
    return counts


def _candidates(run: Run) -> tuple[Path, list[Path]]:
    """The folder holding the final weights and its weights files."""
    folders = [run.run_dir]
    if run.best is not None and run.best.checkpoint is not None:
        folders.append(run.run_dir / run.best.checkpoint.value)
    folders.extend(reversed(checkpoints(run.run_dir)))
    for folder in folders:
        if folder.is_dir():
            files = sorted(p for p in folder.iterdir() if p.is_file() and weight_format(p))
            if files:
                return folder, files
    return run.run_dir, []


def read(run: Run) -> None:
    """Fill ``run.weights``."""
    folder, files = _candidates(run)
    if not files:
        return
    if folder != run.run_dir:
        run.problem(rel(run, folder), "no weights in the run folder; measured this checkpoint's")
    listed: list[WeightFile] = []
    model_counts: dict[str, int] = {}
    adapter_counts: dict[str, int] = {}
    counted: list[str] = []
    for path in files:
        name = rel(run, path)
        fmt = weight_format(path) or "other"
        listed.append(WeightFile(name, path.stat().st_size, fmt))
        if fmt != "safetensors":
            continue
        try:
            header = safetensors_header(path)
        except (OSError, ValueError) as exc:
            run.problem(name, f"is not a readable safetensors file ({exc})")
            continue
        run.read(name)
        counted.append(name)
        target = adapter_counts if path.name.startswith("adapter_model") else model_counts
        for dtype, count in count_parameters(header).items():
            target[dtype] = target.get(dtype, 0) + count
    _check_index(run, folder, files)
    counts = model_counts or adapter_counts
    parameters = dtypes = None
    if counts:
        what = "adapter " if not model_counts else ""
        source = ", ".join(counted) if len(counted) <= 3 else f"{len(counted)} safetensors headers"
        parameters = Fact(sum(counts.values()), f"{what}safetensors headers: {source}")
        dtypes = Fact(dict(sorted(counts.items(), key=lambda kv: -kv[1])), parameters.source)
    elif run.weights is not None and run.weights.parameters is not None:
        # counted by the framework (Keras fit_params.json) or from a .keras archive's shapes
        parameters, dtypes = run.weights.parameters, run.weights.dtypes
    elif listed:
        run.problem(listed[0].path, "parameter count unknown: only safetensors headers are read (other formats are never loaded)")
    run.weights = Weights(parameters, dtypes, listed, sum(f.size_bytes for f in listed))


def _check_index(run: Run, folder: Path, files: list[Path]) -> None:
    """Shards the index names but the folder lacks."""
    for index in folder.glob("*.safetensors.index.json"):
        name = rel(run, index)
        try:
            data = json.loads(index.read_bytes())
            shards = set(data["weight_map"].values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            run.problem(name, "is not a safetensors index (expected a JSON object with `weight_map`)")
            continue
        run.read(name)
        present = {p.name for p in files}
        missing = sorted(s for s in shards if s not in present)
        if missing:
            run.problem(name, f"lists {len(missing)} shard(s) not in the folder (`{missing[0]}`...); the parameter count is incomplete")

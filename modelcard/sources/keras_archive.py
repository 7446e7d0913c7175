"""The ``.keras`` archive of ``model.save()``: a zip of ``config.json``,
``metadata.json`` and ``model.weights.h5``.

Only the two JSON members are decoded (no code is executed, no layer is
built): the model class (unless it is Keras's ``Sequential`` or
``Functional``) and its layers, the optimizer with its settings, the
loss, the Keras version and the backend (named by the optimizer's module,
``keras.src.backend.torch.optimizers...``). The parameter count comes from the
shapes of the weights file's datasets, read with ``h5py`` (the ``keras``
extra) without reading a value; the optimizer's variables are not counted.

Float settings saved as float32 (``0.0010000000474974513``) are shown as the
decimal that was meant (``0.001``).

Reading is bounded: the archive's member count, each JSON member's
uncompressed size (read at most that far, whatever the header claims), the
layers listed, and the weights file's objects visited. Member names are never
used as paths; an archive with absolute or ``..`` names is not read.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources import fit_params
from modelcard.sources.files import clean, rel
from modelcard.sources.hyperparameters import float32_shortest
from modelcard.sources.run import Run, Weights

MAX_MEMBERS = 10_000
MAX_JSON_BYTES = 32 << 20
MAX_LAYERS = 2_000
MAX_H5_OBJECTS = 200_000
MAX_COMPRESSED_H5 = 64 << 20
#: Layers shown by name and settings; the rest are counted.
SHOWN_LAYERS = 30
#: Keras's own model classes: they say how the layers are wired, not what the model is.
_CONTAINERS = ("", "Sequential", "Functional", "Model")
_BACKEND = re.compile(r"^keras\.(?:src\.)?backend\.(\w+)\.")
#: Top-level groups of the weights file that are not model parameters.
_NOT_PARAMETERS = ("optimizer", "metrics")
#: h5py dtype names -> the names safetensors headers use (as in the rest of the card)
_DTYPES = {"float32": "F32", "float16": "F16", "float64": "F64", "bfloat16": "BF16", "int8": "I8",
           "uint8": "U8", "int32": "I32", "int64": "I64", "int16": "I16", "bool": "BOOL"}


def find(run_dir: Path) -> list[Path]:
    """``*.keras`` files of the run folder, ``model.keras`` first."""
    found = sorted(p for p in run_dir.glob("*.keras") if p.is_file())
    return sorted(found, key=lambda p: p.name != "model.keras")


def read(run: Run) -> bool:
    """Fill the model, hyperparameters, versions and parameter count from the
    first readable archive; whether one was read."""
    archives = find(run.run_dir)
    for index, path in enumerate(archives):
        if _read_archive(run, path):
            for other in archives[index + 1 :]:
                run.problem(rel(run, other), f"not read: the model comes from `{rel(run, path)}`")
            return True
    return False


def _read_archive(run: Run, path: Path) -> bool:
    name = rel(run, path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                run.problem(name, f"holds {len(members)} members (more than {MAX_MEMBERS}); not read")
                return False
            unsafe = [m.filename for m in members if m.filename.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", m.filename)]
            if unsafe:
                run.problem(name, f"has a member outside the archive (`{unsafe[0][:80]}`); not read")
                return False
            by_name = {m.filename: m for m in members}
            config = _json_member(run, name, archive, by_name.get("config.json"))
            metadata = _json_member(run, name, archive, by_name.get("metadata.json"))
            if config is None:
                return False
            run.read(name)
            _fill(run, name, clean(run, f"{name}:config.json", config), clean(run, f"{name}:metadata.json", metadata or {}))
            weights = by_name.get("model.weights.h5")
            if weights is not None:
                _count_parameters(run, name, archive, weights)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        run.problem(name, f"is not a readable zip archive ({exc.__class__.__name__}); expected a `.keras` file from `model.save()`")
        return False
    return True


def _json_member(run: Run, name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo | None) -> dict[str, Any] | None:
    if member is None:
        return None
    where = f"{name}:{member.filename}"
    if member.file_size > MAX_JSON_BYTES:
        run.problem(where, f"is {member.file_size} bytes uncompressed (more than {MAX_JSON_BYTES}); not read")
        return None
    try:
        with archive.open(member) as handle:
            data = handle.read(MAX_JSON_BYTES + 1)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
        run.problem(where, f"cannot be extracted ({exc.__class__.__name__})")
        return None
    if len(data) > MAX_JSON_BYTES:
        run.problem(where, f"is larger than {MAX_JSON_BYTES} bytes uncompressed; not read")
        return None
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        run.problem(where, f"is not valid JSON ({exc.__class__.__name__}); expected Keras's saved model config")
        return None
    if not isinstance(value, dict):
        run.problem(where, "is not a JSON object; expected Keras's saved model config")
        return None
    return value


def _fill(run: Run, name: str, config: dict[str, Any], metadata: dict[str, Any]) -> None:
    if run.framework is None:
        run.framework = Fact("keras", name)
    if run.model.library_name is None:
        run.model.library_name = Fact("keras", name)
    kind = config.get("class_name")
    if isinstance(kind, str) and kind not in _CONTAINERS and run.model.architecture is None:
        run.model.architecture = Fact(kind, f"{name}:config.json:class_name")
    inner = config.get("config") if isinstance(config.get("config"), dict) else {}
    layers = _layers(inner.get("layers"))
    if layers:
        run.model.layers = Fact(layers, f"{name}:config.json:config.layers")
    version = metadata.get("keras_version")
    if isinstance(version, str) and version:
        run.framework_versions.setdefault("keras", Fact(version, f"{name}:metadata.json:keras_version"))
    compile_config = config.get("compile_config") if isinstance(config.get("compile_config"), dict) else {}
    optimizer = compile_config.get("optimizer")
    hp = run.hyperparameters
    source = f"{name}:config.json:compile_config"
    if isinstance(optimizer, dict):
        settings = optimizer.get("config") if isinstance(optimizer.get("config"), dict) else {}
        if settings:
            fit_params.optimizer_settings(hp, settings, f"{name}:config.json", "compile_config.optimizer.config")
        elif isinstance(optimizer.get("class_name"), str):
            hp.setdefault("optimizer", Fact(optimizer["class_name"], f"{source}.optimizer.class_name"))
        module = optimizer.get("module")
        match = _BACKEND.match(module) if isinstance(module, str) else None
        if match and run.backend is None:
            run.backend = Fact(match.group(1), f"{source}.optimizer.module")
    elif isinstance(optimizer, str) and optimizer:
        hp.setdefault("optimizer", Fact(optimizer, f"{source}.optimizer"))
    loss = fit_params.loss_name(compile_config.get("loss"))
    if loss:
        hp.setdefault("loss", Fact(loss, f"{source}.loss"))


def _layers(value: Any) -> list[str]:
    """``["Dense (16 units, relu)", "Dropout (rate 0.1)", ...]``: the top-level layers
    (input layers left out), a nested model by its class name."""
    if not isinstance(value, list):
        return []
    shown: list[str] = []
    total = 0
    for layer in value[:MAX_LAYERS]:
        if not isinstance(layer, dict) or layer.get("class_name") == "InputLayer":
            continue
        total += 1
        if len(shown) < SHOWN_LAYERS:
            shown.append(_describe(layer))
    if len(value) > MAX_LAYERS or total > SHOWN_LAYERS:
        shown.append(f"and {max(total, len(value)) - SHOWN_LAYERS} more")
    return shown


def _describe(layer: dict[str, Any]) -> str:
    kind = str(layer.get("class_name", "?"))[:60]
    config = layer.get("config") if isinstance(layer.get("config"), dict) else {}
    details = []
    for key, label in (("units", "units"), ("filters", "filters"), ("kernel_size", "kernel"), ("rate", "rate"),
                       ("pool_size", "pool"), ("input_dim", "input"), ("output_dim", "output"), ("num_heads", "heads")):
        value = config.get(key)
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            value = "×".join(map(str, value))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = float32_shortest(value)
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            if label in ("units", "filters", "heads"):
                details.append(f"{value} {label[:-1] if value == 1 else label}")
            else:
                details.append(f"{label} {value}")
    activation = config.get("activation")
    if isinstance(activation, str) and activation != "linear":
        details.append(activation[:40])
    return f"{kind} ({', '.join(details)})" if details else kind


def _count_parameters(run: Run, name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Parameters per dtype from the dataset shapes of ``model.weights.h5``."""
    where = f"{name}:{member.filename}"
    if run.weights is not None and run.weights.parameters is not None:
        return  # already counted (safetensors headers come later and win; fit_params.json counted it)
    if member.compress_type != zipfile.ZIP_STORED and member.file_size > MAX_COMPRESSED_H5:
        # h5py seeks back and forth; in a compressed member every seek back decompresses again
        run.problem(where, f"is compressed and {member.file_size} bytes; parameters not counted (Keras stores it uncompressed)")
        return
    try:
        import h5py
    except ImportError:
        run.problem(name, "parameters not counted: reading the weights file's shapes needs h5py (`pip install 'modelcard[keras]'`)")
        return
    counts: dict[str, int] = {}
    visited = 0

    def visit(path: str, item: Any) -> Any:
        nonlocal visited
        visited += 1
        if visited > MAX_H5_OBJECTS:
            return True  # stops the walk
        if path.split("/", 1)[0] in _NOT_PARAMETERS or not isinstance(item, h5py.Dataset):
            return None
        dtype = _DTYPES.get(str(item.dtype), str(item.dtype).upper())
        counts[dtype] = counts.get(dtype, 0) + math.prod(item.shape or ())
        return None

    try:
        with archive.open(member) as handle, h5py.File(handle, "r") as weights:
            weights.visititems(visit)
    except (OSError, ValueError, KeyError, RuntimeError, zipfile.BadZipFile) as exc:
        run.problem(where, f"is not a readable HDF5 weights file ({exc.__class__.__name__}); parameters not counted")
        return
    if visited > MAX_H5_OBJECTS:
        run.problem(where, f"holds more than {MAX_H5_OBJECTS} objects; parameters not counted")
        return
    if not counts:
        return
    source = f"{where} (dataset shapes, optimizer variables excluded)"
    dtypes = Fact(dict(sorted(counts.items(), key=lambda kv: -kv[1])), source)
    run.weights = Weights(Fact(sum(counts.values()), source), dtypes, [], 0)

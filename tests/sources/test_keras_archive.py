from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from modelcard.generate import generate
from modelcard.sources import read_run
from modelcard.sources.keras_archive import MAX_JSON_BYTES


def _archive_run(runs: Path, tmp_path: Path) -> Path:
    run = tmp_path / "run"
    shutil.copytree(runs / "keras_archive", run)
    return run


def _rewrite(path: Path, replace: dict[str, bytes]) -> None:
    """The archive with some members' bytes replaced (or added)."""
    with zipfile.ZipFile(path) as old:
        members = {m.filename: old.read(m) for m in old.infolist()}
    members.update(replace)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)


def test_archive_gives_optimizer_loss_layers_versions_and_parameters(runs: Path, installed_packages) -> None:
    installed_packages({"torch": "2.13.0"})
    run = read_run(runs / "keras_archive")
    hp = {k: f.value for k, f in run.hyperparameters.items()}
    assert hp["optimizer"] == "adam"
    assert hp["learning_rate"] == 0.001  # saved as 0.0010000000474974513
    assert run.hyperparameters["learning_rate"].source == (
        "model.keras:config.json:compile_config.optimizer.config.learning_rate (at the end of training)"
    )
    assert (hp["adam_beta1"], hp["adam_beta2"], hp["adam_epsilon"]) == (0.9, 0.999, 1e-07)
    assert hp["loss"] == "binary_crossentropy"
    assert run.model.architecture is None  # `Sequential` says how layers are wired, not what the model is
    assert run.model.layers.value == ["Dense (16 units, relu)", "Dropout (rate 0.1)", "Dense (1 unit, sigmoid)"]
    assert run.framework_versions["keras"].value == "3.15.1"
    assert run.framework_versions["keras"].source == "model.keras:metadata.json:keras_version"
    assert run.backend.value == "torch"
    assert run.backend.source == "model.keras:config.json:compile_config.optimizer.module"
    # 8×16 + 16 + 16×1 + 1; the Adam moments in the same file are not parameters
    assert run.weights.parameters.value == 161
    assert run.weights.dtypes.value == {"F32": 161}
    assert [f.path for f in run.weights.files] == ["model.keras"]
    assert not any("backend" in p.message for p in run.problems)
    assert run.framework_versions["torch"].value == "2.13.0"  # the backend's version, from the environment
    assert "model.keras" in run.files_read


def test_keras_card_names_what_the_archive_holds(runs: Path, tmp_path: Path, installed_packages) -> None:
    installed_packages({"torch": "2.13.0"})
    run = _archive_run(runs, tmp_path)
    card = generate(run, output=run / "README.md", plot=False)
    body = card.body
    assert "| learning_rate | 0.001 |" in body
    assert "| loss | binary_crossentropy |" in body
    assert "This model was trained with Keras." in body
    assert "Layers (from `model.keras`): Dense (16 units, relu); Dropout (rate 0.1); Dense (1 unit, sigmoid)." in body
    assert "- **Parameters:** 161" in body
    assert "- keras 3.15.1 (recorded in `model.keras:metadata.json:keras_version`)" in body
    assert "the Keras backend, as recorded in `model.keras:config.json:compile_config.optimizer.module`" in body
    assert "is not recorded" not in body and "0.0010000000474974513" not in body


def test_member_outside_the_archive_is_not_read(runs: Path, tmp_path: Path) -> None:
    run = _archive_run(runs, tmp_path)
    _rewrite(run / "model.keras", {"../../evil.json": b"{}"})
    result = read_run(run)
    assert result.model.layers is None and "optimizer" not in result.hyperparameters
    assert any(p.file == "model.keras" and "member outside the archive (`../../evil.json`)" in p.message for p in result.problems)


def test_zip_bomb_config_is_not_decompressed(runs: Path, tmp_path: Path) -> None:
    run = _archive_run(runs, tmp_path)
    _rewrite(run / "model.keras", {"config.json": b" " * (MAX_JSON_BYTES + 1)})
    assert (run / "model.keras").stat().st_size < 200_000
    result = read_run(run)
    assert any(p.file == "model.keras:config.json" and "not read" in p.message for p in result.problems)
    assert result.framework.value == "keras" and len(result.train_log) == 4  # the CSV log still counts


def test_not_a_zip_or_not_json(runs: Path, tmp_path: Path) -> None:
    run = _archive_run(runs, tmp_path)
    _rewrite(run / "model.keras", {"config.json": b"{not json"})
    result = read_run(run)
    assert any(p.file == "model.keras:config.json" and "is not valid JSON" in p.message for p in result.problems)
    (run / "model.keras").write_bytes(b"PK\x03\x04 truncated")
    result = read_run(run)
    assert any(p.file == "model.keras" and "is not a readable zip archive" in p.message for p in result.problems)


def test_weights_file_that_is_not_hdf5(runs: Path, tmp_path: Path) -> None:
    run = _archive_run(runs, tmp_path)
    _rewrite(run / "model.keras", {"model.weights.h5": b"\x89HDF\r\n\x1a\n" + b"\0" * 64})
    result = read_run(run)
    assert result.weights.parameters is None
    assert any(p.file == "model.keras:model.weights.h5" and "not a readable HDF5" in p.message for p in result.problems)


def test_without_h5py_the_card_says_how_to_count(runs: Path) -> None:
    code = (
        "import sys; sys.modules['h5py'] = None\n"
        "from modelcard.sources import read_run\n"
        f"run = read_run({str(runs / 'keras_archive')!r})\n"
        "print(run.weights.parameters)\n"
        "print([p.message for p in run.problems if p.file == 'model.keras'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "None"
    assert "needs h5py (`pip install 'modelcard[keras]'`)" in out


def test_float32_noise_of_fit_params_too(tmp_path: Path) -> None:
    (tmp_path / "fit_params.json").write_text('{"optimizer": {"name": "sgd", "learning_rate": 0.0010000000474974513, "momentum": 0.8999999761581421}}')
    run = read_run(tmp_path)
    assert run.hyperparameters["learning_rate"].value == 0.001
    assert run.hyperparameters["optimizer_args"].value == {"momentum": 0.9}


def test_layers_are_bounded(runs: Path, tmp_path: Path) -> None:
    import json

    run = _archive_run(runs, tmp_path)
    with zipfile.ZipFile(run / "model.keras") as archive:
        config = json.loads(archive.read("config.json"))
    dense = config["config"]["layers"][1]
    config["config"]["layers"] = [dense] * 5000
    buffer = io.BytesIO(json.dumps(config).encode())
    _rewrite(run / "model.keras", {"config.json": buffer.getvalue()})
    layers = read_run(run).model.layers.value
    assert len(layers) == 31 and layers[-1] == "and 4970 more"


def test_a_compressed_weights_file_is_counted_when_small(runs: Path, tmp_path: Path) -> None:
    run = _archive_run(runs, tmp_path)
    _rewrite(run / "model.keras", {})  # rewritten with every member deflated
    with zipfile.ZipFile(run / "model.keras") as archive:
        assert archive.getinfo("model.weights.h5").compress_type == zipfile.ZIP_DEFLATED
    assert read_run(run).weights.parameters.value == 161


def test_an_archive_alone_makes_a_card(runs: Path, tmp_path: Path) -> None:
    (tmp_path / "model.keras").write_bytes((runs / "keras_archive" / "model.keras").read_bytes())
    run = read_run(tmp_path)
    assert run.framework.value == "keras" and run.framework.source == "model.keras"
    assert run.hyperparameters["loss"].value == "binary_crossentropy"
    assert not len(run.train_log)
    assert any("no training or evaluation values found" in p.message for p in run.problems)

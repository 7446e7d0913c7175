"""Training compute, time, energy and weights hashes of real runs (tests/fixtures/document)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from modelcard.sources import read_run
from modelcard.sources.weights import count_parameters, safetensors_header
from modelcard.techspecs import technical_specs
from modelcard.techspecs.compute import Compute
from modelcard.techspecs.numbers import power_of_ten, significant
from modelcard.techspecs.thresholds import compare

RUNS = Path(__file__).resolve().parents[1] / "fixtures" / "document"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_trainer_compute_is_total_flos_and_covers_both_parts_of_a_resumed_run() -> None:
    run_dir = RUNS / "trainer-resumed"
    state = json.loads((run_dir / "trainer_state.json").read_text())
    specs = technical_specs(read_run(run_dir))
    assert specs.compute is not None
    assert specs.compute.method == "trainer-total-flos"
    assert specs.compute.flop == state["total_flos"]
    # total_flos is 6 x tokens x non-embedding parameters over every step, both parts included:
    # 8 steps x 8 samples x 12 tokens, the first 4 steps before the interruption.
    header = safetensors_header(run_dir / "model.safetensors")
    # the embedding matrices (word, position, token type); their LayerNorm counts
    non_embedding = sum(count_parameters({k: v for k, v in header.items() if not k.endswith("_embeddings.weight")}).values())
    assert state["num_input_tokens_seen"] == 8 * 8 * 12
    assert specs.compute.flop == 6 * non_embedding * 8 * 8 * 12


def test_a_resumed_run_adds_up_its_tracked_parts() -> None:
    run_dir = RUNS / "trainer-resumed"
    rows = _rows(run_dir / "emissions.csv")
    assert len({r["run_id"] for r in rows}) == 2
    specs = technical_specs(read_run(run_dir))
    assert specs.time is not None and specs.time.segments == 2
    assert specs.time.seconds == pytest.approx(sum(float(r["duration"]) for r in rows))
    assert specs.time.devices is not None and specs.time.devices.kind == "CPU machine"
    assert specs.energy is not None
    assert specs.energy.kwh == pytest.approx(sum(float(r["energy_consumed"]) for r in rows))
    assert specs.energy.mwh == pytest.approx(specs.energy.kwh / 1000)
    caveats = json.loads((run_dir / "emissions_caveats.json").read_text())
    assert {specs.energy.basis} == {r["energy_basis"] for r in caveats["runs"]}


def test_weights_hashes_are_the_sha256_of_the_files() -> None:
    for name, weights in (("trainer-resumed", "model.safetensors"), ("keras", "model.keras"), ("lightning", "model.safetensors")):
        specs = technical_specs(read_run(RUNS / name))
        data = (RUNS / name / weights).read_bytes()
        assert [(d.path, d.size_bytes, d.sha256) for d in specs.digests] == [
            (weights, len(data), hashlib.sha256(data).hexdigest())
        ]


def test_lightning_compute_is_estimated_from_parameters_and_samples() -> None:
    run_dir = RUNS / "lightning"
    specs = technical_specs(read_run(run_dir))
    params = sum(count_parameters(safetensors_header(run_dir / "model.safetensors")).values())
    assert params == 4 * 8 + 8 + 8 + 1
    # 3 epochs of 64 samples in batches of 16: 12 steps (metrics.csv) x 16 (hparams.yaml)
    assert specs.compute is not None and specs.compute.method == "parameters-samples"
    assert specs.compute.flop == 6 * params * 12 * 16
    assert any("hparams.yaml:batch_size" in s for s in specs.compute.sources)
    assert any("metrics.csv:step" in s for s in specs.compute.sources)


def test_keras_compute_is_unknown_without_the_batch_size_and_says_why() -> None:
    specs = technical_specs(read_run(RUNS / "keras"))
    assert specs.compute is None and specs.thresholds == []
    [why] = [u for u in specs.unknown if u.startswith("training compute")]
    assert "total_flos" in why and "samples processed" in why
    assert specs.parameters is not None and specs.parameters.value == 49  # fit_params.json: model.count_params()
    assert specs.time is not None and specs.energy is not None


def test_keras_compute_with_a_recorded_batch_size(tmp_path: Path) -> None:
    """Older Keras passed `batch_size` to callbacks: then samples = epochs logged x steps x batch."""
    run_dir = tmp_path / "keras"
    shutil.copytree(RUNS / "keras", run_dir)
    params = json.loads((run_dir / "fit_params.json").read_text())
    (run_dir / "fit_params.json").write_text(json.dumps({**params, "batch_size": 16}))
    specs = technical_specs(read_run(run_dir))
    # 48 training samples (64 with validation_split=0.25) x 3 epochs = 3 epochs x 3 steps x 16
    assert specs.compute is not None and specs.compute.method == "parameters-samples"
    assert specs.compute.flop == 6 * 49 * 3 * 3 * 16
    assert specs.compute.sources[1] == (
        "fit_params.json:steps × 3 epochs logged in history.json × fit_params.json:batch_size "
        "(per-device batch; one device assumed: the device count is not recorded)"
    )


def test_an_adapter_s_parameters_never_stand_for_the_model_s(tmp_path: Path) -> None:
    """A LoRA run's weights are the adapter's: 6 x adapter parameters x samples would be far too low."""
    np = pytest.importorskip("numpy")
    from safetensors.numpy import save_file

    real = RUNS.parent / "generate" / "qlora-checkpoint" / "trainer_state.json"
    state = json.loads(real.read_text())
    run_dir = tmp_path / "lora"
    run_dir.mkdir()
    save_file({"base_model.model.q_proj.lora_A.weight": np.zeros((8, 64), dtype=np.float32)}, str(run_dir / "adapter_model.safetensors"))
    shutil.copy(real, run_dir / "trainer_state.json")
    specs = technical_specs(read_run(run_dir))
    assert specs.compute is not None and specs.compute.flop == state["total_flos"]  # the Trainer's figure stands
    (run_dir / "trainer_state.json").write_text(json.dumps({k: v for k, v in state.items() if k != "total_flos"}))
    specs = technical_specs(read_run(run_dir))
    assert specs.parameters is not None and specs.parameters.value == 8 * 64
    assert specs.compute is None
    [why] = [u for u in specs.unknown if u.startswith("training compute")]
    assert "only the adapter's parameters are counted" in why


def test_hardware_estimate_is_an_upper_bound_from_a_known_gpu() -> None:
    run_dir = RUNS / "t4-notebook"
    rows = _rows(run_dir / "emissions.csv")
    assert {r["gpu_model"] for r in rows} == {"1 x Tesla T4"}
    specs = technical_specs(read_run(run_dir))
    # the reader counts the runs of the last row's project (the other notebook's run is left out)
    seconds = sum(float(r["duration"]) for r in rows if r["project_name"] == rows[-1]["project_name"])
    assert specs.time is not None and specs.time.seconds == pytest.approx(seconds)
    assert specs.compute is not None and specs.compute.method == "hardware-peak" and specs.compute.upper_bound
    assert specs.compute.flop == pytest.approx(1 * seconds * 8.1e12)  # FP32 peak: no mixed precision recorded
    assert "real utilisation is lower" in specs.compute.description
    assert [t.relation for t in specs.thresholds] == ["below", "below"]


def test_thresholds_are_stated_not_judged() -> None:
    above = compare(Compute(2.4e25, "trainer-total-flos", "", ()), modification=False)
    assert [(t.threshold, t.relation) for t in above] == [("gpai-indicative", "above"), ("systemic-risk-presumption", "above")]
    assert above[1].text.startswith("2.40 × 10^25 FLOP is above 10^25 FLOP")
    bound = compare(Compute(3e23, "hardware-peak", "", (), upper_bound=True), modification=True)
    assert [(t.threshold, t.relation) for t in bound] == [
        ("gpai-indicative", "undetermined"),
        ("systemic-risk-presumption", "below"),
        ("modification-one-third", "undetermined"),
        ("modification-one-third-systemic", "below"),
    ]
    assert bound[2].flop == pytest.approx(1e23 / 3) and "3.3 × 10^22 FLOP" in bound[2].text


def test_numbers_keep_three_significant_figures() -> None:
    assert power_of_ten(11805696.0) == "1.18 × 10^7"
    assert significant(0.0000047812) == "0.00000478"
    assert significant(80.487) == "80.5"
    assert significant(123456.0) == "123,000"

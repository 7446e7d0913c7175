"""The card's "Training compute and energy" region, as `modelcard generate` writes it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from modelcard.generate import generate_card
from modelcard.generate.regions import region_contents

RUNS = Path(__file__).resolve().parents[1] / "fixtures" / "document"


def _region(run_dir: Path) -> str:
    card = generate_card(run_dir, plot=False).card
    return region_contents(card.body, where="card")["training-compute"]


def test_a_trainer_run_s_region_states_each_figure_with_its_method_and_source() -> None:
    region = _region(RUNS / "trainer-resumed")
    sha = hashlib.sha256((RUNS / "trainer-resumed" / "model.safetensors").read_bytes()).hexdigest()
    assert (
        "- **Training compute:** 1.18 × 10^7 FLOP: the Trainer's `total_flos`: 6 × tokens × non-embedding "
        "parameters summed over every training step (from `trainer_state.json:log_history[6].total_flos`)\n"
    ) in region
    assert "- **Training time:** 7.6 seconds wall-clock: time codecarbon tracked while training ran, 2 tracked runs added up" in region
    assert "- **Training energy:** 0.0000592 kWh (0.0000000592 MWh): codecarbon 3.3.2, read from `emissions.csv`: estimated:" in region
    assert f"  - `model.safetensors`: `{sha}`\n" in region
    assert "(information for the provider, not a legal assessment):\n- 1.18 × 10^7 FLOP is at or below 10^23 FLOP" in region
    assert "Not in the run's files" not in region


def test_what_the_files_do_not_tell_is_listed_not_invented() -> None:
    region = _region(RUNS / "keras")
    assert "Training compute:" not in region and "FLOP" not in region.split("Not in the run's files:")[0]
    assert "\nNot in the run's files:\n- training compute unknown: no `total_flos`" in region


def test_regenerating_gives_the_same_region(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    shutil.copytree(RUNS / "lightning", run_dir)
    assert _region(run_dir) == _region(run_dir)
    assert "6 × parameters × training samples = 6 × 49 × 192" in _region(run_dir)

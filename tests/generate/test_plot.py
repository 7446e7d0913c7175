from __future__ import annotations

import math
from array import array

import pytest

from modelcard.generate import plot

np = pytest.importorskip("numpy")


@pytest.mark.parametrize("n", [10, plot.MAX_POINTS, plot.MAX_POINTS + 1, 12_345, 300_000])
def test_long_curves_keep_their_spikes_ends_and_order(n: int) -> None:
    xs = array("d", range(n))
    ys = array("d", (math.sin(i / 50) for i in range(n)))
    ys[n // 3 + 3] = 40.0  # one-step spikes
    ys[n // 2 + 3] = -40.0
    ys[1] = math.nan  # a gap
    xs[2] = math.inf
    x, y = plot._thin(xs, ys)
    assert len(x) == len(y) <= plot.MAX_POINTS + 2
    assert y.max() == 40.0 and y.min() == -40.0
    assert x[0] == 0 and x[-1] == n - 1 and (np.diff(x) > 0).all()
    assert np.isfinite(x).all() and np.isfinite(y).all()
    if n - 2 <= plot.MAX_POINTS:  # short curves: every finite point
        assert len(x) == n - 2


def test_curves_with_nothing_to_draw_are_not_linked(tmp_path) -> None:
    import json

    from modelcard.generate import generate

    pytest.importorskip("matplotlib")
    log = [{"loss": float("nan"), "step": step, "epoch": step / 10} for step in range(1, 4)]
    (tmp_path / "trainer_state.json").write_text(json.dumps({"global_step": 3, "log_history": log}))
    card = generate(tmp_path, output=tmp_path / "README.md")
    assert not (tmp_path / "training_curves.png").exists()
    assert "training_curves.png" not in card.dumps()

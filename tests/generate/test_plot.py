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

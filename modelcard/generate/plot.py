"""The training-curve picture: loss and evaluation metrics over steps.

Optional: drawn only when matplotlib is installed (``pip install
'modelcard[plot]'``), with the Agg canvas (no display, no global backend).
"""

from __future__ import annotations

import io
import math
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from modelcard.generate.derive import metric_key, metric_name

if TYPE_CHECKING:
    from modelcard.sources.logtable import LogTable
    from modelcard.sources.run import Run

#: Most points drawn per curve. A longer curve is drawn as the lowest and the
#: highest value of each of ``MAX_POINTS // 2`` stretches (with its first and
#: last point): at the picture's resolution the same line, spikes included.
MAX_POINTS = 1000


def _xy(table: LogTable, x_key: str, y_key: str) -> tuple[array, array]:
    return table.array(x_key), table.array(y_key)


def _any_finite(xs: Sequence[float], ys: Sequence[float]) -> bool:
    return any(math.isfinite(x) and math.isfinite(y) for x, y in zip(xs, ys))


def _thin(xs: Sequence[float], ys: Sequence[float]) -> tuple[Any, Any]:
    """The finite points of a curve, at most about :data:`MAX_POINTS` of them (numpy arrays)."""
    import numpy as np

    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(y)
    if n <= MAX_POINTS:
        return x, y
    size = -(-n // (MAX_POINTS // 2))  # points per stretch, the last one shorter
    whole = n - n % size
    stretches = y[:whole].reshape(-1, size)
    starts = np.arange(0, whole, size)
    picked = [np.array([0, n - 1]), starts + stretches.argmin(axis=1), starts + stretches.argmax(axis=1)]
    if whole < n:
        picked.append(np.array([whole + y[whole:].argmin(), whole + y[whole:].argmax()]))
    index = np.unique(np.concatenate(picked))  # sorted: the points stay in log order
    return x[index], y[index]


def available() -> bool:
    """Whether matplotlib is installed (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


def _x_key(run: Run) -> str:
    return "step" if "step" in run.train_log.columns or "step" in run.eval_log.columns else "epoch"


#: The training loss drawn: the most frequent one first (per step before per epoch).
_LOSS_KEYS = ("loss", "train_loss", "train/loss", "train_loss_step", "train/loss_step", "train_loss_epoch", "train/loss_epoch")


def _loss_key(run: Run) -> str | None:
    return next((key for key in _LOSS_KEYS if key in run.train_log.columns), None)


def has_curves(run: Run) -> bool:
    """Whether the run logged anything to draw over steps (or epochs)."""
    x_key = _x_key(run)
    if _loss_key(run) and x_key in run.train_log.columns and len(run.train_log):
        return True
    return x_key in run.eval_log.columns and any(
        metric_key(k) is not None and k not in ("step", "epoch") for k in run.eval_log.columns
    )


def curves(run: Run) -> dict[str, Any] | None:
    """What the picture shows (no matplotlib needed), or None when nothing
    finite was logged over steps.

    Returns:
        ``{"x": x_key, "panels": [{"title": ..., "curves": [[label, xs, ys], ...]}, ...]}``:
        a loss panel and an evaluation-metrics panel, each only when it has a
        curve; ``xs`` and ``ys`` are whole log columns (``array('d')``, NaN in gaps).
    """
    x_key = _x_key(run)
    loss_curves = []
    loss_key = _loss_key(run)
    if loss_key and x_key in run.train_log.columns:
        loss_curves.append(["training loss", *_xy(run.train_log, x_key, loss_key)])
    metric_curves = []
    if x_key in run.eval_log.columns:
        for logged in run.eval_log.columns:
            key = metric_key(logged)
            if key is None or logged in ("step", "epoch"):
                continue
            xs, ys = _xy(run.eval_log, x_key, logged)
            if key == "loss":
                loss_curves.append(["validation loss", xs, ys])
            else:
                metric_curves.append([metric_name(key), xs, ys])
    panels = [
        {"title": title, "curves": drawn}
        for title, panel in (("loss", loss_curves), ("evaluation metrics", metric_curves))
        if (drawn := [curve for curve in panel if _any_finite(curve[1], curve[2])])
    ]
    return {"x": x_key, "panels": panels} if panels else None


def draw(picture: dict[str, Any]) -> bytes:
    """The PNG of what :func:`curves` returned (imports matplotlib)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    panels = picture["panels"]
    fig = Figure(figsize=(6.4 * len(panels), 4.0), dpi=100)
    FigureCanvasAgg(fig)
    for i, panel in enumerate(panels, start=1):
        ax = fig.add_subplot(1, len(panels), i)
        for label, xs, ys in panel["curves"]:
            x, y = _thin(xs, ys)
            ax.plot(x, y, label=label, linewidth=1, marker="o" if len(x) <= 30 else None, markersize=3)
        ax.set_xlabel(picture["x"])
        ax.set_title(panel["title"])
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.subplots_adjust(left=0.08 / len(panels) + 0.02, right=0.98, bottom=0.13, top=0.9, wspace=0.25)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def training_curves(run: Run) -> bytes | None:
    """A PNG of the curves, or None when matplotlib is missing or nothing was logged over steps."""
    try:
        import matplotlib.backends.backend_agg  # noqa: F401
        import matplotlib.figure  # noqa: F401
    except ImportError:
        return None
    picture = curves(run)
    return draw(picture) if picture is not None else None

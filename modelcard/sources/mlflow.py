"""MLflow file stores: ``mlruns/<experiment>/<run>/`` read as plain files.

A run folder holds ``meta.yaml``, ``params/<name>`` (one value as text),
``metrics/<name>`` (one ``timestamp value step`` line per logged value) and
``tags/<name>``; names with ``/`` are nested folders. The newest run
(``start_time`` in its ``meta.yaml``) is read; the others are named as not
read. Params are the hyperparameters (the Trainer's ``MLflowCallback`` logs
its arguments and the model configuration there); tags (user name, source
file, git commit) and ``meta.yaml``'s artifact location are machine details
and never reach the card. No MLflow package is needed.

Bounded: experiments and runs listed, files per folder, folder depth, bytes
per file and lines per metric.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path
from typing import Any

from modelcard.sources.files import rel
from modelcard.sources.logged import Logged, apply, load_yaml
from modelcard.sources.run import Run

STORE = "mlruns"
MAX_RUNS = 10_000
MAX_FILES = 2_000
MAX_DEPTH = 4
MAX_PARAM_BYTES = 64 << 10
MAX_METRIC_BYTES = 64 << 20
MAX_POINTS = 1_000_000
_LITERAL_MAX = 4_000


def _runs(store: Path) -> list[Path]:
    found = []
    for experiment in sorted(store.iterdir()):
        if not experiment.is_dir() or experiment.name.startswith(".") or not (experiment / "meta.yaml").is_file():
            continue
        for run in sorted(experiment.iterdir()):
            if run.is_dir() and (run / "meta.yaml").is_file() and (run / "metrics").is_dir():
                found.append(run)
            if len(found) >= MAX_RUNS:
                return found
    return found


def _start_time(folder: Path) -> float:
    try:
        if (folder / "meta.yaml").stat().st_size > MAX_PARAM_BYTES:
            return 0.0
        meta = load_yaml((folder / "meta.yaml").read_text(encoding="utf-8"))
        value = meta.get("start_time") if isinstance(meta, dict) else None
        return float(value) if isinstance(value, (int, float)) else 0.0
    except (OSError, UnicodeDecodeError, ValueError):
        return 0.0


def _files(folder: Path) -> list[tuple[str, Path]]:
    """``(name, path)`` of the files under ``folder`` (nested names joined with ``/``)."""
    out: list[tuple[str, Path]] = []

    def walk(current: Path, prefix: str, depth: int) -> None:
        for entry in sorted(current.iterdir()):
            if len(out) >= MAX_FILES:
                return
            name = f"{prefix}{entry.name}"
            if entry.is_file() and not entry.is_symlink():
                out.append((name, entry))
            elif entry.is_dir() and not entry.is_symlink() and depth < MAX_DEPTH:
                walk(entry, f"{name}/", depth + 1)

    if folder.is_dir():
        walk(folder, "", 1)
    return out


def parse_value(text: str) -> Any:
    """A param as MLflow stored it (``str(value)``) back to a value."""
    text = text.strip()
    if text in ("None", ""):
        return None
    if text in ("True", "False"):
        return text == "True"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
        return number if math.isfinite(number) else text
    except ValueError:
        pass
    if text[:1] in "[{(" and len(text) <= _LITERAL_MAX:
        try:
            return ast.literal_eval(text)  # literals only: nothing is evaluated
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return text
    return text


def read(run: Run) -> None:
    """Apply the newest run of ``mlruns/`` to the run."""
    store = run.run_dir / STORE
    if not store.is_dir():
        return
    runs = _runs(store)
    if not runs:
        return
    newest = max(runs, key=lambda r: (_start_time(r), r.name))
    for other in runs:
        if other != newest:
            run.problem(rel(run, other), f"not read: the MLflow history comes from `{rel(run, newest)}`")
    source = rel(run, newest)
    logged = Logged("MLflow", source, params_source=f"{source}/params")
    for name, path in _files(newest / "params"):
        try:
            if path.stat().st_size <= MAX_PARAM_BYTES:
                logged.params[name] = parse_value(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    if "model_type" in logged.params:
        logged.model_config, logged.config_source = dict(logged.params), logged.params_source
    for name, path in _files(newest / "metrics"):
        _metric(logged, name, path)
    run.read(source)
    apply(run, logged)


def _metric(logged: Logged, name: str, path: Path) -> None:
    try:
        size = path.stat().st_size
        if size > MAX_METRIC_BYTES:
            logged.unread.append(f"metric `{name}` is {size} bytes (more than {MAX_METRIC_BYTES}); not read")
            return
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    points, times, bad = [], [], 0
    for line in lines[:MAX_POINTS]:
        parts = line.split()
        try:
            value, step = float(parts[1]), float(parts[2]) if len(parts) > 2 else float(len(points))
            times.append(float(parts[0]) / 1000)  # milliseconds
        except (IndexError, ValueError):
            bad += 1
            continue
        points.append((step, value))
    if times:
        logged.saw(min(times), max(times))
    if bad:
        logged.unread.append(f"metric `{name}`: {bad} line(s) that are not `timestamp value step` skipped")
    if len(lines) > MAX_POINTS:
        logged.unread.append(f"metric `{name}` has {len(lines)} values; the first {MAX_POINTS} were read")
    if points:
        logged.series[name] = points

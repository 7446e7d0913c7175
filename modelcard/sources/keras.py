"""Keras logs: a ``History.history`` JSON dump or a ``CSVLogger`` file.

``History.history`` is ``{"loss": [...], "val_loss": [...], ...}``, one value
per epoch; CSVLogger writes one row per epoch with a 0-based ``epoch`` column.
Rows get ``epoch`` as epochs completed (1 for the first), like the Trainer's.
Keys starting with ``val_`` (or holding ``_val_``, for multi-output models)
are validation metrics and go to ``eval_log``; the rest to ``train_log``.
The ``fit()`` settings beside them (``fit_params.json``, written by the card
callback) are read by :mod:`modelcard.sources.fit_params`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources import fit_params, keras_archive
from modelcard.sources.files import read_csv, read_json, rel
from modelcard.sources.hyperparameters import float32_shortest
from modelcard.sources.logtable import LogTable
from modelcard.sources.run import Run

_SKIP_CSV = ("emissions", "metrics.csv")
_PREFERRED_JSON = ("history.json", "training_history.json")


def is_validation(key: str) -> bool:
    lower = key.lower()
    return lower.startswith(("val_", "val-", "valid_", "validation_")) or "_val_" in lower


def find_logs(run_dir: Path) -> list[Path]:
    """CSVLogger files first, then history JSON files (preferred names first)."""
    csvs = []
    for path in sorted(run_dir.glob("*.csv")):
        if any(part in path.name for part in _SKIP_CSV) or not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8-sig", errors="replace") as handle:
                header = [h.strip() for h in handle.readline().split(",")]
        except OSError:
            continue
        if "epoch" in header and "step" not in header:
            csvs.append(path)
    jsons = sorted(
        (p for p in run_dir.glob("*history*.json") if p.is_file()),
        key=lambda p: (p.name not in _PREFERRED_JSON, _PREFERRED_JSON.index(p.name) if p.name in _PREFERRED_JSON else 0, p.name),
    )
    return csvs + jsons


def read(run: Run) -> None:
    """Fill the run from the first readable Keras log (naming the others) and
    from the ``fit()`` settings in ``fit_params.json``."""
    logs = find_logs(run.run_dir)
    name, epochs = None, None
    for index, path in enumerate(logs):
        columns = _read_csv(run, path) if path.suffix == ".csv" else _read_json(run, path)
        if columns is None:
            continue
        name = rel(run, path)
        epochs = _fill(run, name, columns)
        for other in logs[index + 1 :]:
            run.problem(rel(run, other), f"not read: the training log comes from `{name}`")
        break
    if fit_params.read(run, logged_epochs=epochs) and name is None:
        name = fit_params.FIT_PARAMS
        run.framework = Fact("keras", name)
        if run.model.library_name is None:
            run.model.library_name = Fact("keras", name)
    keras_archive.read(run)
    if epochs is not None:
        run.hyperparameters.setdefault("num_epochs", Fact(epochs, f"{name} (epochs logged)"))


def _read_json(run: Run, path: Path) -> dict[str, list[Any]] | None:
    name = rel(run, path)
    history = read_json(run, path, expect="a Keras `History.history` JSON object of lists")
    if history is None:
        return None
    columns = {k: v for k, v in history.items() if isinstance(v, list) and v and all(_is_number(x) for x in v)}
    if not columns:
        run.problem(name, "holds no lists of numbers (expected a Keras `History.history` object such as `{\"loss\": [...]}`)")
        return None
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        run.problem(name, f"lists of different lengths ({min(lengths)} to {max(lengths)} epochs); rows lack the missing values")
    return {"epoch": list(range(1, max(lengths) + 1)), **columns}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _read_csv(run: Run, path: Path) -> dict[str, list[Any]] | None:
    name = rel(run, path)
    table = read_csv(run, path, expect="a Keras CSVLogger file")
    if table is None:
        return None
    header, reader = table
    if "epoch" not in header:
        run.problem(name, "has no `epoch` column (expected a Keras CSVLogger file)")
        return None
    columns: dict[str, list[Any]] = {h: [] for h in header if h}
    bad = 0
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (c.strip() for c in cells)))
        epoch = _parse(values.get("epoch", ""))
        if not isinstance(epoch, (int, float)) or math.isnan(epoch):
            bad += 1
            continue
        for key in columns:
            value = _parse(values.get(key, ""))
            columns[key].append(int(epoch) + 1 if key == "epoch" else value)
    if bad:
        run.problem(name, f"{bad} row(s) without a numeric `epoch` skipped")
    if not columns["epoch"]:
        run.problem(name, "has no rows (expected one row per epoch)")
        return None
    return columns


def _parse(cell: str) -> Any:
    if cell == "":
        return None
    try:
        number = float(cell)
    except ValueError:
        return cell
    return int(number) if number.is_integer() and "." not in cell and "e" not in cell.lower() else number


def _fill(run: Run, name: str, columns: dict[str, list[Any]]) -> int:
    """The log's rows, last evaluation and learning rate; returns the number of epochs logged."""
    run.framework = Fact("keras", name)
    if run.model.library_name is None:
        run.model.library_name = Fact("keras", name)
    epochs = columns.pop("epoch")
    run.train_log = LogTable(name)
    run.eval_log = LogTable(name)
    train_keys = [k for k in columns if not is_validation(k)]
    eval_keys = [k for k in columns if is_validation(k)]
    non_finite = set()
    for index, epoch in enumerate(epochs):
        for keys, table in ((train_keys, run.train_log), (eval_keys, run.eval_log)):
            row: dict[str, Any] = {"epoch": epoch}
            for key in keys:
                values = columns[key]
                if index < len(values) and values[index] is not None:
                    value = values[index]
                    row[key] = value
                    if isinstance(value, float) and not math.isfinite(value):
                        non_finite.add(key)
            if len(row) > 1:
                table.append(row, index)
    if non_finite:
        run.problem(name, f"NaN or infinite values ({', '.join(f'`{k}`' for k in sorted(non_finite))}); kept as logged")
    if len(run.eval_log):
        last = run.eval_log[len(run.eval_log) - 1]
        for key, value in last.items():
            run.final_eval[key] = Fact(value, f"{name}:{key} (epoch {last['epoch']})")
    for key in ("learning_rate", "lr"):
        values = columns.get(key)
        if values and values[0] is not None:
            run.hyperparameters.setdefault("learning_rate", Fact(float32_shortest(values[0]), f"{name}:{key} (first epoch)"))
            break
    return len(epochs)

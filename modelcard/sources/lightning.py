"""PyTorch Lightning's CSVLogger output: ``metrics.csv`` + ``hparams.yaml``.

``metrics.csv`` is sparse: each row fills only the columns logged at that
step (training values on most rows, validation values on a few). Columns
starting with ``val``/``valid`` are validation metrics (``eval_log``), ``test``
ones end in ``test_metrics``, the rest are training values. ``hparams.yaml``
is loaded safely: Python-specific tags are read as plain data or left out,
never constructed.

The run folder may be a ``version_N`` folder itself or hold
``lightning_logs/version_N/``; the highest version is read.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import Any

from modelcard.facts import Fact
from modelcard.sources.files import clean, read_csv, read_text, rel
from modelcard.sources.hyperparameters import add_totals
from modelcard.sources.logtable import LogTable
from modelcard.sources.run import Run

METRICS = "metrics.csv"
HPARAMS = "hparams.yaml"
_VERSION = re.compile(r"version_(\d+)$")
#: last component of an hparams key -> canonical hyperparameter
_ALIASES = {
    "lr": "learning_rate",
    "learning_rate": "learning_rate",
    "batch_size": "train_batch_size",
    "train_batch_size": "train_batch_size",
    "eval_batch_size": "eval_batch_size",
    "val_batch_size": "eval_batch_size",
    "seed": "seed",
    "max_epochs": "num_epochs",
    "epochs": "num_epochs",
    "num_epochs": "num_epochs",
    "max_steps": "max_steps",
    "weight_decay": "weight_decay",
    "optimizer": "optimizer",
    "warmup_steps": "warmup_steps",
    "warmup_ratio": "warmup_ratio",
    "precision": "mixed_precision",
    "accumulate_grad_batches": "gradient_accumulation_steps",
    "gradient_accumulation_steps": "gradient_accumulation_steps",
    "scheduler": "lr_scheduler_type",
    "lr_scheduler": "lr_scheduler_type",
    "devices": "num_devices",
    "gpus": "num_devices",
}


def find_version(run_dir: Path) -> tuple[Path | None, list[Path]]:
    """The folder holding metrics.csv to read, and the other versions."""
    if (run_dir / METRICS).is_file():
        return run_dir, []
    candidates = []
    for metrics in list(run_dir.glob(f"version_*/{METRICS}")) + list(run_dir.glob(f"*/version_*/{METRICS}")):
        match = _VERSION.search(metrics.parent.name)
        if match:
            candidates.append((int(match.group(1)), metrics.stat().st_mtime, metrics.parent))
    if not candidates:
        return None, []
    candidates.sort()
    return candidates[-1][2], [c[2] for c in candidates[:-1]]


def read(run: Run) -> None:
    """Fill the run from the latest version's metrics.csv and hparams.yaml."""
    folder, others = find_version(run.run_dir)
    if folder is None:
        if (run.run_dir / HPARAMS).is_file():
            read_hparams(run, run.run_dir / HPARAMS)
            if run.hyperparameters or run.extra_hyperparameters:
                run.framework = Fact("lightning", HPARAMS)
        return
    if others:
        run.problem(
            rel(run, folder),
            f"read the latest of {len(others) + 1} Lightning versions; not read: "
            + ", ".join(f"`{rel(run, o)}`" for o in others[:5]) + (" ..." if len(others) > 5 else ""),
        )
    if _read_metrics(run, folder / METRICS):
        run.framework = Fact("lightning", rel(run, folder / METRICS))
    if (folder / HPARAMS).is_file():
        read_hparams(run, folder / HPARAMS)


def _kind(column: str) -> str:
    lower = column.lower()
    if column in ("epoch", "step"):
        return "index"
    if lower.startswith(("val", "valid")):
        return "eval"
    if lower.startswith("test"):
        return "test"
    return "train"


def _number(cell: str) -> Any:
    try:
        value = float(cell)
    except ValueError:
        return cell
    return int(value) if value.is_integer() and not any(c in cell for c in ".eEnN") else value


def _read_metrics(run: Run, path: Path) -> bool:
    name = rel(run, path)
    table = read_csv(run, path, expect="Lightning's metrics.csv")
    if table is None:
        return False
    header, reader = table
    if not header or "step" not in header:
        run.problem(name, "has no `step` column (expected Lightning's metrics.csv: `epoch,step,<metrics>`)")
        return False
    kinds = {column: _kind(column) for column in header if column}
    run.train_log = LogTable(name)
    run.eval_log = LogTable(name)
    non_finite: set[str] = set()
    for index, cells in enumerate(reader):
        values = {k: _number(c.strip()) for k, c in zip(header, cells) if k and c.strip()}
        for value_key, value in values.items():
            if isinstance(value, float) and not math.isfinite(value):
                non_finite.add(value_key)
        by_kind: dict[str, dict[str, Any]] = {"train": {}, "eval": {}, "test": {}}
        index_values = {k: v for k, v in values.items() if kinds.get(k) == "index"}
        for key, value in values.items():
            kind = kinds.get(key, "train")
            if kind != "index":
                by_kind[kind][key] = value
        if by_kind["train"]:
            run.train_log.append({**index_values, **by_kind["train"]}, index)
        if by_kind["eval"]:
            run.eval_log.append({**index_values, **by_kind["eval"]}, index)
        for key, value in by_kind["test"].items():
            run.test_metrics[key] = Fact(value, f"{name}:{key} (row {index + 2})")
    if not len(run.train_log) and not len(run.eval_log) and not run.test_metrics:
        run.problem(name, "has no metric values (expected rows of `epoch,step,<metrics>`)")
        return False
    if non_finite:
        run.problem(name, f"NaN or infinite values ({', '.join(f'`{k}`' for k in sorted(non_finite))}); kept as logged")
    epochs_logged(run, name)
    if len(run.eval_log):
        last_index = len(run.eval_log) - 1
        line = run.eval_log.positions[last_index] + 2
        for key, value in run.eval_log[last_index].items():
            run.final_eval[key] = Fact(value, f"{name}:{key} (line {line})")
    return True


def epochs_logged(run: Run, name: str) -> None:
    """``num_epochs`` from the ``epoch`` column (Lightning counts from 0); the
    hyperparameters read later (``max_epochs``) do not replace it."""
    epochs = [e for table in (run.train_log, run.eval_log) if "epoch" in table.columns for e in table.array("epoch") if e == e]
    if not epochs:
        return
    last = int(max(epochs))
    run.hyperparameters["num_epochs"] = Fact(last + 1, f"{name}:epoch (epochs 0 to {last} logged)")


def read_hparams(run: Run, path: Path) -> None:
    import yaml

    name = rel(run, path)
    text = read_text(run, path)
    if text is None:
        return
    try:
        data = yaml.load(text, Loader=_plain_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        run.problem(name, f"is not valid YAML ({str(exc).splitlines()[0]}); expected Lightning's hparams mapping")
        return
    if data is None:
        return
    if not isinstance(data, dict):
        run.problem(name, "expected a mapping of hyperparameters")
        return
    data = clean(run, name, data)
    flat: dict[str, Any] = {}
    _flatten(data, "", flat)
    for key, value in flat.items():
        canonical = _ALIASES.get(key.rsplit(".", 1)[-1])
        fact = Fact(value, f"{name}:{key}")
        if canonical == "num_devices" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            canonical = None  # "auto", -1, a list of ids: not a count
        if canonical and canonical not in run.hyperparameters:
            run.hyperparameters[canonical] = fact
        else:
            run.extra_hyperparameters[key] = fact
    add_totals(run.hyperparameters)


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        if value and all(isinstance(v, (str, int, float, bool)) for v in value) and len(value) <= 16:
            out[prefix] = ", ".join(map(str, value))
    elif isinstance(value, (str, int, float, bool)) and prefix:
        out[prefix] = value


class _Unreadable:
    """A value behind a Python-specific YAML tag: never constructed."""

    def __init__(self, tag: str) -> None:
        self.tag = tag


@functools.lru_cache(maxsize=None)
def _plain_loader() -> type:
    import yaml

    class PlainLoader(yaml.SafeLoader):
        """SafeLoader that reads ``!!python/tuple`` as a list and leaves every
        other unknown tag out instead of failing."""

    def construct_unknown(loader: Any, suffix: str, node: Any) -> Any:
        if suffix == "tuple" and isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return _Unreadable(suffix)

    def construct_unknown_tag(loader: Any, node: Any) -> Any:
        return _Unreadable(node.tag)

    PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/", construct_unknown)
    PlainLoader.add_constructor(None, construct_unknown_tag)
    return PlainLoader

"""The results a model page shows: ``model-index`` entries and ``.eval_results/*.yaml`` files.

Both are read leniently (what is malformed is skipped; the linter reports it),
and values are shown as the card states them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_RESULT_FILE = 1 << 20
MAX_ROWS = 500


@dataclass(frozen=True)
class ResultRow:
    """One result: where it is stated, the task, the dataset, the metric and its value."""

    source: str
    task: str
    dataset: str
    metric: str
    value: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value) if isinstance(value, (str, int, bool)) else ""


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def model_index_rows(metadata: Mapping[Any, Any]) -> list[ResultRow]:
    """The rows of the card's ``model-index``."""
    rows: list[ResultRow] = []
    entries = metadata.get("model-index")
    for entry in entries if isinstance(entries, list) else []:
        results = _get(entry, "results")
        for result in results if isinstance(results, list) else []:
            task = _text(_get(result, "task", "name")) or _text(_get(result, "task", "type"))
            dataset = _text(_get(result, "dataset", "name")) or _text(_get(result, "dataset", "type"))
            split = _text(_get(result, "dataset", "split"))
            if split:
                dataset = f"{dataset} ({split})"
            metrics = _get(result, "metrics")
            for metric in metrics if isinstance(metrics, list) else []:
                name = _text(_get(metric, "name")) or _text(_get(metric, "type"))
                rows.append(ResultRow("model-index", task, dataset, name, _text(_get(metric, "value"))))
                if len(rows) >= MAX_ROWS:
                    return rows
    return rows


def eval_results_rows(files: Iterable[tuple[str, bytes]]) -> list[ResultRow]:
    """The rows of ``.eval_results/*.yaml`` files, given as ``(name, bytes)``.

    Files are read with the card's YAML loader and its limits; a file that
    does not load is skipped (the linter reports it).
    """
    from modelcard.card.eval_results import parse

    rows: list[ResultRow] = []
    for name, data in files:
        if len(data) > MAX_RESULT_FILE:
            continue
        loaded = parse(data, name, name)
        entries = loaded.data if loaded.error is None else None
        for entry in entries if isinstance(entries, list) else []:
            dataset = _text(_get(entry, "dataset", "id"))
            task = _text(_get(entry, "dataset", "task_id"))
            metric = _text(_get(entry, "metric")) or _text(_get(entry, "source", "name"))
            value = _text(_get(entry, "value"))
            if dataset or value:
                rows.append(ResultRow(name, task, dataset, metric, value))
            if len(rows) >= MAX_ROWS:
                return rows
    return rows


def folder_eval_files(folder: Any) -> list[tuple[str, bytes]]:
    """``.eval_results/*.yaml`` beside a card on disk (``folder`` a `Path`)."""
    found = []
    results = folder / ".eval_results"
    if not results.is_dir():
        return found
    for path in sorted(results.iterdir())[:100]:
        if path.suffix in (".yaml", ".yml") and path.is_file() and not path.is_symlink():
            with open(path, "rb") as f:
                found.append((f".eval_results/{path.name}", f.read(MAX_RESULT_FILE + 1)))
    return found

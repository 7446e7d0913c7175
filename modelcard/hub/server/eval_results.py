"""``evalResults`` of ``model_info(..., expand=["evalResults"])``: the ``.eval_results/*.yaml`` files of a commit.

As the Hub answers: one item per result, ``{"filename", "data"}``. A file that
cannot be read, or is not a list of results with ``dataset.id``,
``dataset.task_id`` and ``value``, is left out: the Hub lists it as
``{"filename", "error"}``, but clients before huggingface_hub 2 fail on such an
item (``modelcard lint`` reports these files before they are pushed). Files are
read with the card's YAML loader (size, nesting and alias limits, safe tags only).
"""

from __future__ import annotations

from typing import Any

from modelcard.card import eval_results as files
from modelcard.hub.server.store import FileEntry, Store


def eval_results(store: Store, snapshot: dict[str, FileEntry]) -> list[dict[str, Any]]:
    names = sorted(p for p in snapshot if p.startswith(f"{files.FOLDER}/") and p.endswith((".yaml", ".yml")))
    items: list[dict[str, Any]] = []
    for name in names[: files.MAX_FILES]:
        entry = snapshot[name]
        if entry.size > files.MAX_BYTES:
            continue
        parsed = files.parse(store.blobs.read(entry.sha256), name, name)
        if parsed.error is None and _valid(parsed.data):
            items.extend({"filename": name, "data": result} for result in parsed.data)
    return items


def _valid(data: Any) -> bool:
    if not isinstance(data, list):
        return False
    for result in data:
        dataset = result.get("dataset") if isinstance(result, dict) else None
        if not isinstance(dataset, dict) or not dataset.get("id") or not dataset.get("task_id") or "value" not in result:
            return False
    return True

"""Helpers shared by the ``.eval_results`` rules (MC5xx): the entries and their keys.

The format (the Hub's ``eval_results.yaml`` specification): each file is a list
of results; a result has ``dataset`` (``id``, ``task_id``, ``revision``),
``value``, and optionally ``verifyToken``, ``date``, ``source`` (``url``,
``name``, ``user``, ``org``), ``notes`` and ``evaluation_framework``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.schema import type_name

if TYPE_CHECKING:
    from modelcard.card.eval_results import EvalFile
    from modelcard.checks.context import CheckContext

#: Known keys of a result, of its ``dataset`` and of its ``source``.
RESULT_KEYS = ("dataset", "value", "verifyToken", "date", "source", "notes", "evaluation_framework")
DATASET_KEYS = ("id", "task_id", "revision")
SOURCE_KEYS = ("url", "name", "user", "org")


def results(ctx: CheckContext) -> Iterator[tuple[EvalFile, int, dict[Any, Any]]]:
    """``(file, index, result)`` of every result that is a mapping, in file order."""
    for file in ctx.eval_results.files:
        if file.error is None and isinstance(file.data, list):
            for index, entry in enumerate(file.data):
                if isinstance(entry, dict):
                    yield file, index, entry


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def kind(value: Any) -> str:
    """How YAML wrote ``value``, for messages: ``a list``, ``the number `3```..."""
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    return type_name(value)

"""MC301: a results table in the body disagrees with the ``model-index`` metrics."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._numbers import agrees

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext
    from modelcard.checks.outline import Block

_CELL = re.compile(r"[\s*_]*([-+]?\d+(?:\.\d+)?)\s*(%?)(?:\s*(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?\s*%?)?[\s*_]*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_TRAINING_LOG = frozenset({"epoch", "epochs", "step", "steps", "iteration", "iterations"})

Cell = "Block"  # a table cell of the outline
Metrics = dict[str, list[Any]]  # normalized metric type or name -> values


class _Result(NamedTuple):
    datasets: frozenset[str]  # normalized dataset name and type
    qualifiers: frozenset[str]  # normalized task args, dataset config and args
    metrics: Metrics


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    if card.text.find("|", card.body_start_offset) < 0:
        return  # no table in the body (looked for first: it is cheaper than reading model-index)
    results = _results(card.metadata.get("model-index"))
    if not results:
        return
    header: list[Cell] = []
    rows: list[list[Cell]] = []
    for block in (*ctx.outline, None):
        if block is not None and block.kind == "cell":
            if block.row == 0:
                header.append(block)
            else:
                if block.row > len(rows):
                    rows.append([])
                rows[-1].append(block)
        elif header or rows:
            yield from _table(ctx, results, header, rows)
            header, rows = [], []


def _table(ctx: CheckContext, results: list[_Result], header: list[Cell], rows: list[list[Cell]]) -> Iterator[Finding]:
    names = [_key(cell.text) for cell in header]
    if _TRAINING_LOG.intersection(names):
        return  # per-epoch validation figures, not the final results
    everything = _merged(results)
    by_metric = not (names and everything.get(names[0]))
    # Cells to compare, grouped so that a comparison with other models (several rows
    # about the same results) agrees when any row does: label, values, cells.
    groups: dict[tuple[Any, ...], tuple[str, list[Any], list[Cell]]] = {}
    for row in rows:
        # A column per metric: a single row, or the rows that name a dataset of model-index.
        about = tuple(range(len(results))) if len(rows) == 1 else _about(results, row)
        metrics = _merged([results[i] for i in about])
        for cell, name in zip(header, names):
            column = cell.column
            if metrics.get(name) and column < len(row):
                groups.setdefault((column, about), (cell.text, metrics[name], []))[2].append(row[column])
        # A row per metric (`| Accuracy | 0.91 |`).
        label = _key(row[0].text) if row else ""
        if by_metric and everything.get(label):
            groups.setdefault((label,), (row[0].text, everything[label], []))[2].extend(row[1:])
    for label, values, cells in groups.values():
        yield from _compare(ctx, label, values, cells)


def _about(results: list[_Result], row: list[Cell]) -> tuple[int, ...]:
    """The results whose dataset (and task or dataset arguments, if any) the row names."""
    cells = {_key(cell.text) for cell in row}
    return tuple(
        i for i, r in enumerate(results) if r.datasets & cells and (not r.qualifiers or r.qualifiers & cells)
    )


def _merged(results: list[_Result]) -> Metrics:
    merged: Metrics = {}
    for result in results:
        for key, values in result.metrics.items():
            merged.setdefault(key, []).extend(values)
    return merged


def _compare(ctx: CheckContext, label: str, values: list[Any], cells: list[Cell]) -> Iterator[Finding]:
    numbers = [(cell, match) for cell in cells if (match := _CELL.fullmatch(cell.text))]
    if not numbers or any(agrees(m.group(1), value) for _, m in numbers for value in values):
        return
    cell, match = numbers[0]
    stored = " or ".join(f"`{v!r}`" for v in dict.fromkeys(values[:3]))
    yield Finding(
        f"`{label.strip()}` is `{match.group(1)}{match.group(2)}` here but {stored} in `model-index`",
        ctx.location_at(ctx.card.body_start_offset + cell.offset + match.start(1)),
    )


def _key(name: object) -> str:
    """``Test WER`` -> ``testwer``; ``exact_match`` -> ``exactmatch``."""
    return _NOT_ALNUM.sub("", str(name).lower())


def _results(model_index: object) -> list[_Result]:
    """The numeric metric values of ``model-index``, result by result."""
    found = []
    for model in model_index if isinstance(model_index, list) else ():
        for result in (model.get("results") or ()) if isinstance(model, dict) else ():
            if not isinstance(result, dict):
                continue
            metrics: Metrics = {}
            for metric in result.get("metrics") or ():
                value = metric.get("value") if isinstance(metric, dict) else None
                if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                    for key in {_key(metric.get("type", "")), _key(metric.get("name", ""))} - {""}:
                        metrics.setdefault(key, []).append(value)
            task, dataset = _mapping(result.get("task")), _mapping(result.get("dataset"))
            names = {_key(dataset.get(k, "")) for k in ("name", "type")} - {""}
            arguments = (task.get("args"), dataset.get("config"), dataset.get("args"))
            qualifiers = {_key(v) for v in arguments if isinstance(v, str)}
            if metrics:
                found.append(_Result(frozenset(names), frozenset(qualifiers - {""}), metrics))
    return found


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


RULE = Rule(
    code="MC301",
    name="results-table-contradicts-model-index",
    summary="A number in a results table differs from the same metric in model-index",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Compares the Markdown tables of the body with the `model-index` metadata. A table
column (or row) counts when its name is the `type` or `name` of a metric of
`model-index`, ignoring case and punctuation (`Test WER`, `accuracy`). A one-row
table is compared with every result; in a longer table, a row is compared with the
results whose dataset it names (`flores101-devtest`), and a row-per-metric table
(`| Accuracy | 0.91 |`) with every result. When no number of a column agrees with
any value of its metric, the table contradicts the metadata; rows about the same
results, such as a comparison with other models, agree when any of them does.

A number agrees when it is the value rounded or truncated to the digits shown
(`0.9135` for `0.9135135`), or the same value as a percentage (`91.35` or `91.35%`
for `0.9135`, and the other way round). Per-epoch training logs (tables with an
`Epoch` or `Step` column) are not compared: their figures come from the validation
set during training, and `model-index` may hold the final or the best checkpoint's.

## Why is this bad?
The Hub shows the `model-index` values in the evaluation widget and on leaderboards,
and readers see the table. When the two disagree, one of them is wrong, usually
because the model was retrained and only one was updated.

## Example
```markdown
---
model-index:
- name: my-model
  results:
  - task: {type: text-classification}
    dataset: {name: imdb, type: imdb}
    metrics:
    - {type: accuracy, value: 0.9312}
---
| Model    | Accuracy |
|----------|----------|
| my-model | 0.9187   |
```

## Use instead
Update whichever is stale so that both say the same:
```markdown
| Model    | Accuracy |
|----------|----------|
| my-model | 0.9312   |
```
""",
)

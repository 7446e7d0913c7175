"""MC505: an ``.eval_results`` score that disagrees with ``model-index`` on the same benchmark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._eval_results import is_number, results
from modelcard.checks.rules._numbers import agrees

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.checks.context import CheckContext


class _Indexed(NamedTuple):
    """The numeric metrics of one ``model-index`` result about a Hub dataset."""

    dataset: str  # `dataset.type`, lower-cased
    config: str | None  # `dataset.config`
    metrics: list[tuple[str, Any, tuple[Any, ...]]]  # (metric type, value, JSON path)


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    if "model-index" not in card.metadata or not ctx.eval_results.files:
        return
    indexed = _indexed(card.metadata["model-index"])
    if not indexed:
        return
    entries = [(file, index, entry["dataset"], entry["value"]) for file, index, entry in results(ctx) if _benchmark(entry)]
    tasks: dict[str, set[str]] = {}
    for _, _, dataset, _ in entries:
        tasks.setdefault(dataset["id"].lower(), set()).add(dataset["task_id"])
    for file, index, dataset, value in entries:
        name, task = dataset["id"], dataset["task_id"]
        same = tasks[name.lower()] == {task}
        about = [r for r in indexed if r.dataset == name.lower() and (r.config == task or (r.config is None and same))]
        metrics = [m for r in about for m in r.metrics]
        if not metrics:
            continue
        written = file.source((index, "value")) or repr(value)
        if any(_same(written, value, _text(card, path), stored) for _, stored, path in metrics):
            continue
        kind, stored, path = metrics[0]
        where = card.location(path)
        others = f" (and {len(metrics) - 1} more metrics of that result)" if len(metrics) > 1 else ""
        yield Finding(
            f"`{name}` task `{task}` scores `{written}` here but `model-index` says `{kind}` "
            f"`{_text(card, path)}` ({card.path or 'the card'}:{where.line}){others}",
            file.location((index, "value")),
            path=file.path,
        )


def _benchmark(entry: dict[Any, Any]) -> bool:
    dataset = entry.get("dataset")
    return (
        isinstance(dataset, dict)
        and isinstance(dataset.get("id"), str)
        and isinstance(dataset.get("task_id"), str)
        and is_number(entry.get("value"))
    )


def _indexed(model_index: Any) -> list[_Indexed]:
    found = []
    for i, model in enumerate(model_index if isinstance(model_index, list) else ()):
        for j, result in enumerate((model.get("results") or ()) if isinstance(model, dict) else ()):
            dataset = result.get("dataset") if isinstance(result, dict) else None
            if not isinstance(dataset, dict) or not isinstance(dataset.get("type"), str):
                continue
            config = dataset.get("config") if isinstance(dataset.get("config"), str) else None
            metrics = [
                (str(metric.get("type", "")), metric["value"], ("model-index", i, "results", j, "metrics", k, "value"))
                for k, metric in enumerate(result.get("metrics") or ())
                if isinstance(metric, dict) and is_number(metric.get("value"))
            ]
            if metrics:
                found.append(_Indexed(dataset["type"].lower(), config, metrics))
    return found


def _text(card: Card, path: tuple[Any, ...]) -> str:
    try:
        start, end = card.span(path)
    except KeyError:
        return ""
    return card.text[start:end]


def _same(written: str, value: float, stored_text: str, stored: float) -> bool:
    """Whether either score, as written, is the other one rounded or as a percentage."""
    for shown, other in ((written, stored), (stored_text, value)):
        try:
            if agrees(shown, other):
                return True
        except ValueError:  # written in a way float() does not read (`0x1A`)
            continue
    return value == stored


RULE = Rule(
    code="MC505",
    name="eval-results-contradict-model-index",
    summary="A score in `.eval_results` differs from `model-index` on the same benchmark",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Compares each result of the `.eval_results/*.yaml` files beside the card with the
card's `model-index`. A `model-index` result is about the same benchmark when its
`dataset.type` is the result's `dataset.id` and its `dataset.config` is the
result's `dataset.task_id`; without a `dataset.config`, when the `.eval_results`
files name a single task of that dataset. When none of that result's metric values
agrees with the score, the finding names the first of them.

A value agrees when it is the other rounded or truncated to the digits written
(`0.412` for `0.41237`), or the same as a percentage (`41.2` for `0.412`), as in
MC301.

## Why is this bad?
The Hub shows both: `.eval_results` on the model page and the benchmark's
leaderboard, `model-index` in older readers and in the card's metadata. When they
disagree, one of them is stale, usually because the model was evaluated again and
only one was updated.

## Example
```yaml
# README.md
model-index:
- name: my-model
  results:
  - task: {type: text-generation}
    dataset: {name: GPQA, type: Idavidrein/gpqa, config: gpqa_diamond}
    metrics:
    - {type: accuracy, value: 0.398}
# .eval_results/gpqa.yaml
- dataset: {id: Idavidrein/gpqa, task_id: gpqa_diamond}
  value: 0.412
```

## Use instead
Update whichever is stale so that both say the same:
```yaml
# .eval_results/gpqa.yaml
- dataset: {id: Idavidrein/gpqa, task_id: gpqa_diamond}
  value: 0.398
```
""",
)

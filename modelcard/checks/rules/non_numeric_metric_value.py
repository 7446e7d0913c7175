"""MC107: a `model-index` metric value that is text rather than a number."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.checks.schema import format_path, show
from modelcard.diagnostics import Edit

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# What PyYAML reads back as an int or a float when written plain.
_YAML_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
_SPREAD = re.compile(r"\s*\S+\s*(?:\+/-|±|\+-)\s*\S+\s*")
_DECIMAL_COMMA = re.compile(r"\s*(-?)(\d+),(\d+)\s*")


def metric_values(metadata: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """``(path, value)`` of every ``model-index[].results[].metrics[].value``."""
    index = metadata.get("model-index")
    if not isinstance(index, list):
        return
    for i, entry in enumerate(index):
        results = entry.get("results") if isinstance(entry, dict) else None
        if not isinstance(results, list):
            continue
        for j, result in enumerate(results):
            metrics = result.get("metrics") if isinstance(result, dict) else None
            if not isinstance(metrics, list):
                continue
            for k, metric in enumerate(metrics):
                if isinstance(metric, dict) and "value" in metric:
                    yield ("model-index", i, "results", j, "metrics", k, "value"), metric["value"]


def as_number(text: str) -> str | None:
    """``text`` written as a plain YAML number, when it is one (and finite).

    A decimal comma counts when it cannot be a thousands separator:
    ``0,857`` and ``29,6037`` are numbers, ``1,234`` is not.
    """
    comma = _DECIMAL_COMMA.fullmatch(text)
    if comma:
        sign, whole, fraction = comma.groups()
        if whole == "0" or len(fraction) != 3:
            return f"{sign}{whole}.{fraction}"
        return None
    stripped = text.strip()
    try:
        number = float(stripped)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    if _YAML_INT.fullmatch(stripped) or _YAML_FLOAT.fullmatch(stripped):
        return stripped
    return repr(number)


def check(ctx: CheckContext) -> Iterator[Finding]:
    for path, value in metric_values(ctx.card.metadata):
        if not isinstance(value, str):
            continue  # numbers are right; other types are schema violations (MC100)
        where = format_path(path)
        number = as_number(value)
        if number is not None:
            start, end = ctx.card.span(path)
            fix = Fix(f"Write `{number}` as a number", (Edit(start, end, number),))
            yield Finding(f"`{where}` is the text `{show(value)}`; write it as a number", ctx.card.location(path), fix=fix)
        elif _SPREAD.fullmatch(value):
            yield Finding(
                f"`{where}` is `{show(value)}`, not a number; put the mean in `value` and the spread in the card body",
                ctx.card.location(path),
            )
        else:
            yield Finding(f"`{where}` is `{show(value)}`, not a number", ctx.card.location(path))


RULE = Rule(
    code="MC107",
    name="non-numeric-metric-value",
    summary="A `model-index` metric value is text, not a number",
    check=check,
    severity=Severity.WARNING,
    fixable=True,
    doc="""\
## What it does
Reports `model-index` metric values that are strings: a mean with its spread
(`286.26 +/- 16.68`), `NA`, a note, or a number in quotes (`"0.93"`). A quoted
number is fixed by removing the quotes, and a decimal comma that cannot be a
thousands separator (`0,857`) by writing it with a point.

It is a warning: the Hub accepts text here and shows it as written.

## Why is this bad?
Leaderboards and the Hub's evaluation widget sort and compare results by
value. Text cannot be ranked, so the result is left out or sorted wrongly.

## Example
```yaml
metrics:
- type: mean_reward
  value: 286.26 +/- 16.68
- type: accuracy
  value: "0.93"
```

## Use instead
```yaml
metrics:
- type: mean_reward
  value: 286.26
- type: accuracy
  value: 0.93
```
and give the spread (`± 16.68`) in the card body.
""",
)

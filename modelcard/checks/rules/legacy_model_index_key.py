"""MC106: the legacy spelling `model_index` instead of `model-index`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.diagnostics import Edit

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    if "model_index" not in metadata:
        return
    path = ("model_index",)
    location = ctx.card.location(path, key=True)
    if "model-index" in metadata:
        yield Finding("both `model_index` and `model-index` are set; the Hub ignores `model_index`", location)
        return
    start, end = ctx.card.key_span(path)
    key_text = ctx.card.text[start:end]
    fix = Fix("Rename `model_index` to `model-index`", (Edit(start, end, key_text.replace("model_index", "model-index")),))
    yield Finding("`model_index` is a legacy key the Hub ignores; rename it to `model-index`", location, fix=fix)


RULE = Rule(
    code="MC106",
    name="legacy-model-index-key",
    summary="Evaluation results under the legacy key `model_index`",
    check=check,
    severity=Severity.ERROR,
    fixable=True,
    doc="""\
## What it does
Reports evaluation results stored under `model_index` (underscore), the
spelling of early cards, and renames the key to `model-index` (dash).

## Why is this bad?
The Hub reads evaluation results only from `model-index`: results under
`model_index` are not shown on the model page, not indexed by leaderboards
and not checked when the card is pushed.

## Example
```yaml
model_index:
- name: wav2vec2-large-xlsr-turkish
  results: []
```

## Use instead
```yaml
model-index:
- name: wav2vec2-large-xlsr-turkish
  results: []
```
""",
)

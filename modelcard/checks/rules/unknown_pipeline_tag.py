"""MC103: a `pipeline_tag` that is not one of the Hub's tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._metadata import did_you_mean, dotless_lower, replacement_fix, suggest
from modelcard.checks.schema import schema_enum

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# Tasks the Hub retired, and the task that took their models over.
RETIRED = {"conversational": "text-generation", "text2text-generation": "text-generation"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    value = ctx.card.metadata.get("pipeline_tag")
    if not isinstance(value, str) or not value:
        return  # other types are schema violations (MC100)
    known = schema_enum("pipelineTag")
    if value in known:
        return
    path = ("pipeline_tag",)
    if dotless_lower(value) in RETIRED:
        replacement = RETIRED[dotless_lower(value)]
        yield Finding(
            f"`{value}` is no longer a Hub task; use `{replacement}` if it describes the model",
            ctx.card.location(path),
        )
        return
    suggested, certain = suggest(value, sorted(known), normalize=dotless_lower)
    fix = replacement_fix(ctx.card, path, value, suggested) if certain and suggested else None
    yield Finding(f"`{value}` is not a Hub task{did_you_mean(suggested, certain)}", ctx.card.location(path), fix=fix)


RULE = Rule(
    code="MC103",
    name="unknown-pipeline-tag",
    summary="`pipeline_tag` is not one of the Hub's tasks",
    check=check,
    severity=Severity.ERROR,
    fixable=True,
    doc="""\
## What it does
Checks that `pipeline_tag` is one of the tasks the Hub knows
(`text-classification`, `automatic-speech-recognition`, ...). Spellings that
differ only in case, spaces or underscores are fixed (`Text Classification` ->
`text-classification`); other values get the closest task as a suggestion.
Retired tasks (`conversational`, `text2text-generation`) are reported with the
task that replaced them.

## Why is this bad?
The task decides where the model is listed, which inference widget its page
shows and which APIs serve it. An unknown task hides the model from task
filters and disables the widget.

## Example
```yaml
pipeline_tag: text_classification
```

## Use instead
```yaml
pipeline_tag: text-classification
```
""",
)

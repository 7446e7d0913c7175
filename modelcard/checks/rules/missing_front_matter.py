"""MC011: the card has no YAML front-matter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.card.has_front_matter:
        yield Finding("card has no YAML front-matter; add a `---` block with at least `license`", Location(1, 1))


RULE = Rule(
    code="MC011",
    name="missing-front-matter",
    summary="The card has no YAML front-matter",
    check=check,
    severity=Severity.WARNING,
    no_metadata=True,
    doc="""\
## What it does
Reports a card that does not start with a `---` front-matter block.

## Why is this bad?
Without metadata the Hub shows no license, task, language or datasets for the
model, and search and filters cannot find it.

## Example
```markdown
# my-model
A model fine-tuned on IMDB.
```

## Use instead
```markdown
---
license: apache-2.0
language: en
datasets: [imdb]
pipeline_tag: text-classification
---
# my-model
A model fine-tuned on IMDB.
```
""",
)

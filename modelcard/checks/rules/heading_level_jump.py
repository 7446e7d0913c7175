"""MC204: a heading more than one level deeper than the one before it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    outline = ctx.outline
    previous = 0
    for i in outline.heading_indexes:
        level = outline[i].level
        if previous and level > previous + 1:
            location = ctx.location_at(ctx.card.body_start_offset + outline[i].start)
            source = ctx.body_lines[location.line - ctx.card.body_start_line]
            yield Finding(
                f"heading level jumps from h{previous} to h{level}; use `{'#' * (previous + 1)}`",
                Location(location.line, len(source) - len(source.lstrip()) + 1),
            )
        previous = level


RULE = Rule(
    code="MC204",
    name="heading-level-jump",
    summary="A heading skips a level (h1 followed by h3)",
    check=check,
    severity=Severity.WARNING,
    doc="""\
## What it does
Reports a heading that is more than one level deeper than the heading before it,
such as `###` right after `#`. Going back up any number of levels is fine.

## Why is this bad?
The Hub builds the card's table of contents from its headings, and screen readers
navigate by them. A skipped level breaks that outline: the `###` section looks
like part of a `##` section that does not exist.

## Example
```markdown
# my-model

### Training data
```

## Use instead
```markdown
# my-model

## Training data
```
""",
)

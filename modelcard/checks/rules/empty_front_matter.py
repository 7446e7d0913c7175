"""MC006: the front-matter block is empty.

Found by the card loader, which records a note (``YamlNote.kind``) named after the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    for note in ctx.card.notes:
        if note.kind == "empty-front-matter":
            yield Finding(note.detail, note.location)


RULE = Rule(
    code="MC006",
    name="empty-front-matter",
    summary="The front-matter block is empty",
    check=check,
    severity=Severity.WARNING,
    no_metadata=True,
    doc="""\
## What it does
Reports a front-matter block with nothing in it (`---` directly followed by `---`).

## Why is this bad?
A card without metadata has no license, no task and no language: the Hub cannot
index it and users cannot tell whether they may use the model.

## Example
```markdown
---
---
# my-model
```

## Use instead
```markdown
---
license: apache-2.0
language: en
pipeline_tag: text-classification
---
# my-model
```
""",
)

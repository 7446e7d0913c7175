"""MC009: a key appears twice in the same mapping.

Found by the card loader, which records a note (``YamlNote.kind``) named after the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    for note in ctx.card.notes:
        if note.kind == "duplicate-key":
            yield Finding(note.detail, note.location)


RULE = Rule(
    code="MC009",
    name="duplicate-key",
    summary="A key appears twice in the same mapping",
    check=check,
    doc="""\
## What it does
Reports a key that is repeated in the same front-matter mapping.

## Why is this bad?
Python's `yaml.safe_load` silently keeps the last value while other parsers
(including the Hub's) reject the file or keep the first: the card means different
things to different tools.

## Example
```yaml
---
license: mit
tags: [nlp]
license: apache-2.0
---
```

## Use instead
```yaml
---
license: apache-2.0
tags: [nlp]
---
```
""",
)

"""MC002: the card file is empty.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC002",
    name="empty-file",
    summary="The card file is empty",
    check=None,
    doc="""\
## What it does
Reports a card file that is empty or holds only whitespace.

## Why is this bad?
An empty card tells nobody what the model is, how it was trained or how it may be used.

## Example
```markdown
```

## Use instead
```markdown
---
license: apache-2.0
---
# my-model
A short description of the model.
```
""",
)

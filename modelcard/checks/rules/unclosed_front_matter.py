"""MC004: the front-matter opens with `---` but never closes.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC004",
    name="unclosed-front-matter",
    summary="The front-matter opens with `---` but never closes",
    check=None,
    doc="""\
## What it does
Reports a card that starts with `---` but has no closing `---` line.

## Why is this bad?
The Hub then reads the whole file as markdown: the metadata is lost and shows up
as text at the top of the page.

## Example
```markdown
---
license: mit
# my-model
```

## Use instead
```markdown
---
license: mit
---
# my-model
```
""",
)

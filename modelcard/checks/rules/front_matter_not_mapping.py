"""MC005: the front-matter is a list or a scalar, not a mapping.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC005",
    name="front-matter-not-mapping",
    summary="The front-matter is a list or a scalar, not a mapping",
    check=None,
    doc="""\
## What it does
Reports front-matter whose YAML is a list or a single value instead of `key: value` pairs.

## Why is this bad?
Card metadata is a mapping; tools and the Hub ignore anything else.

## Example
```yaml
---
- license: mit
- language: en
---
```

## Use instead
```yaml
---
license: mit
language: en
---
```
""",
)

"""MC008: the front-matter uses a language-specific YAML tag.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC008",
    name="unsafe-yaml-tag",
    summary="The front-matter uses a language-specific YAML tag",
    check=None,
    doc="""\
## What it does
Reports YAML tags that construct objects of a programming language, such as
`!!python/object` or `!!python/name`.

## Why is this bad?
Loading them with an unsafe loader runs code; safe loaders refuse them, so the
card's metadata cannot be read at all.

## Example
```yaml
---
license: !!python/object/apply:os.system ["echo hi"]
---
```

## Use instead
```yaml
---
license: mit
---
```
""",
)

"""MC003: the front-matter is not valid YAML.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC003",
    name="yaml-syntax-error",
    summary="The front-matter is not valid YAML",
    check=None,
    doc="""\
## What it does
Reports front-matter that the YAML parser rejects, at the line and column where it fails.
The message says when tabs used for indentation caused it.

## Why is this bad?
The Hub rejects a push whose metadata does not parse, and shows none of it.

## Example
```yaml
---
license: mit
tags:
	- text-classification
---
```

## Use instead
```yaml
---
license: mit
tags:
  - text-classification
---
```
""",
)

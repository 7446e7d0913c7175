"""MC007: the front-matter is too large, too deep or expands too many aliases.

The engine reports it from the card loader's error that names it (``CardError.code_name``).
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC007",
    name="yaml-too-complex",
    summary="The front-matter is too large, too deep or expands too many aliases",
    check=None,
    doc="""\
## What it does
Reports front-matter that exceeds the loader's limits: an alias bomb ("billion
laughs"), nesting that is too deep, or a block that is too large.

## Why is this bad?
Such YAML takes unbounded time or memory to load and is never legitimate card metadata.

## Example
```yaml
---
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
---
```

## Use instead
Plain metadata: the keys the Hub knows, written out without aliases.
""",
)

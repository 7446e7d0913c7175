"""MC901: a suppression comment suppresses nothing.

No check of its own: the engine reports it when it applies the suppressions.
"""

from __future__ import annotations

from modelcard.checks.rule import Rule, Severity

RULE = Rule(
    code="MC901",
    name="unused-suppression",
    summary="A suppression comment suppresses nothing",
    check=None,
    suppressible=False,
    severity=Severity.WARNING,
    fixable=True,
    doc="""\
## What it does
Reports a `<!-- modelcard: disable ... -->` comment in the body, or a
`# modelcard: ignore ...` comment in the front-matter, that names a rule which
reports nothing where the comment applies.

Only rules that ran on the card are considered: a suppression of a rule that is
not selected is left alone.

## Why is this bad?
Stale suppressions hide future problems and make readers believe a problem exists.

## Example
```markdown
---
license: mit  # modelcard: ignore MC101
---
```
`mit` is a known license: nothing is suppressed.

## Use instead
```markdown
---
license: mit
---
```
The fix removes the unused code, or the whole comment when none of its codes is used.
""",
)

"""MC902: a suppression comment names an unknown rule or directive.

No check of its own: the engine reports it when it applies the suppressions.
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC902",
    name="invalid-suppression",
    summary="A suppression comment names an unknown rule or directive",
    check=None,
    suppressible=False,
    doc="""\
## What it does
Reports a suppression comment with an unknown directive (`disabel`) or a code or
name that no rule has (`MC999`, `unkown-license`).

## Why is this bad?
The comment suppresses nothing, though its author meant it to.

## Example
```markdown
<!-- modelcard: disable MC2001 -->
```

## Use instead
```markdown
<!-- modelcard: disable MC201 -->
```
Directives: `disable`, `enable`, `disable-next-line`, `disable-file` in the body;
`ignore` in the front-matter. Codes and names may be mixed, separated by commas or spaces.
""",
)

"""MC9xx: problems with the linter's own directives, reported by the engine."""

from __future__ import annotations

from modelcard.checks.rule import Rule, Severity

RULES = (
    Rule(
        code="MC900",
        name="internal-error",
        summary="A rule failed on this card (a bug in modelcard)",
        check=None,
        doc="""\
## What it does
Reports that a rule raised an unexpected exception while checking this card. The
other rules still run and the run goes on to the next file, but `modelcard lint`
exits with status 2.

## Why is this bad?
The card was not fully checked. This is a bug in modelcard or in a rule, not in
the card; it cannot be suppressed.

## Example
```text
README.md:1:1: MC900 rule `MC203` (placeholder-text) failed: IndexError: list index out of range
```

## Use instead
Report the bug with the card that triggers it. Until it is fixed, `--ignore` the
failing rule (not MC900).
""",
    ),
    Rule(
        code="MC901",
        name="unused-suppression",
        summary="A suppression comment suppresses nothing",
        check=None,
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
    ),
    Rule(
        code="MC902",
        name="invalid-suppression",
        summary="A suppression comment names an unknown rule or directive",
        check=None,
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
    ),
)

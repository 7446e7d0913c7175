"""MC900: a rule failed on this card (a bug in modelcard).

No check of its own: the engine reports it when a rule or the loader fails.
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC900",
    name="internal-error",
    summary="A rule failed on this card (a bug in modelcard)",
    check=None,
    suppressible=False,
    always_on=True,
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
)

"""MC010: a bare `yes`/`no`/`on`/`off` is read as a boolean where a string was meant.

Found by the card loader, which records a note (``YamlNote.kind``) named after the rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.diagnostics import Edit

if TYPE_CHECKING:
    from modelcard.card import Card, YamlNote
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    for note in card.notes:
        if note.kind == "yaml11-boolean":
            yield Finding(note.detail, note.location, fix=_quote(card, note))


def _quote(card: Card, note: YamlNote) -> Fix | None:
    """Quote the boolean (``no`` -> ``"no"``), changing nothing else."""
    try:
        start, end = card.span(tuple(note.path))
    except (KeyError, IndexError, TypeError):  # no span, no fix
        return None
    raw = card.text[start:end]
    if not raw or not raw.isalpha():
        return None
    return Fix(f'quote `{raw}` as "{raw}"', (Edit(start, end, f'"{raw}"'),))


RULE = Rule(
    code="MC010",
    name="yaml11-boolean",
    summary="A bare `yes`/`no`/`on`/`off` is read as a boolean where a string was meant",
    check=check,
    severity=Severity.WARNING,
    fixable=True,
    doc="""\
## What it does
Reports unquoted `yes`, `no`, `on`, `off`, `y`, `n` (any case) that a YAML 1.1
loader turns into `true`/`false`, such as `language: no` (Norwegian).

## Why is this bad?
Python tools read `language: no` as `false`, the Hub (YAML 1.2) as `"no"`: the
metadata depends on who reads it, and the language is lost for one of them.

## Example
```yaml
---
language:
- en
- no
---
```

## Use instead
```yaml
---
language:
- en
- "no"
---
```
The fix quotes the value and changes nothing else.
""",
)

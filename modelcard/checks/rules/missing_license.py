"""MC110: the front-matter says nothing about the license."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    if not card.has_front_matter:
        return  # MC011 reports the missing front-matter itself
    metadata = card.metadata
    if metadata.get("license") not in (None, ""):
        return
    hint = ""
    if metadata.get("license_name") or metadata.get("license_link"):
        hint = "; with `license_name` and `license_link`, set `license: other`"
    if "license" in metadata:
        yield Finding(f"`license` is empty{hint}", card.location(("license",), key=True))
    else:
        yield Finding(f"no `license` in the front-matter{hint}", card.location(()))


RULE = Rule(
    code="MC110",
    name="missing-license",
    summary="The front-matter has no license",
    check=check,
    severity=Severity.WARNING,
    missing_key="license",
    doc="""\
## What it does
Reports a card whose front-matter has no `license`, or an empty one.

## Why is this bad?
Without a license, nobody knows whether they may use, modify or redistribute
the model; the Hub shows no license and the model is missing from license
filters. Choosing one is the author's decision, so there is no automatic fix.

## Example
```yaml
language: en
tags:
- text-classification
```

## Use instead
```yaml
language: en
license: apache-2.0
tags:
- text-classification
```
""",
)

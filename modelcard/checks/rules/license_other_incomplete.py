"""MC102: `license: other` without `license_name` and `license_link`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    if metadata.get("license") != "other":
        return
    missing = [key for key in ("license_name", "license_link") if metadata.get(key) in (None, "")]
    if missing:
        keys = " and ".join(f"`{key}`" for key in missing)
        yield Finding(f"`license: other` needs {keys} to say which license applies", ctx.card.location(("license",)))


RULE = Rule(
    code="MC102",
    name="license-other-incomplete",
    summary="`license: other` is not described by `license_name` and `license_link`",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Checks that a card with `license: other` also has `license_name` (a short id
for the license) and `license_link` (a file of the repository such as
`LICENSE`, or a URL).

## Why is this bad?
`other` only says that the license is not one of the Hub's list. Without a
name and a link, the Hub cannot show the license and users cannot read it.

## Example
```yaml
license: other
```

## Use instead
```yaml
license: other
license_name: coqui-public-model-license
license_link: https://coqui.ai/cpml
```
""",
)

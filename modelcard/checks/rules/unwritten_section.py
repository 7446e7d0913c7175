"""MC207: a section that still holds the text `modelcard generate` leaves for its authors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: How every paragraph the generator leaves for the authors begins (the
#: built-in templates' "Model description" and "Intended uses & limitations").
UNWRITTEN = re.compile(r"The authors have not (?:yet )?(?:described|documented|written)\b")


def check(ctx: CheckContext) -> Iterator[Finding]:
    if "The authors have not" not in ctx.card.body:
        return
    heading = None
    base = ctx.card.body_start_offset
    for block in ctx.outline:
        if block.kind == "heading":
            heading = " ".join(block.text.split())
        elif block.kind == "paragraph" and (match := UNWRITTEN.search(block.text)) is not None:
            where = f"section `{heading}`" if heading else "the card"
            yield Finding(
                f"{where} still holds the text the generator left for the authors; write it",
                ctx.location_at(base + block.offset + match.start()),
            )


RULE = Rule(
    code="MC207",
    name="unwritten-section",
    summary="A section still holds the text `modelcard generate` left for the authors",
    check=check,
    severity=Severity.WARNING,
    default_enabled=False,
    doc="""\
## What it does
Finds the paragraphs `modelcard generate` writes where only the card's authors can
say something, such as "The authors have not documented intended uses and
limitations yet", and reports the section that still holds one. Off by default
(a freshly generated card is expected to have them); `--strict` or selecting
`MC207` turns it on, so a CI gate fails until the authors have written them.

## Why is this bad?
The logs of a run say how the model was trained, not what it is for, what it must
not be used for, or on which data it was evaluated. A card that ships with the
generator's stand-in text tells readers none of that.

## Example
```markdown
## Intended uses & limitations

The authors have not documented intended uses and limitations yet. Until they do, treat this
model as an experiment and evaluate it on your own data before relying on it.
```

## Use instead
```markdown
## Intended uses & limitations

Sorts support tickets written in English into five queues. Not tested on other
languages; do not use it to make decisions about people.
```
""",
)

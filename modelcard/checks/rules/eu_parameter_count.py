"""MC608: the card does not state the model's number of parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.checks.rules._statements import Prose

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: ``124M parameters``, ``1.3 billion params``, ``**Parameters:** 10.8K``, ``number of parameters: 124,439,808``
STATED = re.compile(
    r"(?i)\b\d[\d,.]*\s*(?:[kmbt]|thousand|million|billion|trillion)?\s*(?:parameters|params)\b"
    r"|\b(?:parameters|params|parameter count)\b[*_:| \t]{0,8}(?:count[*_:| \t]{0,8})?~?\d"
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    prose = ctx.cached(Prose)
    if any(STATED.search(line) for _, line in prose.lines_with("param")):
        return
    yield Finding(
        "the card does not state the number of parameters; add it with its unit, "
        "e.g. `- **Parameters:** 124M (124,439,808)`",
        Location(prose.start_line, 1),
    )


RULE = Rule(
    code="MC608",
    name="eu-parameter-count",
    summary="The card does not state the number of parameters",
    check=check,
    severity=Severity.WARNING,
    default_enabled=False,
    profile="eu-gpai",
    doc="""\
## What it does
Looks, outside code blocks, for the number of parameters stated as a number
beside the word *parameters*: `124M parameters`, `1.3 billion params`,
`**Parameters:** 10.8K (10,818)`. `modelcard generate` writes it under
*Technical specifications* from the safetensors headers. Enabled by the
`eu-gpai` profile (`modelcard lint --profile eu-gpai`).

## Why is this bad?
The EU AI Act asks providers of general-purpose AI models to document the
number of parameters (Annex XI 1(d), Annex XII 1(f)); the AI Office's Model
Documentation Form wants it with at least two significant figures.

## Example
```markdown
## Technical specifications
A BERT-base encoder.
```

## Use instead
```markdown
## Technical specifications
A BERT-base encoder.

- **Parameters:** 110M (109,482,240)
```
""",
)

"""MC609: the card does not state its training compute in FLOP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.checks.rules._statements import Prose

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: A number with a FLOP unit: ``3.89 × 10^17 FLOP``, ``1.2e21 FLOPs``, ``40 PFLOP``, ``2.5 petaFLOP-days``.
FLOP = re.compile(
    r"(?i)\d(?:[\d,.]*)(?:\s*(?:×|x|\*)\s*10\s*(?:\^|\*\*)?\s*[+-]?\d+|\s*e[+-]?\d+)?\s*"
    r"(?:[kmgtpez]?flops?\b|(?:kilo|mega|giga|tera|peta|exa|zetta)flops?\b|pf[- ]?days?\b)"
)
#: A line that speaks of the amount of training compute.
ABOUT = re.compile(r"(?i)\b(?:training compute|compute (?:used|budget)|amount of comput\w+|computational cost)\b")
NUMBER = re.compile(r"\d[\d,.]*(?:e[+-]?\d+|\s*(?:×|x|\*)\s*10\s*(?:\^|\*\*)?\s*[+-]?\d+)?")


def check(ctx: CheckContext) -> Iterator[Finding]:
    prose = ctx.cached(Prose)
    if any(FLOP.search(line) for word in ("flop", "pf") for _, line in prose.lines_with(word)):
        return
    for line_number, line in prose.lines_with("comput"):
        about = ABOUT.search(line)
        number = NUMBER.search(line, about.end()) if about else None
        if number is not None:
            yield Finding(
                f"training compute `{number.group().strip()}` is stated without its unit; write it in FLOP, "
                "e.g. `3.9 × 10^17 FLOP`",
                Location(line_number, number.start() + 1),
            )
            return
    yield Finding(
        "the card does not state its training compute in FLOP; add it with its method, "
        "e.g. `3.9 × 10^17 FLOP (the Trainer's total_flos)`",
        Location(prose.start_line, 1),
    )


RULE = Rule(
    code="MC609",
    name="eu-training-compute",
    summary="The card does not state its training compute in FLOP",
    check=check,
    severity=Severity.WARNING,
    default_enabled=False,
    profile="eu-gpai",
    doc="""\
## What it does
Looks, outside code blocks, for a number with a FLOP unit: `3.89 × 10^17 FLOP`,
`1.2e21 FLOPs`, `40 PFLOP`, `2.5 petaFLOP-days`. A line about the training
compute (`Training compute: 1.2e18`) whose number has no unit is reported at
that number; a card that states no compute at all is reported at the start of
its body. `modelcard generate` writes the compute with its method (the
Trainer's `total_flos`, or an estimate) under *Technical specifications*.
Enabled by the `eu-gpai` profile (`modelcard lint --profile eu-gpai`).

## Why is this bad?
The EU AI Act asks providers of general-purpose AI models to document the
computational resources used to train them (Annex XI 2(d)); the AI Office's
Model Documentation Form wants FLOP with at least two significant figures. A
number without its unit can be read as FLOP, FLOP/s or GPU-hours. The
Commission's indicative thresholds (10^23 and 10^25 FLOP) are stated in FLOP.

## Example
```markdown
- **Training compute:** 3.9e17
```

## Use instead
```markdown
- **Training compute:** 3.9 × 10^17 FLOP (the Trainer's `total_flos`)
```
""",
)

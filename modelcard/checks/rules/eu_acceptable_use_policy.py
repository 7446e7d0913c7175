"""MC601: the card has no acceptable use policy."""

from __future__ import annotations

from modelcard.checks.rules._eu_sections import BASE, section_rule

RULE = section_rule(
    code="MC601",
    name="eu-acceptable-use-policy",
    topic="acceptable-use",
    summary="The card has no acceptable use policy",
    example=BASE,
    use_instead=BASE + "\n\n## Acceptable use policy\nUse is governed by https://example.org/aup: no surveillance, no\n"
    "automated decisions about people.",
)

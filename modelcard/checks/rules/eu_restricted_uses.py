"""MC603: the card does not say which uses are restricted or prohibited."""

from __future__ import annotations

from modelcard.checks.rules._eu_sections import BASE, section_rule

RULE = section_rule(
    code="MC603",
    name="eu-restricted-uses",
    topic="restricted-uses",
    summary="The card does not say which uses are restricted or prohibited",
    example=BASE + "\n\n## Intended uses\nSentiment of English product reviews.",
    use_instead=BASE + "\n\n## Intended uses\nSentiment of English product reviews.\n\n## Out-of-scope use\n"
    "Not for decisions about people (hiring, credit, health).",
)

"""MC602: the card does not say what the model is intended for."""

from __future__ import annotations

from modelcard.checks.rules._eu_sections import BASE, section_rule

RULE = section_rule(
    code="MC602",
    name="eu-intended-uses",
    topic="intended-uses",
    summary="The card does not say what the model is intended for",
    example=BASE + "\n\n## Intended uses & limitations\n\nThe authors have not documented intended uses and limitations yet. "
    "Until they do, treat this\nmodel as an experiment and evaluate it on your own data before relying on it.",
    use_instead=BASE + "\n\n## Intended uses\nSentiment of English product reviews, in review-moderation tools.",
)

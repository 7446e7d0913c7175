"""MC607: the card does not say how the model is distributed."""

from __future__ import annotations

from modelcard.checks.rules._eu_sections import BASE, section_rule

RULE = section_rule(
    code="MC607",
    name="eu-distribution-channels",
    topic="distribution",
    summary="The card does not say how the model is distributed",
    example=BASE,
    use_instead=BASE + "\n\n## Distribution\nWeights on the Hugging Face Hub (this repository) and through our inference API.",
)

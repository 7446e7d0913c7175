"""MC606: the card has no evaluation section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelcard.checks.rules._eu_sections import BASE, section_rule
from modelcard.checks.rules._metadata import has_model_index_results

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def model_index_results(ctx: CheckContext) -> bool:
    return has_model_index_results(ctx.card.metadata)


RULE = section_rule(
    code="MC606",
    name="eu-evaluation",
    topic="evaluation",
    summary="The card has no evaluation section",
    example=BASE,
    use_instead=BASE + "\n\n## Evaluation results\nAccuracy 0.93 on the `test` split of imdb.",
    extra=" Results in the `model-index` metadata count too.",
    also=model_index_results,
)

"""MC606: the card has no evaluation section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelcard.checks.rules._eu_sections import BASE, section_rule

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def model_index_results(ctx: CheckContext) -> bool:
    """Whether the ``model-index`` metadata holds results."""
    models = ctx.card.metadata.get("model-index")
    return isinstance(models, list) and any(isinstance(m, dict) and m.get("results") for m in models)


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

"""MC605: the card does not say how the training data was curated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelcard.checks.rules._eu_sections import BASE, section_rule
from modelcard.document.sections import CURATION_WORDS, TOPICS, CardSections

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def curation_in_data_section(ctx: CheckContext) -> bool:
    """Whether the training-data section says how the data was curated."""
    data = ctx.cached(CardSections).written(TOPICS["training-data"])
    return data is not None and CURATION_WORDS.search(data.text) is not None


RULE = section_rule(
    code="MC605",
    name="eu-training-data-curation",
    topic="data-curation",
    summary="The card does not say how the training data was curated",
    example=BASE + "\n\n## Training data\nThe `train` split of imdb.",
    use_instead=BASE + "\n\n## Training data\nThe `train` split of imdb; HTML tags were removed and duplicate reviews filtered out.",
    extra=" A training-data section that says how the data was cleaned, filtered, deduplicated or\npre-processed counts too.",
    also=curation_in_data_section,
)

"""MC604: the card does not say where the training data comes from."""

from __future__ import annotations

from modelcard.checks.rules._eu_sections import BASE, section_rule

RULE = section_rule(
    code="MC604",
    name="eu-training-data-provenance",
    topic="training-data",
    summary="The card does not say where the training data comes from",
    example=BASE + "\n\n## Training and evaluation data\n<!-- modelcard-begin data -->\n"
    "Datasets named in the card's metadata: imdb.\n<!-- modelcard-end data -->",
    use_instead=BASE + "\n\n## Training data\nThe `train` split of imdb (50,000 movie reviews collected from IMDb in 2011).",
)

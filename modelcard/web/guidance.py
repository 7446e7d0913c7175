"""Guidance for the sections a reader needs most and only the authors can write.

Each entry says what to write and gives a short example; whether a card has
the section is decided by the same heading patterns the linter uses (MC201).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelcard.checks.rules.missing_recommended_section import SECTIONS, _normal


@dataclass(frozen=True)
class Guidance:
    name: str
    heading: str
    what: str
    example: str


GUIDANCE: tuple[Guidance, ...] = (
    Guidance(
        "model-description",
        "## Model description",
        "In two or three sentences: what the model does, what it was built from, and who made it.",
        "A small DistilBERT model that tells whether an English film review is positive or negative. "
        "It was fine-tuned by the ACME data team from `distilbert-base-uncased`.",
    ),
    Guidance(
        "intended-uses",
        "## Intended uses & limitations",
        "The task and the inputs the model was made for, the settings it was tried in, "
        "and the uses it is not fit for.",
        "Meant for sorting English product and film reviews by sentiment, to triage them for a human "
        "reader. Not fit for other languages, for moderation without a human in the loop, "
        "or for decisions about people.",
    ),
    Guidance(
        "limitations",
        "## Bias, Risks, and Limitations",
        "Where the model is wrong more often (groups, dialects, topics, input lengths), how it could "
        "be misused, and what users should do about it.",
        "Reviews written after 2019 and informal spelling are classified less accurately. Sarcasm is "
        "often read as praise. Check a sample of its outputs on your own data before relying on it.",
    ),
    Guidance(
        "training-data",
        "## Training data",
        "The datasets (Hub ids where they exist), their size and language, how they were collected, "
        "cleaned and split, and any licence that limits their use.",
        "Fine-tuned on the 25,000 training reviews of `imdb`; 10% of them were held out for "
        "validation. Reviews longer than 512 tokens were truncated.",
    ),
    Guidance(
        "evaluation",
        "## Evaluation results",
        "The data and split the model was evaluated on, the metrics, the numbers, and how the "
        "evaluation data differs from the training data.",
        "Accuracy 0.93 and F1 0.93 on the 25,000 reviews of the `imdb` test split, which shares no "
        "review with the training split.",
    ),
)

_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def present(body: str) -> dict[str, bool]:
    """For each guidance entry, whether the body has a heading that counts as that section."""
    titles = "\n".join(_normal(m.group(1)) for m in _HEADING.finditer(body.replace("\r\n", "\n").replace("\r", "\n")))
    found = {}
    for entry in GUIDANCE:
        spec = SECTIONS.get(entry.name)
        pattern = spec[2] if spec else re.compile(r"\b(?:model description|description|overview|about)\b", re.M)
        found[entry.name] = bool(pattern.search(titles))
    return found

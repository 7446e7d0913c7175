"""Known training compute set beside the Commission's indicative thresholds.

Information only: the guidelines on the scope of general-purpose AI
obligations (C(2025) 7719) use these figures as indications; whether a model
is a general-purpose AI model, has systemic risk, or makes its modifier a
provider is a legal assessment this comparison does not make.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from modelcard.techspecs.compute import Compute
from modelcard.techspecs.numbers import power_of_ten

NOTICE = "information for the provider, not a legal assessment"
GPAI = 1e23
SYSTEMIC = 1e25


@dataclass(frozen=True)
class Comparison:
    """Compute against one threshold.

    Attributes:
        threshold: ``"gpai-indicative"``, ``"systemic-risk-presumption"``, ``"modification-one-third"``
            or ``"modification-one-third-systemic"``.
        flop: the threshold in FLOP.
        relation: ``"above"``, ``"below"`` or ``"undetermined"`` (an upper bound above the threshold).
        text: one sentence.
    """

    threshold: str
    flop: float
    relation: str
    text: str


def _relation(compute: Compute, limit: float) -> str:
    if compute.flop > limit:
        return "undetermined" if compute.upper_bound else "above"
    return "below"


_WORDS = {"above": "above", "below": "at or below", "undetermined": "an upper bound above"}


def compare(compute: Compute, *, modification: bool) -> list[Comparison]:
    """The comparisons that apply; ``modification``: the model was trained from a base model."""
    figure = f"{'at most ' if compute.upper_bound else ''}{power_of_ten(compute.flop)} FLOP"
    out = []
    for name, limit, meaning in (
        ("gpai-indicative", GPAI, "indicative of a general-purpose AI model when it generates language, images or video"),
        ("systemic-risk-presumption", SYSTEMIC, "presumption of systemic-risk capabilities, Art. 51(2)"),
    ):
        relation = _relation(compute, limit)
        out.append(Comparison(name, limit, relation, f"{figure} is {_WORDS[relation]} 10^{round(math.log10(limit))} FLOP ({meaning})"))
    if modification:
        for name, limit, of in (
            ("modification-one-third", GPAI / 3, "10^23"),
            ("modification-one-third-systemic", SYSTEMIC / 3, "10^25"),
        ):
            relation = _relation(compute, limit)
            out.append(
                Comparison(
                    name,
                    limit,
                    relation,
                    f"{figure} is {_WORDS[relation]} {power_of_ten(limit, 2)} FLOP, a third of {of} FLOP: whoever "
                    "modifies a model becomes its provider when the modification uses more than a third of the "
                    "original's training compute; the original's figure is not in the run's files, so the "
                    "guidelines' fallback is shown",
                )
            )
    return out

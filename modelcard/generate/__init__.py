"""Generating cards: merge a run's facts with user metadata, render templates, keep edits.

Importing this package is cheap: jinja2, matplotlib and the readers load
only when a card is generated.
"""

from __future__ import annotations

from modelcard.generate.generate import Generated, StaleCardError, generate, generate_card

__all__ = ["Generated", "StaleCardError", "generate", "generate_card"]

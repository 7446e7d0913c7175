"""The model card: lossless front-matter split, YAML with positions."""

from __future__ import annotations

from modelcard.card.card import Card, YamlNote
from modelcard.errors import CardError

__all__ = ["Card", "CardError", "YamlNote"]

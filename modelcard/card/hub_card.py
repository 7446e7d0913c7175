"""A `Card` to and from a ``huggingface_hub.ModelCard`` (any ``RepoCard``), keeping bytes.

``RepoCard`` keeps the text it was made from and re-serialises its metadata
with PyYAML whenever it is written, which drops comments, quoting and layout.
Here the original text is the starting point: only what was changed on the
``RepoCard`` object (top-level metadata keys, the body) is rewritten, with
`Card.update_metadata`'s minimal diff.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huggingface_hub import ModelCard, RepoCard

    from modelcard.card.card import Card


def is_hub_card(value: object) -> bool:
    """Whether ``value`` is a ``huggingface_hub`` ``RepoCard`` (without importing the library)."""
    repocard = sys.modules.get("huggingface_hub.repocard")
    return repocard is not None and isinstance(value, repocard.RepoCard)


def from_hub_card(hub_card: RepoCard, *, path: str | None = None) -> Card:
    """The `Card` of ``hub_card``: its original text, with the changes made on the object.

    Raises:
        CardError: when the text cannot be read as a card.
        TypeError: when ``hub_card`` is not a ``RepoCard``.
    """
    from modelcard.card.card import Card

    if not is_hub_card(hub_card):
        raise TypeError(f"expected a huggingface_hub ModelCard, got {type(hub_card).__name__}")
    original = getattr(hub_card, "_content", None)  # the text the object was built from
    if not isinstance(original, str):
        return Card.from_text(str(hub_card), path=path)
    card = Card.from_text(original, path=path)
    before = type(hub_card)(original, ignore_metadata_errors=True)
    old, new = _metadata(before), _metadata(hub_card)
    if old != new:
        changes = {k: v for k, v in new.items() if k not in old or old[k] != v}
        card = card.update_metadata(changes, [k for k in old if k not in new])
    if hub_card.text != before.text:
        card = card.with_body(hub_card.text)
    return card


def to_hub_card(card: Card, cls: type[RepoCard] | None = None, *, ignore_metadata_errors: bool = True) -> ModelCard:
    """A ``huggingface_hub.ModelCard`` (or ``cls``) built from the card's text.

    ``Card.from_hub_card`` of the result, unchanged, gives back the card's text
    byte for byte. A UTF-8 BOM is left out: ``RepoCard`` would not find the
    front-matter behind it.
    """
    if cls is None:
        from huggingface_hub import ModelCard as cls  # type: ignore[no-redef]
    return cls(card.dumps(), ignore_metadata_errors=ignore_metadata_errors)  # type: ignore[return-value]


def _metadata(hub_card: RepoCard) -> dict[str, Any]:
    return hub_card.data.to_dict()

"""What a ``huggingface_hub.ModelCard`` (any ``RepoCard``) holds, and one built from a card's text.

``RepoCard`` keeps the text it was made from and re-serialises its metadata
with PyYAML whenever it is written, which drops comments, quoting and layout.
`Card.from_hub_card` starts from that original text instead and applies only
what was changed on the object (`changes_made`: top-level metadata keys, the
body) with `Card.update_metadata`'s minimal diff.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huggingface_hub import ModelCard, RepoCard


@dataclass(frozen=True)
class HubCardChanges:
    """A ``RepoCard``'s original text and what was changed on the object since.

    Attributes:
        original: the text the object was made from (its serialisation when it kept none).
        changes: top-level metadata keys set to a new value.
        removed: top-level metadata keys deleted.
        body: the new body, or None when the body was not changed.
    """

    original: str
    changes: dict[str, Any]
    removed: list[str]
    body: str | None = None


def is_hub_card(value: object) -> bool:
    """Whether ``value`` is a ``huggingface_hub`` ``RepoCard`` (without importing the library)."""
    repocard = sys.modules.get("huggingface_hub.repocard")
    return repocard is not None and isinstance(value, repocard.RepoCard)


def changes_made(hub_card: RepoCard) -> HubCardChanges:
    """The text ``hub_card`` was made from and the changes made on the object since.

    Raises:
        TypeError: when ``hub_card`` is not a ``RepoCard``.
    """
    if not is_hub_card(hub_card):
        raise TypeError(f"expected a huggingface_hub ModelCard, got {type(hub_card).__name__}")
    original = getattr(hub_card, "_content", None)  # the text the object was built from
    if not isinstance(original, str):
        return HubCardChanges(str(hub_card), {}, [])
    before = type(hub_card)(original, ignore_metadata_errors=True)
    old, new = _metadata(before), _metadata(hub_card)
    changes = {k: v for k, v in new.items() if k not in old or old[k] != v}
    removed = [k for k in old if k not in new]
    body = hub_card.text if hub_card.text != before.text else None
    return HubCardChanges(original, changes, removed, body)


def to_hub_card(text: str, cls: type[RepoCard] | None = None, *, ignore_metadata_errors: bool = True) -> ModelCard:
    """A ``huggingface_hub.ModelCard`` (or ``cls``) built from a card's ``text``."""
    if cls is None:
        from huggingface_hub import ModelCard as cls  # type: ignore[no-redef]
    return cls(text, ignore_metadata_errors=ignore_metadata_errors)  # type: ignore[return-value]


def _metadata(hub_card: RepoCard) -> dict[str, Any]:
    return hub_card.data.to_dict()

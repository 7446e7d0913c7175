"""Apply what the browser sends (form fields, the YAML box, the body) to the card's text.

Every change is minimal: the form goes through `Card.update_metadata`, and the
YAML box and the body through `merge_lines`, so untouched bytes stay as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelcard.card.split import split
from modelcard.web.lines import merge_lines, normalize


@dataclass(frozen=True)
class Parts:
    """``text[:yaml_start]``, the YAML, ``text[yaml_end:body_start]``, the body; ``newline`` of the card."""

    head: str
    front_matter: str
    middle: str
    body: str
    newline: str
    has_front_matter: bool


def parts(text: str) -> Parts:
    """The card's parts; an unclosed front-matter makes the whole text the body."""
    from modelcard.card.split import detect_newline

    found = split(text)
    if found is None or not found.has_front_matter:
        return Parts("", "", "", text, detect_newline(text), False)
    return Parts(
        text[: found.yaml_start],
        text[found.yaml_start : found.yaml_end],
        text[found.yaml_end : found.body_start],
        text[found.body_start :],
        found.newline,
        True,
    )


def with_front_matter(text: str, yaml_text: str) -> str:
    """``text`` with its YAML replaced by ``yaml_text`` (line endings as the card's)."""
    p = parts(text)
    if not p.has_front_matter:
        if not yaml_text.strip():
            return text
        nl = p.newline
        return f"---{nl}{merge_lines('', normalize(yaml_text), nl)}{nl}---{nl}" + text
    return p.head + merge_lines(p.front_matter, normalize(yaml_text), p.newline) + p.middle + p.body


def with_body(text: str, body: str) -> str:
    """``text`` with its body replaced by ``body``; unchanged lines keep their bytes."""
    p = parts(text)
    return p.head + p.front_matter + p.middle + merge_lines(p.body, normalize(body), p.newline)


def with_form(text: str, form: Mapping[str, Any]) -> str:
    """``text`` with the form's values in its metadata (only the keys that change are rewritten).

    Raises:
        CardError: the front-matter does not parse, so the form cannot apply.
        ValueError: an unknown field or a malformed value.
    """
    from modelcard.card import Card
    from modelcard.web.form import metadata_changes

    original = text
    if not text.strip():
        text = "---\n---\n" + text  # an empty card: the form starts its front-matter
    card = Card.from_text(text)
    changes, removed = metadata_changes(card.metadata, form)
    if not changes and not removed:
        return original
    return card.update_metadata(changes, removed).text


def apply(
    text: str,
    *,
    form: Mapping[str, Any] | None = None,
    front_matter: str | None = None,
    body: str | None = None,
) -> str:
    """Apply the YAML box, then the form, then the body to ``text``."""
    if front_matter is not None:
        text = with_front_matter(text, front_matter)
    if form:
        text = with_form(text, form)
    if body is not None:
        text = with_body(text, body)
    return text

"""The metadata form: which keys it shows, how a card's values fill it, how its values change the card.

A field shows the card's value as text, whatever it is, so an unknown license
stays as the author typed it (the linter says what is wrong with it). A value
the form cannot show (a mapping, a nested list) is left to the YAML box.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: key -> "one" (a single value) or "many" (a list, or a string when it holds one item).
FIELDS: dict[str, str] = {
    "license": "one",
    "license_name": "one",
    "license_link": "one",
    "pipeline_tag": "one",
    "library_name": "one",
    "language": "many",
    "datasets": "many",
    "base_model": "many",
    "tags": "many",
}
#: Keys written as a plain string when they hold one item and were not a list before.
_STRING_WHEN_ONE = frozenset({"base_model"})


@dataclass(frozen=True)
class FieldValue:
    """What one field shows: ``value`` (text or a list of texts), or ``editable=False`` with a reason."""

    value: str | list[str]
    editable: bool = True
    reason: str = ""


def _text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def field_values(metadata: Mapping[Any, Any]) -> dict[str, FieldValue]:
    """The form's fields for a card's metadata."""
    values: dict[str, FieldValue] = {}
    for key, kind in FIELDS.items():
        raw = metadata.get(key)
        if kind == "one":
            text = _text(raw)
            values[key] = FieldValue(text) if text is not None else FieldValue("", False, "a structured value: edit it in the YAML box")
            continue
        items = raw if isinstance(raw, list) else [] if raw is None else [raw]
        texts = [_text(item) for item in items]
        if any(t is None for t in texts):
            values[key] = FieldValue([], False, "nested values: edit them in the YAML box")
        else:
            values[key] = FieldValue([t for t in texts if t])  # type: ignore[misc]
    return values


def metadata_changes(metadata: Mapping[Any, Any], form: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The ``(changes, removed keys)`` that make ``metadata`` say what the form says.

    Only fields present in ``form`` are considered; a field whose value the
    card already holds (as the form shows it) changes nothing.

    Raises:
        ValueError: an unknown field or a value of the wrong shape.
    """
    current = field_values(metadata)
    changes: dict[str, Any] = {}
    removed: list[str] = []
    for key, value in form.items():
        kind = FIELDS.get(key)
        if kind is None:
            raise ValueError(f"`{key}` is not a field of the form")
        if not current[key].editable:
            continue
        if kind == "one":
            if not isinstance(value, str):
                raise ValueError(f"`{key}` takes one text value")
            text = value.strip()
            if text == current[key].value:
                continue
            if text:
                changes[key] = text
            elif key in metadata:
                removed.append(key)
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"`{key}` takes a list of text values")
        items = list(dict.fromkeys(v.strip() for v in value if v.strip()))
        if items == current[key].value:
            continue
        if not items:
            if key in metadata:
                removed.append(key)
        elif len(items) == 1 and (isinstance(metadata.get(key), str) or (key in _STRING_WHEN_ONE and key not in metadata)):
            changes[key] = items[0]
        else:
            changes[key] = items
    return changes, removed

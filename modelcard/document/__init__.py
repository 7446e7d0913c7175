"""Regulatory documentation filled from a run's facts and its card.

``document(path, form="eu-gpai")`` returns the EU AI Act Model Documentation
Form with every field in the form's order: its value and source, or marked
missing for the provider to write. Nothing is invented.
"""

from __future__ import annotations

from modelcard.document.fill import FilledField, FilledForm, document

__all__ = ["FilledField", "FilledForm", "document"]

"""Regulatory documentation filled from a run's facts and its card.

``document(path, form="eu-gpai")`` returns the EU AI Act Model Documentation
Form with every field in the form's order: its value and source, or marked
missing for the provider to write. Nothing is invented.

Imported lazily: the lint rules read :mod:`modelcard.document.sections` only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelcard.document.fill import document
    from modelcard.document.filled import FilledField, FilledForm

_EXPORTS = {
    "FilledField": "modelcard.document.filled",
    "FilledForm": "modelcard.document.filled",
    "document": "modelcard.document.fill",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

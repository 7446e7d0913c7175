"""modelcard: author, lint and publish Hugging Face model cards.

The public API is imported lazily, so that ``import modelcard`` (and
``modelcard lint``) never pays for jinja2, huggingface_hub or codecarbon.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from modelcard.version import __version__

_EXPORTS = {
    "Card": "modelcard.card",
    "CardError": "modelcard.errors",
    "ModelcardError": "modelcard.errors",
    "Diagnostic": "modelcard.diagnostics",
    "Location": "modelcard.diagnostics",
    "Severity": "modelcard.diagnostics",
    "lint": "modelcard.checks",
    "generate": "modelcard.generate",
    "push": "modelcard.hub",
    "load": "modelcard.hub",
    "track": "modelcard.carbon",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.carbon import track
    from modelcard.checks import lint
    from modelcard.diagnostics import Diagnostic, Location, Severity
    from modelcard.errors import CardError, ModelcardError
    from modelcard.generate import generate
    from modelcard.hub import load, push


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'modelcard' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

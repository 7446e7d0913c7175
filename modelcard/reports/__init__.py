"""Renderers: one module per output format, all from the same diagnostics.

Each module defines ``render(diagnostics, *, rules) -> str``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic

FORMATS = ("text", "json", "github", "sarif")
_MODULES = {"text": "text", "json": "json", "github": "github", "sarif": "sarif"}


def render(format: str, diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = ()) -> str:
    """Render diagnostics in one of `FORMATS`."""
    module = importlib.import_module(f"modelcard.reports.{_MODULES[format]}")
    return module.render(diagnostics, rules=rules)

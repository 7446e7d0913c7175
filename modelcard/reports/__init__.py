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

#: The output formats, each the name of its module.
FORMATS = ("text", "json", "github", "sarif")


def render(format: str, diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = (), color: bool = False) -> str:
    """Render diagnostics in one of `FORMATS`; ``color`` applies to ``text`` only."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
    module = importlib.import_module(f"modelcard.reports.{format}")
    if format == "text":
        return module.render(diagnostics, rules=rules, color=color)
    return module.render(diagnostics, rules=rules)

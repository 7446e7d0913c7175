"""Checks: schema validation and lint rules, turned into diagnostics.

``lint`` and ``lint_card`` are imported lazily so that importing
``modelcard.checks.rule`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["lint", "lint_card"]

if TYPE_CHECKING:
    from modelcard.checks.engine import lint, lint_card


def __getattr__(name: str) -> Any:
    if name in __all__:
        from modelcard.checks import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'modelcard.checks' has no attribute {name!r}")

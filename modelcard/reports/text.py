"""``path:line:col: CODE message``, one finding per line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic


def line(d: Diagnostic) -> str:
    return f"{d.path}:{d.location.line}:{d.location.column}: {d.code} {d.message}"


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = ()) -> str:
    return "".join(line(d) + "\n" for d in diagnostics)

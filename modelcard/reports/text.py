"""``path:line:col: CODE severity [*] message``, one finding per line.

``[*]`` marks a finding ``modelcard lint --fix`` can fix. With ``color``, ANSI
colours set the path in bold and the code and severity in the severity's colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic

FIXABLE = "[*]"

_RESET = "\033[0m"
_BOLD = "\033[1m"
_CYAN = "\033[36m"
_SEVERITY_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;34m"}


def line(d: Diagnostic, *, color: bool = False) -> str:
    """One finding, as the text report prints it."""
    severity = d.severity.value
    fix = f" {FIXABLE}" if d.fix is not None else ""
    if not color:
        return f"{d.path}:{d.location.line}:{d.location.column}: {d.code} {severity}{fix} {d.message}"
    tint = _SEVERITY_COLOURS.get(severity, _BOLD)
    fix = f" {_CYAN}{FIXABLE}{_RESET}" if fix else ""
    return (
        f"{_BOLD}{d.path}{_RESET}:{d.location.line}:{d.location.column}: "
        f"{tint}{d.code} {severity}{_RESET}{fix} {d.message}"
    )


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = (), color: bool = False) -> str:
    return "".join(line(d, color=color) + "\n" for d in diagnostics)

"""The values that travel from checks to reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position over the whole file (front-matter and body)."""

    line: int
    column: int = 1


@dataclass(frozen=True)
class Edit:
    """Replace the text between two offsets of the original file."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A safe, minimal change that resolves a diagnostic."""

    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    """One finding: which rule, how bad, what, where, and maybe how to fix it."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    path: str = "-"
    end: Location | None = None
    fix: Fix | None = field(default=None, compare=False)

"""A JSON array of findings, one object each, with fixes as offset edits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic


def as_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "location": {"line": d.location.line, "column": d.location.column},
        "end": {"line": d.end.line, "column": d.end.column} if d.end else None,
        "fix": None
        if d.fix is None
        else {
            "description": d.fix.description,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in d.fix.edits],
        },
    }


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = ()) -> str:
    return json.dumps([as_dict(d) for d in diagnostics], indent=2, ensure_ascii=False) + "\n"

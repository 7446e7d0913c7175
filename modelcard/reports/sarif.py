"""SARIF 2.1.0: a log with every rule's documentation and every finding, fixes included."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.diagnostics import Severity
from modelcard.version import __version__

if TYPE_CHECKING:
    from modelcard.checks.rule import Rule
    from modelcard.diagnostics import Diagnostic

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return quote(path.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def description(rule: Rule) -> str:
    """The first paragraph of the rule's *What it does* section (or its summary)."""
    doc = rule.doc.strip()
    marker = "## What it does"
    if marker in doc:
        rest = doc.split(marker, 1)[1].strip()
        paragraph = rest.split("\n\n", 1)[0].split("\n#", 1)[0]
        return " ".join(paragraph.split())
    return rule.summary


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description(rule)},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default_enabled},
        "properties": {"fixable": rule.fixable},
    }


def _region(d: Diagnostic) -> dict[str, int]:
    region = {"startLine": d.location.line, "startColumn": d.location.column}
    if d.end is not None:
        region.update(endLine=d.end.line, endColumn=d.end.column)
    return region


def result(d: Diagnostic, index: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": d.code}
    if index is not None:
        out["ruleIndex"] = index
    out["level"] = LEVELS[d.severity]
    out["message"] = {"text": d.message}
    out["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(d.path)}, "region": _region(d)}}]
    if d.fix is not None:
        out["fixes"] = [
            {
                "description": {"text": d.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "replacements": [
                            {
                                "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return out


def log(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule]) -> dict[str, Any]:
    index = {rule.code: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelcard",
                        "version": __version__,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "results": [result(d, index.get(d.code)) for d in diagnostics],
            }
        ],
    }


def render(diagnostics: Sequence[Diagnostic], *, rules: Sequence[Rule] = ()) -> str:
    return json.dumps(log(diagnostics, rules=rules), indent=2, ensure_ascii=False) + "\n"

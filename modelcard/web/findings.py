"""Lint a draft with the engine `modelcard lint` uses, and point each finding at its place.

A finding's place is a form field (a top-level key the form shows), a line of
the YAML box, or a line of the body editor; its fix, when it has one, is the
edit ``modelcard lint --fix`` makes.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.card.split import count_lines
from modelcard.checks import registry
from modelcard.web.draft import parts
from modelcard.web.form import FIELDS

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.checks.config import Config
    from modelcard.checks.engine import Checked
    from modelcard.diagnostics import Diagnostic


@dataclass(frozen=True)
class Linter:
    """Lints drafts of one card: its path on disk (for relative links and config) and its name."""

    config: Config
    file: Path | None
    display: str

    def check(self, data: bytes) -> Checked:
        from modelcard.checks.engine import check_bytes

        return check_bytes(data, display=self.display, file=self.file, config=self.config)

    def check_text(self, text: str, bom: bool = False) -> Checked:
        return self.check(encode(text, bom))


def encode(text: str, bom: bool) -> bytes:
    """The file's bytes for a draft's text.

    Raises:
        ValueError: the text holds a lone surrogate.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode") from None
    return codecs.BOM_UTF8 + data if bom else data


def _key_lines(card: Card | None) -> list[tuple[int, str]]:
    if card is None:
        return []
    lines = []
    for key in card.metadata:
        if isinstance(key, str):
            lines.append((card.location((key,), key=True).line, key))
    return sorted(lines)


def place(text: str, card: Card | None, line: int, code: str = "") -> dict[str, Any]:
    """Where line ``line`` of the file (a finding of rule ``code``) is in the editor."""
    p = parts(text)
    body_line = count_lines(text, len(p.head) + len(p.front_matter) + len(p.middle)) + 1
    if line >= body_line or not p.has_front_matter:
        return {"box": "body", "line": max(line - body_line + 1, 1)}
    yaml_line = count_lines(text, len(p.head)) + 1
    where: dict[str, Any] = {"box": "yaml", "line": max(line - yaml_line + 1, 1)}
    key = None
    for key_line, name in _key_lines(card):
        if key_line > line:
            break
        key = name
    rule = registry.get(code) if code else None
    if rule is not None and rule.missing_key:  # a finding about a key that is not there: the field where it goes
        key = rule.missing_key
    if key in FIELDS:
        where["field"] = key
    return where


def describe(diagnostics: list[Diagnostic], text: str, card: Card | None, docs_url: Callable[[str], str]) -> list[dict[str, Any]]:
    """The findings as the editor shows them."""
    return [
        {
            "code": d.code,
            "name": d.name,
            "severity": d.severity.value,
            "message": d.message,
            "line": d.location.line,
            "column": d.location.column,
            "fix": d.fix.description if d.fix is not None else None,
            "docs": docs_url(d.code),
            "place": place(text, card, d.location.line, d.code),
        }
        for d in diagnostics
    ]


def fix_one(linter: Linter, text: str, *, code: str, line: int, column: int) -> str | None:
    """``text`` with the fix of the finding ``code`` at ``line:column`` applied (None: no such fix)."""
    from modelcard.checks.fixes import apply_fixes

    checked = linter.check_text(text)
    if checked.card is None:
        return None
    for d in checked.diagnostics:
        if d.fix is not None and (d.code, d.location.line, d.location.column) == (code, line, column):
            fixed, applied = apply_fixes(checked.card.text, [d.fix])
            return fixed if applied else None
    return None


def fix_all(linter: Linter, text: str) -> tuple[str, int]:
    """``text`` after every safe fix, exactly as ``modelcard lint --fix`` would leave it."""
    from modelcard.checks.fixes import fix_bytes

    outcome = fix_bytes(encode(text, False), linter.check)
    return outcome.data.decode("utf-8"), outcome.applied

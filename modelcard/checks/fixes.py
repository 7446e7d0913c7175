"""Apply the fixes attached to diagnostics, with a minimal diff.

Fixes are edits at offsets of ``card.text``. Non-overlapping fixes are
applied together; the card is then linted again and the remaining fixes
applied, a few times at most, until nothing more can be fixed. Only the
bytes inside the edited spans change: line endings, the byte order mark and
everything else stay as they were.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelcard.diagnostics import Diagnostic, Fix

if TYPE_CHECKING:
    from modelcard.checks.engine import Checked

MAX_PASSES = 5


@dataclass(frozen=True)
class FixOutcome:
    """The bytes after fixing, how many fixes were applied, and what remains."""

    data: bytes
    applied: int
    diagnostics: list[Diagnostic]


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply the fixes whose edits do not overlap an earlier accepted fix.

    Fixes are taken in order of their first edit; a fix that overlaps (or
    touches the same point as) an accepted one is left for the next pass.

    Returns:
        The new text and the number of fixes applied.
    """
    ordered = sorted((f for f in fixes if f.edits), key=lambda f: min(e.start for e in f.edits))
    taken: list[tuple[int, int]] = []
    edits = []
    applied = 0
    for fix in ordered:
        spans = [(e.start, e.end) for e in fix.edits]
        if any(not (0 <= s <= e <= len(text)) for s, e in spans):
            continue
        if any(_overlap(a, b) for a in spans for b in taken) or any(
            _overlap(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :]
        ):
            continue
        taken.extend(spans)
        edits.extend(fix.edits)
        applied += 1
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text, applied


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions: refuse two at the same point
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def fix_bytes(data: bytes, check: Callable[[bytes], Checked]) -> FixOutcome:
    """Fix a card until no fixable diagnostic remains (at most `MAX_PASSES` passes).

    Args:
        data: the file's bytes.
        check: lints bytes (the diagnostics and the card, when it loads).

    A pass whose result no longer loads as a card is discarded.
    """
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    checked = check(data)
    applied = 0
    for _ in range(MAX_PASSES):
        fixes = [d.fix for d in checked.diagnostics if d.fix is not None]
        if not fixes or checked.card is None:
            break
        text, n = apply_fixes(checked.card.text, fixes)
        if n == 0 or text == checked.card.text:
            break
        candidate = bom + text.encode("utf-8")
        rechecked = check(candidate)
        if rechecked.card is None:
            break  # a fix that breaks the card is not applied
        data, checked, applied = candidate, rechecked, applied + n
    return FixOutcome(data, applied, checked.diagnostics)

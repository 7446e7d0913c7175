"""Finding a figure stated in a card's prose: body lines outside code blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: Lines longer than this are not searched (bounds the time on hostile input).
MAX_LINE = 2000


def prose_lines(ctx: CheckContext) -> Iterator[tuple[int, str]]:
    """(file line, text) of each body line outside fenced code blocks."""
    fence: str | None = None
    start = ctx.card.body_start_line
    for index, line in enumerate(ctx.body_lines):
        m = _FENCE.match(line)
        if m and (fence is None or (m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence))):
            fence = m.group(1) if fence is None else None
            continue
        if fence is None and len(line) <= MAX_LINE:
            yield start + index, line

"""Finding a figure stated in a card's prose: body lines outside code blocks."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
#: Lines longer than this are not searched (bounds the time on hostile input).
MAX_LINE = 2000


class Prose:
    """The body lines outside fenced code blocks: build it with
    ``ctx.cached(Prose)`` so that the rules linting a card share it."""

    def __init__(self, ctx: CheckContext) -> None:
        self._lines = ctx.body_lines
        self._text = "\n".join(self._lines)
        self._lower: str | None = None
        self._code: _Ranges | None = None
        self.start_line = ctx.card.body_start_line

    def lines_with(self, word: str) -> Iterator[tuple[int, str]]:
        """(file line, text) of each line outside code blocks that holds the
        lowercase ``word``, in any case, in order."""
        if self._lower is None:
            self._lower = self._text.lower()  # as many lines as the text: lowercase adds no line break
        for index in _lines_holding(self._lower, word):
            if self._code is None:
                self._code = _code_blocks(self._text)
            line = self._lines[index]
            if index not in self._code and len(line) <= MAX_LINE:
                yield self.start_line + index, line


class _Ranges:
    """Line indexes in ascending, disjoint ``[first, last]`` ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._firsts = [first for first, _ in ranges]
        self._lasts = [last for _, last in ranges]

    def __contains__(self, index: int) -> bool:
        i = bisect.bisect_right(self._firsts, index) - 1
        return i >= 0 and index <= self._lasts[i]


def _code_blocks(text: str) -> _Ranges:
    """The lines of fenced code blocks, their fences included (an unclosed block runs to the end)."""
    ranges: list[tuple[int, int]] = []
    fence: str | None = None
    opened = line = counted = 0
    for m in _FENCE.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if fence is None:
            fence, opened = m.group(1), line
        elif m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
            ranges.append((opened, line))
            fence = None
    if fence is not None:
        ranges.append((opened, text.count("\n")))
    return _Ranges(ranges)


def _lines_holding(text: str, word: str) -> Iterator[int]:
    """The 0-based index of each line of ``text`` that holds ``word``, ascending."""
    line, counted = 0, 0
    at = text.find(word)
    while at >= 0:
        line += text.count("\n", counted, at)
        yield line
        counted = text.find("\n", at)
        if counted < 0:
            return
        at = text.find(word, counted)

"""Text and source positions of markdown-it tokens, shared by the body rules.

markdown-it-py gives block tokens a line ``map`` but no columns, and inline
children no position at all. :class:`Located` maps an offset into a token's
``content`` (raw Markdown for paragraphs, headings, table cells and HTML
blocks) back to the exact line and column of the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.diagnostics import Location

if TYPE_CHECKING:
    from markdown_it.token import Token

    from modelcard.checks.context import CheckContext

#: Outline blocks that hold inline Markdown.
TEXT_BLOCKS = frozenset({"paragraph", "heading", "cell"})

_BACKTICKS = re.compile(r"`+")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


class Located:
    """A token's ``content`` with the file position of every offset in it."""

    __slots__ = ("content", "_ctx", "_first", "_cell", "_starts", "_columns")

    def __init__(self, ctx: CheckContext, token: Token, cell: int | None = None) -> None:
        self.content: str = token.content
        self._ctx = ctx
        self._first = token.map[0] if token.map else 0
        self._cell = cell
        self._starts: list[int] | None = None
        self._columns: list[int] = []

    def location(self, offset: int) -> Location:
        """The 1-based file location of ``offset`` into ``content``."""
        if self._starts is None:
            self._index()
        assert self._starts is not None
        n = bisect.bisect_right(self._starts, offset) - 1
        return Location(self._ctx.body_line(self._first + n), self._columns[n] + offset - self._starts[n] + 1)

    def _index(self) -> None:
        lines = self._ctx.body_lines
        self._starts, start = [], 0
        for n, text in enumerate(self.content.split("\n")):
            self._starts.append(start)
            start += len(text) + 1
            source = lines[self._first + n] if self._first + n < len(lines) else ""
            if self._cell is not None:
                starts = cell_starts(source)
                self._columns.append(starts[self._cell] if self._cell < len(starts) else 0)
                continue
            stripped = text.lstrip()
            found = source.rfind(stripped) if stripped else -1
            if found < 0:
                found = len(source) - len(source.lstrip())
            self._columns.append(max(found - (len(text) - len(stripped)), 0))


def inlines(ctx: CheckContext) -> Iterator[tuple[Token, int | None]]:
    """Every inline token of the body (paragraphs, headings, table cells) and its table column.

    ``Located(ctx, token, column)`` gives positions; build it only on a finding.
    """
    cell = -1
    in_table = False
    for token in ctx.tokens:
        kind = token.type
        if kind == "inline":
            yield token, cell if in_table else None
        elif kind == "tr_open":
            cell = -1
        elif kind == "th_open" or kind == "td_open":
            cell += 1
        elif kind == "table_open":
            in_table = True
        elif kind == "table_close":
            in_table = False


def children(token: Token) -> list[Token]:
    """The inline children of ``token``, parsed on first use when the body was parsed block-only.

    Most rules need the raw ``content`` of inline tokens only; those that need
    links, images or inline HTML call this, so a block-only parse stays correct.
    (Reference-style links need the block parse's definitions and stay text then.)
    """
    if token.children or not token.content:
        return token.children or []
    from modelcard.checks.context import markdown_parser

    parser = markdown_parser()
    token.children = []
    parser.inline.parse(token.content, parser, {}, token.children)
    return token.children


def cell_starts(line: str) -> list[int]:
    """0-based columns where the trimmed text of each cell of a table row starts."""
    starts: list[int] = []
    i, n = 0, len(line)
    while i < n and line[i] in " \t":
        i += 1
    if i < n and line[i] == "|":
        i += 1
    while i < n:
        while i < n and line[i] in " \t":
            i += 1
        starts.append(i)
        while i < n and line[i] != "|":
            i += 2 if line[i] == "\\" else 1
        i += 1
    return starts


def masked(content: str, inline: bool = True) -> str:
    """``content`` with HTML comments and, in inline text, code spans blanked out (same length).

    ``inline`` is false for the content of an HTML block, where backticks are text.
    """
    spans: list[tuple[int, int]] = []
    if "<!--" in content:
        spans.extend(m.span() for m in _COMMENT.finditer(content))
    if inline and "`" in content:
        spans.extend(code_spans(content))
    if not spans:
        return content
    chars = list(content)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def code_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every code span: a backtick run closed by the next run of equal length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans, i = [], 0
    while i < len(runs):
        start, end = runs[i]
        same = by_length[end - start]
        k = bisect.bisect_right(same, i)
        if k < len(same):
            close = same[k]
            spans.append((start, runs[close][1]))
            i = close + 1
        else:
            i += 1
    return spans


def strip_comments(text: str) -> str:
    """``text`` without HTML comments."""
    return _COMMENT.sub("", text) if "<!--" in text else text

"""Markdown text helpers shared by the body rules: code spans and HTML comments."""

from __future__ import annotations

import bisect
import re

#: Outline blocks that hold inline Markdown.
TEXT_BLOCKS = frozenset({"paragraph", "heading", "cell"})

_BACKTICKS = re.compile(r"`+")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


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

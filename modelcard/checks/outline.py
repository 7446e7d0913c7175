"""The outline of a body: its blocks in order, from one fast CommonMark pass.

Most body rules ask structural questions (which headings, what follows each,
which lines are code) and read the raw Markdown of a few blocks. The outline
answers them from pyromark's event stream (pulldown-cmark, with tables): every
block once, flat and in document order, with its 0-based body lines and, for
headings, paragraphs, HTML blocks and header cells, its raw text as written.
Inline markup is not interpreted here; a rule that needs links or images
parses only the blocks it cares about.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_LINE_BREAK = re.compile(rb"\r\n?|\n")
_TEXT_LINE_BREAK = re.compile(r"\r\n?|\n")
#: Blocks whose inner events the outline skips: their raw text says enough.
_LEAVES = frozenset({"Paragraph", "Heading", "CodeBlock", "HtmlBlock", "TableCell", "MetadataBlock"})
#: Inline elements that open and close inside a block.
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript"})
_KINDS = {
    "Paragraph": "paragraph",
    "Heading": "heading",
    "CodeBlock": "code",
    "HtmlBlock": "html",
    "Table": "table",
    "List": "list",
    "Item": "item",
    "BlockQuote": "quote",
}


class Block(NamedTuple):
    """One block of the body.

    Attributes:
        kind: ``heading``, ``paragraph``, ``html``, ``code``, ``hr``, ``table``,
            ``list``, ``item``, ``quote`` or ``other``.
        line: its first line (0-based, in the body).
        end: the line after its last line.
        text: the raw Markdown of a heading (without its marks), a paragraph
            (the text of a tight list item counts as one) or an HTML block, or
            the first header cell of a table; empty for other blocks.
        level: a heading's level.
    """

    kind: str
    line: int
    end: int
    text: str = ""
    level: int = 0


def build(body: str) -> list[Block]:
    """The blocks of ``body`` in document order, containers before what they contain."""
    import pyromark

    data = body.encode("utf-8")
    lines = _Lines(data)
    blocks: list[Block] = []
    leaf: str | None = None  # the leaf block being skipped
    items = 0  # open list items
    loose: list[int] | None = None  # [start, end) of a tight list item's text
    head_table: int | None = None  # index of the table whose first header cell is next
    for event, span in pyromark.events_with_range(body, options=pyromark.Options.ENABLE_TABLES):
        kind = type(event)
        if leaf is not None:
            if kind is dict and "End" in event:
                end = event["End"]
                if (end if type(end) is str else next(iter(end))) == leaf:
                    leaf = None
            continue
        if kind is dict and "Start" in event:
            start = event["Start"]
            name = start if type(start) is str else next(iter(start))
            if name in _INLINE:
                loose = _extend(loose, span, items)
                continue
            if loose is not None:
                blocks.append(_paragraph(data, lines, loose[0], loose[1]))
                loose = None
            s, e = span["start"], span["end"]
            if name in _LEAVES:
                leaf = name
            if name == "Heading":
                blocks.append(_heading(data, lines, s, e, int(start["Heading"]["level"][1:])))
            elif name == "Paragraph":
                blocks.append(_paragraph(data, lines, s, e))
            elif name == "HtmlBlock":
                blocks.append(Block("html", lines.of(s), lines.after(e), data[s:e].decode("utf-8")))
            elif name == "TableCell":
                if head_table is not None:
                    table = blocks[head_table]
                    blocks[head_table] = table._replace(text=data[s:e].decode("utf-8").strip())
                    head_table = None
            elif name == "Table":
                head_table = len(blocks)
                blocks.append(Block("table", lines.of(s), lines.after(e)))
            elif name == "TableRow":
                head_table = None
            elif name != "TableHead":
                if name == "Item":
                    items += 1
                blocks.append(Block(_KINDS.get(name, "other"), lines.of(s), lines.after(e)))
        elif kind is dict and "End" in event:
            end = event["End"]
            name = end if type(end) is str else next(iter(end))
            if name in _INLINE:
                continue
            if loose is not None:
                blocks.append(_paragraph(data, lines, loose[0], loose[1]))
                loose = None
            if name == "Item":
                items -= 1
        elif event == "Rule":
            blocks.append(Block("hr", lines.of(span["start"]), lines.after(span["end"])))
        else:  # text, code, inline HTML, breaks: inline content
            loose = _extend(loose, span, items)
    return blocks


def _extend(loose: list[int] | None, span: dict[str, int], items: int) -> list[int] | None:
    """Inline content outside a paragraph: the text of a tight list item."""
    if loose is not None:
        loose[1] = max(loose[1], span["end"])
        return loose
    return [span["start"], span["end"]] if items else None


def _paragraph(data: bytes, lines: _Lines, start: int, end: int) -> Block:
    return Block("paragraph", lines.of(start), lines.after(end), data[start:end].decode("utf-8").strip())


def _heading(data: bytes, lines: _Lines, start: int, end: int, level: int) -> Block:
    """A heading and its text as markdown-it reads it (ATX marks and closing sequence removed)."""
    raw = data[start:end].decode("utf-8")
    first, last = lines.of(start), lines.after(end)
    text = raw.rstrip("\r\n")
    if "\n" in text or "\r" in text:  # setext: every line but the underline
        return Block("heading", first, last, "\n".join(_TEXT_LINE_BREAK.split(text)[:-1]).strip(), level)
    text = text.lstrip(" \t")[level:]
    stripped = text.rstrip(" \t")
    closing = stripped.rstrip("#")
    if len(closing) < len(stripped) and (not closing or closing[-1] in " \t"):
        stripped = closing
    return Block("heading", first, last, stripped.strip(), level)


class _Lines:
    """0-based body lines of byte offsets (CR, LF and CRLF end a line)."""

    __slots__ = ("_data", "_offset", "_line", "_starts")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = self._line = 0
        self._starts: list[int] | None = None
        if b"\r" in data:
            self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(data))]

    def of(self, offset: int) -> int:
        """The line of ``offset``."""
        if self._starts is not None:
            import bisect

            return bisect.bisect_right(self._starts, offset) - 1
        if offset >= self._offset:  # events come mostly in order: count from the last answer
            self._line += self._data.count(b"\n", self._offset, offset)
        else:
            self._line = self._data.count(b"\n", 0, offset)
        self._offset = offset
        return self._line

    def after(self, end: int) -> int:
        """The line after the one holding the last character before ``end``."""
        return self.of(end - 1) + 1 if end > 0 else 0

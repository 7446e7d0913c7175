"""The outline of a body: its blocks in order, from one fast CommonMark pass.

Body rules ask structural questions (which headings, what follows each, which
lines are code, which cells form a table) and read the raw Markdown of a few
blocks. The outline answers them from pyromark's event stream (pulldown-cmark,
with tables): every block once, flat and in document order, with its lines,
and for text blocks (headings, paragraphs, table cells, HTML blocks) the raw
Markdown as written, where it starts, and the links, images and inline HTML
in it. Emphasis and other inline markup are not kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

_LINE_BREAK = re.compile(r"\r\n?|\n")
#: Blocks that hold text; the outline keeps their raw Markdown.
_TEXT = {"Paragraph": "paragraph", "Heading": "heading", "TableCell": "cell"}
#: Inline elements that open and close inside a text block.
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript"})
_KINDS = {"CodeBlock": "code", "HtmlBlock": "html", "Table": "table", "List": "list", "Item": "item", "BlockQuote": "quote"}


class Inline(NamedTuple):
    """A link, an image or a piece of inline HTML in a text block.

    ``start``/``end`` are offsets into the body; ``dest`` the destination (for a
    reference link, its definition's); ``text`` an image's alt text, the first
    text of a link, or the HTML itself.
    """

    kind: str  # "link", "image" or "html"
    start: int
    end: int
    dest: str = ""
    text: str = ""
    reference: bool = False


class Block(NamedTuple):
    """One block of the body.

    Attributes:
        kind: ``heading``, ``paragraph`` (the text of a tight list item counts as
            one), ``cell``, ``html``, ``code``, ``hr``, ``table``, ``list``,
            ``item``, ``quote`` or ``other``.
        start: where its source starts in the body.
        end: where its source ends in the body.
        text: the raw Markdown of a heading (without its marks), a paragraph, a
            table cell (trimmed) or an HTML block; empty for other blocks.
        offset: where ``text`` starts in the body.
        level: a heading's level.
        row: a cell's row in its table (0: the header row).
        column: a cell's column.
        inlines: the links, images and inline HTML of a text block.
    """

    kind: str
    start: int
    end: int
    text: str = ""
    offset: int = 0
    level: int = 0
    row: int = 0
    column: int = 0
    inlines: tuple[Inline, ...] = ()


def build(body: str) -> list[Block]:
    """The blocks of ``body`` in document order, containers before what they contain."""
    import pyromark

    data = body.encode("utf-8")
    char = None if len(data) == len(body) else _Chars(data).of  # pyromark counts UTF-8 bytes
    blocks: list[Block] = []
    add = blocks.append
    # The open text block: [name, start, end, extra, inlines]; extra is None for a tight item's text.
    text: list[Any] | None = None
    skip: str | None = None  # a code or HTML block, whose inner events say nothing more
    items = 0  # open list items: their text is a paragraph even without a Paragraph event
    opened: list[list[Any]] = []  # links and images being read: [kind, start, dest, text, reference, slot]
    row = column = 0
    for event, span in pyromark.events_with_range(body, options=pyromark.Options.ENABLE_TABLES):
        if type(event) is not dict:  # "Rule", "SoftBreak", "HardBreak"
            if skip is None:
                if event == "Rule":
                    s, e = span["start"], span["end"]
                    add(Block("hr", s, e) if char is None else Block("hr", char(s), char(e)))
                elif text is not None:
                    if text[3] is None and span["end"] > text[2]:
                        text[2] = span["end"]
                elif items:
                    text = ["Paragraph", span["start"], span["end"], None, []]
            continue
        ((key, value),) = event.items()
        if key == "Text":
            if text is not None:
                if text[3] is None and span["end"] > text[2]:
                    text[2] = span["end"]
                for link in opened:
                    if link[0] == "image":
                        link[3] = link[3] + value if link[3] else value
                    elif link[3] is None:
                        link[3] = value
            elif items and skip is None:
                text = ["Paragraph", span["start"], span["end"], None, []]
        elif key == "Start":
            if skip is not None:
                continue
            name = value if type(value) is str else next(iter(value))
            s, e = span["start"], span["end"]
            if name in _INLINE:
                if text is None:
                    if not items:
                        continue
                    text = ["Paragraph", s, e, None, []]
                elif text[3] is None and e > text[2]:
                    text[2] = e
                if name == "Image" or name == "Link":
                    info = value[name]
                    kind = info["link_type"]
                    if kind != "Autolink" and kind != "Email":
                        text[4].append(None)  # its place, in document order
                        start = s if char is None else char(s)
                        opened.append([name.lower(), start, info["dest_url"], None, kind != "Inline", len(text[4]) - 1])
                continue
            if text is not None:  # a tight item's text ends where a block starts
                add(_text_block(body, text, char))
                text = None
            if name in _TEXT:
                if name == "Heading":
                    text = [name, s, e, int(value["Heading"]["level"][1:]), []]
                elif name == "TableCell":
                    column += 1
                    text = [name, s, e, (row, column), []]
                else:
                    text = [name, s, e, 0, []]
            elif name == "TableHead":
                row, column = 0, -1
            elif name == "TableRow":
                row, column = row + 1, -1
            else:
                if char is not None:
                    s, e = char(s), char(e)
                if name == "Item":
                    items += 1
                elif name == "CodeBlock":
                    skip = name
                elif name == "HtmlBlock":
                    skip = name
                    add(Block("html", s, e, body[s:e], s))
                    continue
                add(Block(_KINDS.get(name, "other"), s, e))
        elif key == "End":
            name = value if type(value) is str else next(iter(value))
            if skip is not None:
                if name == skip:
                    skip = None
            elif name in _INLINE:
                if (name == "Image" or name == "Link") and opened and opened[-1][0] == name.lower() and text is not None:
                    kind, start, dest, label, reference, slot = opened.pop()
                    e = span["end"]
                    text[4][slot] = Inline(kind, start, e if char is None else char(e), dest, label or "", reference)
            else:
                if text is not None:
                    add(_text_block(body, text, char))
                    text = None
                if name == "Item":
                    items -= 1
        elif skip is None:  # code spans, inline HTML: the content of a text block
            if text is None:
                if not items:
                    continue
                text = ["Paragraph", span["start"], span["end"], None, []]
            elif text[3] is None and span["end"] > text[2]:
                text[2] = span["end"]
            if key == "Code":
                for link in opened:
                    if link[0] == "image":
                        link[3] = link[3] + value if link[3] else value
                    elif link[3] is None:
                        link[3] = ""
            elif key == "InlineHtml":
                s, e = span["start"], span["end"]
                if char is not None:
                    s, e = char(s), char(e)
                text[4].append(Inline("html", s, e, text=value))
    if text is not None:
        add(_text_block(body, text, char))
    return blocks


def _text_block(body: str, text: list[Any], char: Callable[[int], int] | None) -> Block:
    name, s, e, extra, inlines = text
    if char is not None:
        s, e = char(s), char(e)
    raw = body[s:e]
    found = (tuple(i for i in inlines if i is not None) if None in inlines else tuple(inlines)) if inlines else ()
    if name == "Heading":
        content, offset = _heading_text(raw, extra)
        return Block("heading", s, e, content, s + offset, extra, inlines=found)
    content = raw.strip()
    offset = s + len(raw) - len(raw.lstrip()) if content else s
    if name == "TableCell":
        return Block("cell", s, e, content, offset, row=extra[0], column=extra[1], inlines=found)
    return Block("paragraph", s, e, content, offset, inlines=found)


def _heading_text(raw: str, level: int) -> tuple[str, int]:
    """A heading's text as markdown-it reads it (marks and closing sequence removed) and its offset in ``raw``."""
    raw = raw.rstrip("\r\n")
    if "\n" in raw or "\r" in raw:  # setext: every line but the underline
        content = "\n".join(_LINE_BREAK.split(raw)[:-1])
        stripped = content.strip()
        return stripped, len(content) - len(content.lstrip()) if stripped else 0
    start = len(raw) - len(raw.lstrip(" \t")) + level
    text = raw[start:].rstrip(" \t")
    closing = text.rstrip("#")
    if len(closing) < len(text) and (not closing or closing[-1] in " \t"):
        text = closing
    stripped = text.strip()
    return stripped, start + (len(text) - len(text.lstrip()) if stripped else 0)


class _Chars:
    """Character offsets of byte offsets, counted on from the last answer."""

    __slots__ = ("_data", "_byte", "_char")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._byte = self._char = 0

    def of(self, offset: int) -> int:
        if offset >= self._byte:
            self._char += len(self._data[self._byte : offset].decode("utf-8"))
        else:
            self._char -= len(self._data[offset : self._byte].decode("utf-8"))
        self._byte = offset
        return self._char

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

import functools
import re
from typing import Any, NamedTuple

_LINE_BREAK = re.compile(r"\r\n?|\n")
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


#: ``Block`` from a tuple of all its fields, in order: without the Python-level ``__new__``
#: of a named tuple, which costs more than the rest of building a table cell.
_block = functools.partial(tuple.__new__, Block)


class Outline(list):  # type: ignore[type-arg]
    """The blocks of a body in document order, containers before what they contain.

    ``heading_indexes`` indexes its headings; ``linked`` lists the text blocks
    that hold links, images or inline HTML, and the HTML blocks.
    """

    __slots__ = ("heading_indexes", "linked")

    def __init__(self) -> None:
        super().__init__()
        self.heading_indexes: list[int] = []
        self.linked: list[Block] = []


def build(body: str) -> Outline:
    """The outline of ``body``."""
    import pyromark

    data = body.encode("utf-8")
    chars = None if len(data) == len(body) else _Chars(data)  # pyromark counts UTF-8 bytes
    char = None if chars is None else chars.of
    blocks = Outline()
    add, linked = blocks.append, blocks.linked
    # The open text block: its kind (None: none open), source span, heading level or cell
    # position, and inlines. A tight list item's text is a paragraph without its own events.
    kind: str | None = None
    t_start = t_end = level = row = column = 0
    tight = False
    inlines: list[Inline | None] | None = None
    skip: str | None = None  # a code or HTML block, whose inner events say nothing more
    items = 0  # open list items
    opened: list[list[Any]] = []  # links and images being read: [kind, start, dest, text, reference, slot]
    for event, span in pyromark.events_with_range(body, options=pyromark.Options.ENABLE_TABLES):
        if type(event) is not dict:  # "Rule", "SoftBreak", "HardBreak"
            if skip is None:
                if event == "Rule":
                    s, e = span["start"], span["end"]
                    add(_block(("hr", s, e, "", 0, 0, 0, 0, ())) if char is None else _block(("hr", char(s), char(e), "", 0, 0, 0, 0, ())))
                elif kind is not None:
                    if tight and span["end"] > t_end:
                        t_end = span["end"]
                elif items:
                    kind, t_start, t_end, tight, inlines = "paragraph", span["start"], span["end"], True, None
            continue
        if "Text" in event:  # the most common event
            if kind is not None:
                if tight and span["end"] > t_end:
                    t_end = span["end"]
                if opened:
                    value = event["Text"]
                    for link in opened:
                        if link[0] == "image":
                            link[3] = link[3] + value if link[3] else value
                        elif link[3] is None:
                            link[3] = value
            elif items and skip is None:
                kind, t_start, t_end, tight, inlines = "paragraph", span["start"], span["end"], True, None
            continue
        value = event.get("Start")
        if value is not None:
            if skip is not None:
                continue
            name = value if type(value) is str else next(iter(value))
            s, e = span["start"], span["end"]
            if name == "TableCell":
                kind, t_start, t_end, tight, inlines = "cell", s, e, False, None
                column += 1
                continue
            if name in _INLINE:
                if kind is None:
                    if not items:
                        continue
                    kind, t_start, t_end, tight, inlines = "paragraph", s, e, True, None
                elif tight and e > t_end:
                    t_end = e
                if name == "Image" or name == "Link":
                    info = value[name]
                    link_type = info["link_type"]
                    if link_type != "Autolink" and link_type != "Email":
                        if inlines is None:
                            inlines = []
                        inlines.append(None)  # its place, in document order
                        start = s if char is None else char(s)
                        opened.append([name.lower(), start, info["dest_url"], None, link_type != "Inline", len(inlines) - 1])
                continue
            if kind is not None:  # a tight item's text ends where a block starts
                _add_text(blocks, body, chars, kind, t_start, t_end, level, row, column, inlines)
                kind = None
            if name == "Paragraph":
                kind, t_start, t_end, tight, inlines = "paragraph", s, e, False, None
            elif name == "Heading":
                kind, t_start, t_end, tight, inlines = "heading", s, e, False, None
                level = int(value["Heading"]["level"][1:])
            elif name == "TableRow":
                row, column = row + 1, -1
            elif name == "TableHead":
                row, column = 0, -1
            else:
                if char is not None:
                    s, e = char(s), char(e)
                if name == "Item":
                    items += 1
                elif name == "CodeBlock":
                    skip = name
                elif name == "HtmlBlock":
                    skip = name
                    html = _block(("html", s, e, body[s:e], s, 0, 0, 0, ()))
                    linked.append(html)
                    add(html)
                    continue
                add(_block((_KINDS.get(name, "other"), s, e, "", 0, 0, 0, 0, ())))
            continue
        value = event.get("End")
        if value is not None:
            name = value if type(value) is str else next(iter(value))
            if skip is not None:
                if name == skip:
                    skip = None
            elif name == "TableCell":  # the most common text block: built here
                if chars is None:
                    s, e = t_start, t_end
                    raw = body[s:e]
                else:
                    s, raw = chars.text(t_start, t_end)
                    e = s + len(raw)
                content = raw.strip()
                if inlines:
                    cell = _block(("cell", s, e, content, s + len(raw) - len(raw.lstrip()), 0, row, column, _found(inlines)))
                    linked.append(cell)
                else:
                    cell = _block(("cell", s, e, content, s + len(raw) - len(raw.lstrip()) if content else s, 0, row, column, ()))
                add(cell)
                kind = None
            elif name in _INLINE:
                if (name == "Image" or name == "Link") and opened and opened[-1][0] == name.lower() and inlines:
                    link_kind, start, dest, label, reference, slot = opened.pop()
                    e = span["end"]
                    inlines[slot] = Inline(link_kind, start, e if char is None else char(e), dest, label or "", reference)
            else:
                if kind is not None:
                    _add_text(blocks, body, chars, kind, t_start, t_end, level, row, column, inlines)
                    kind = None
                if name == "Item":
                    items -= 1
            continue
        if skip is None:  # code spans, inline HTML: the content of a text block
            ((key, value),) = event.items()
            if kind is None:
                if not items:
                    continue
                kind, t_start, t_end, tight, inlines = "paragraph", span["start"], span["end"], True, None
            elif tight and span["end"] > t_end:
                t_end = span["end"]
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
                if inlines is None:
                    inlines = []
                inlines.append(Inline("html", s, e, "", value))
    if kind is not None:
        _add_text(blocks, body, chars, kind, t_start, t_end, level, row, column, inlines)
    return blocks


def _found(inlines: list[Inline | None]) -> tuple[Inline, ...]:
    """The inlines read to their end (a link the parser left open has no place)."""
    return tuple([i for i in inlines if i is not None]) if None in inlines else tuple(inlines)  # type: ignore[arg-type]


def _add_text(
    outline: Outline,
    body: str,
    chars: _Chars | None,
    kind: str,
    start: int,
    end: int,
    level: int,
    row: int,
    column: int,
    inlines: list[Inline | None] | None,
) -> None:
    if chars is None:
        raw = body[start:end]
    else:
        start, raw = chars.text(start, end)
        end = start + len(raw)
    found = _found(inlines) if inlines else ()
    if kind == "heading":
        content, offset = _heading_text(raw, level)
        outline.heading_indexes.append(len(outline))
        block = _block(("heading", start, end, content, start + offset, level, 0, 0, found))
    else:
        content = raw.strip()
        offset = start + len(raw) - len(raw.lstrip()) if content else start
        block = _block((kind, start, end, content, offset, 0, row, column, found))
    if found:
        outline.linked.append(block)
    outline.append(block)


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

    def text(self, start: int, end: int) -> tuple[int, str]:
        """The character offset of byte offset ``start``, and the text up to byte offset ``end``."""
        char = self.of(start)
        text = self._data[start:end].decode("utf-8")
        self._byte, self._char = end, char + len(text)
        return char, text

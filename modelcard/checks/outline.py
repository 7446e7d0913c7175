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
from typing import Any, NamedTuple

_LINE_BREAK = re.compile(r"\r\n?|\n")
#: Inline elements that open and close inside a text block.
_INLINE = frozenset({"Emphasis", "Strong", "Strikethrough", "Link", "Image", "Superscript", "Subscript"})
#: An event's source span: UTF-8 byte offsets ``start`` and ``end``.
Span = dict[str, int]
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

    builder = _Builder(body)
    marker, text, start, end, inline = builder.marker, builder.text, builder.start, builder.end, builder.inline
    for event, span in pyromark.events_with_range(body, options=pyromark.Options.ENABLE_TABLES):
        if type(event) is not dict:  # "Rule", "SoftBreak", "HardBreak"
            marker(event, span)
        elif "Text" in event:  # the most common event
            text(event["Text"], span)
        elif "Start" in event:
            start(event["Start"], span)
        elif "End" in event:
            end(event["End"], span)
        else:  # code spans, inline HTML
            ((key, value),) = event.items()
            inline(key, value, span)
    builder.close_text()
    return builder.outline


class _Link:
    """A link or image being read: its text grows until its end event."""

    __slots__ = ("kind", "start", "dest", "text", "reference", "slot")

    def __init__(self, kind: str, start: int, dest: str, reference: bool, slot: int) -> None:
        self.kind, self.start, self.dest, self.reference, self.slot = kind, start, dest, reference, slot
        self.text: str | None = None

    def add(self, value: str) -> None:
        """Images keep all their text (the alt text), links their first text."""
        if self.kind == "image":
            self.text = self.text + value if self.text else value
        elif self.text is None:
            self.text = value


class _Builder:
    """Turns pyromark's events into an :class:`Outline`, one handler per kind of event.

    Offsets in the events are UTF-8 byte offsets, converted to characters here.
    At most one text block (heading, paragraph, cell) is open at a time; a tight
    list item's text is a paragraph without events of its own, opened by its
    first inline content and closed by the next block.
    """

    __slots__ = (
        "body", "chars", "outline", "kind", "start_at", "end_at", "tight", "level",
        "row", "column", "inlines", "skip", "items", "links",
    )  # fmt: skip

    def __init__(self, body: str) -> None:
        data = body.encode("utf-8")
        self.body = body
        self.chars = None if len(data) == len(body) else _Chars(data)
        self.outline = Outline()
        # The open text block: its kind (None: none open), its byte span, whether it is a
        # tight item's text, a heading's level or a cell's position, and its inlines.
        self.kind: str | None = None
        self.start_at = self.end_at = self.level = self.row = self.column = 0
        self.tight = False
        self.inlines: list[Inline | None] | None = None
        self.skip: str | None = None  # a code or HTML block, whose inner events say nothing more
        self.items = 0  # open list items
        self.links: list[_Link] = []

    # -- the events ---------------------------------------------------------------

    def marker(self, event: str, span: Span) -> None:
        """A thematic break, or a line break inside a text block."""
        if self.skip is not None:
            return
        if event == "Rule":
            self.outline.append(Block(kind="hr", start=self._char(span["start"]), end=self._char(span["end"])))
        else:
            self._content(span)

    def text(self, value: str, span: Span) -> None:
        if self.kind is not None:
            if self.tight:
                self._extend(span["end"])
            if self.links:
                for link in self.links:
                    link.add(value)
        elif self.skip is None:
            self._content(span)

    def inline(self, key: str, value: str, span: Span) -> None:
        """A code span or a piece of inline HTML."""
        if self.skip is not None or not self._content(span):
            return
        if key == "Code":
            for link in self.links:
                link.add(value if link.kind == "image" else "")
        elif key == "InlineHtml":
            start, end = self._char(span["start"]), self._char(span["end"])
            self._inlines().append(Inline(kind="html", start=start, end=end, text=value))

    def start(self, value: str | dict[str, Any], span: Span) -> None:
        if self.skip is not None:
            return
        name = value if type(value) is str else next(iter(value))
        if name == "TableCell":  # the most common block
            self.kind, self.start_at, self.end_at, self.tight, self.inlines = "cell", span["start"], span["end"], False, None
            self.column += 1
        elif name in _INLINE:
            if self._content(span) and (name == "Image" or name == "Link"):
                self._start_link(name, value[name], span["start"])  # type: ignore[index]
        else:
            if self.kind is not None:  # a tight item's text ends where a block starts
                self.close_text()
            self._start_block(name, value, span)

    def end(self, value: str | dict[str, Any], span: Span) -> None:
        name = value if type(value) is str else next(iter(value))
        if self.skip is not None:
            if name == self.skip:
                self.skip = None
        elif name in _INLINE:
            if name == "Image" or name == "Link":
                self._end_link(name.lower(), span["end"])
        else:
            if self.kind is not None:
                self.close_text()
            if name == "Item":
                self.items -= 1

    # -- blocks -------------------------------------------------------------------

    def _start_block(self, name: str, value: str | dict[str, Any], span: Span) -> None:
        if name == "Paragraph":
            self._open("paragraph", span)
        elif name == "Heading":
            self._open("heading", span)
            self.level = int(value["Heading"]["level"][1:])  # type: ignore[index]
        elif name == "TableHead":
            self.row, self.column = 0, -1
        elif name == "TableRow":
            self.row, self.column = self.row + 1, -1
        else:
            start, end = span["start"], span["end"]
            if self.chars is not None:
                start, end = self.chars.of(start), self.chars.of(end)
            if name == "HtmlBlock":
                self.skip = name
                html = Block(kind="html", start=start, end=end, text=self.body[start:end], offset=start)
                self.outline.linked.append(html)
                self.outline.append(html)
                return
            if name == "Item":
                self.items += 1
            elif name == "CodeBlock":
                self.skip = name
            self.outline.append(Block(kind=_KINDS.get(name, "other"), start=start, end=end))

    def _open(self, kind: str, span: Span, *, tight: bool = False) -> None:
        self.kind, self.start_at, self.end_at, self.tight, self.inlines = kind, span["start"], span["end"], tight, None

    def _content(self, span: Span) -> bool:
        """Inline content: it extends the open text block or opens a tight item's text.

        Returns whether a text block is open (inline content outside one is ignored).
        """
        if self.kind is not None:
            if self.tight:
                self._extend(span["end"])
        elif self.items:
            self._open("paragraph", span, tight=True)
        else:
            return False
        return True

    def _extend(self, end: int) -> None:
        """A tight item's text ends where its last inline content ends."""
        if end > self.end_at:
            self.end_at = end

    def close_text(self) -> None:
        """Add the open text block, if any, to the outline."""
        kind, chars, read, outline = self.kind, self.chars, self.inlines, self.outline
        if kind is None:
            return
        self.kind = None
        if chars is None:
            start, end = self.start_at, self.end_at
            raw = self.body[start:end]
        else:
            start, raw = chars.text(self.start_at, self.end_at)
            end = start + len(raw)
        inlines = _found(read) if read else ()
        if kind == "heading":
            text, offset = _heading_text(raw, self.level)
            outline.heading_indexes.append(len(outline))
            block = Block(kind=kind, start=start, end=end, text=text, offset=start + offset, level=self.level, inlines=inlines)
        else:
            text = raw.strip()
            offset = start + len(raw) - len(raw.lstrip()) if text else start
            block = Block(kind=kind, start=start, end=end, text=text, offset=offset, row=self.row, column=self.column, inlines=inlines)
        if inlines or (read and kind == "cell"):
            outline.linked.append(block)
        outline.append(block)

    # -- links and images ---------------------------------------------------------

    def _start_link(self, name: str, info: dict[str, Any], start: int) -> None:
        link_type = info["link_type"]
        if link_type == "Autolink" or link_type == "Email":
            return
        inlines = self._inlines()
        inlines.append(None)  # its place, in document order
        self.links.append(_Link(name.lower(), self._char(start), info["dest_url"], link_type != "Inline", len(inlines) - 1))

    def _end_link(self, kind: str, end: int) -> None:
        links, inlines = self.links, self.inlines
        if links and links[-1].kind == kind and inlines:
            link = links.pop()
            inlines[link.slot] = Inline(
                kind=kind, start=link.start, end=self._char(end), dest=link.dest, text=link.text or "", reference=link.reference
            )

    def _inlines(self) -> list[Inline | None]:
        if self.inlines is None:
            self.inlines = []
        return self.inlines

    def _char(self, offset: int) -> int:
        return offset if self.chars is None else self.chars.of(offset)


def _found(inlines: list[Inline | None]) -> tuple[Inline, ...]:
    """The inlines read to their end (a link the parser left open has no place)."""
    return tuple([i for i in inlines if i is not None]) if None in inlines else tuple(inlines)  # type: ignore[arg-type]


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

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

import bisect
import re
from typing import NamedTuple

_LINE_BREAK = re.compile(rb"\r\n?|\n")
_TEXT_LINE_BREAK = re.compile(r"\r\n?|\n")
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
        line: its first line (0-based, in the body).
        end: the line after its last line.
        text: the raw Markdown of a heading (without its marks), a paragraph, a
            table cell (trimmed) or an HTML block; empty for other blocks.
        offset: where ``text`` starts in the body.
        level: a heading's level.
        row: a cell's row in its table (0: the header row).
        column: a cell's column.
        inlines: the links, images and inline HTML of a text block.
    """

    kind: str
    line: int
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

    return _Builder(body).run(pyromark.events_with_range(body, options=pyromark.Options.ENABLE_TABLES))


class _Builder:
    def __init__(self, body: str) -> None:
        self.body = body
        self.data = data = body.encode("utf-8")
        self.lines = _Lines(data)
        self.chars = _Chars(body, data)
        self.blocks: list[Block] = []

    def run(self, events: object) -> list[Block]:
        blocks, lines, chars = self.blocks, self.lines, self.chars
        text: list[object] | None = None  # the open text block: [name, start, end, extra, inlines]
        skip: str | None = None  # a code or HTML block, whose events say nothing more
        items = 0  # open list items: their text is a paragraph even without one
        opened: list[list[object]] = []  # links and images being read: [kind, start, end, dest, text, ref]
        row = column = 0
        for event, span in events:  # type: ignore[attr-defined]
            if type(event) is not dict:
                if skip is None:
                    if event == "Rule":
                        blocks.append(Block("hr", lines.of(span["start"]), lines.after(span["end"])))
                    elif text is None and items:
                        text = ["Paragraph", span["start"], span["end"], None, []]
                    elif text is not None:
                        text[2] = max(text[2], span["end"])  # type: ignore[call-overload]
                continue
            ((key, value),) = event.items()
            if key == "Start":
                name = value if type(value) is str else next(iter(value))
                if skip is not None:
                    continue
                s, e = span["start"], span["end"]
                if name in _INLINE:
                    if text is None and items:
                        text = ["Paragraph", s, e, None, []]
                    elif text is not None and text[3] is None:
                        text[2] = max(text[2], e)  # type: ignore[call-overload]
                    if name == "Image" or name == "Link":
                        info = value[name]
                        kind = info["link_type"]
                        if kind not in ("Autolink", "Email") and text is not None:
                            text[4].append(None)  # type: ignore[attr-defined]  # its place, in document order
                            slot = len(text[4]) - 1  # type: ignore[arg-type]
                            opened.append([name.lower(), chars.of(s), e, info["dest_url"], None, kind != "Inline", slot])
                    continue
                if text is not None and text[3] is None:  # a tight item's text ends where a block starts
                    self._text(text)
                    text = None
                if name in _TEXT:
                    extra: object = 0
                    if name == "Heading":
                        extra = int(value["Heading"]["level"][1:])
                    elif name == "TableCell":
                        column += 1
                        extra = (row, column)
                    text = [name, s, e, extra, []]
                elif name == "TableHead":
                    row, column = 0, -1
                elif name == "TableRow":
                    row, column = row + 1, -1
                else:
                    if name == "Item":
                        items += 1
                    elif name == "CodeBlock" or name == "HtmlBlock":
                        skip = name
                    raw = self.body[chars.of(s) : chars.of(e)] if name == "HtmlBlock" else ""
                    blocks.append(Block(_KINDS.get(name, "other"), lines.of(s), lines.after(e), raw, chars.of(s)))
            elif key == "End":
                name = value if type(value) is str else next(iter(value))
                if skip is not None:
                    if name == skip:
                        skip = None
                    continue
                if name in _INLINE:
                    if (name == "Image" or name == "Link") and opened and opened[-1][0] == name.lower():
                        kind, s, e, dest, label, reference, slot = opened.pop()
                        if text is not None:
                            found = Inline(kind, s, chars.of(e), dest, label or "", reference)  # type: ignore[arg-type]
                            text[4][slot] = found  # type: ignore[index]
                    continue
                if text is not None:
                    self._text(text)
                    text = None
                if name == "Item":
                    items -= 1
            elif skip is None:  # text, code, inline HTML: the content of a text block
                if text is None and items:
                    text = ["Paragraph", span["start"], span["end"], None, []]
                elif text is not None and text[3] is None:
                    text[2] = max(text[2], span["end"])  # type: ignore[call-overload]
                if key == "Text" or key == "Code":
                    for link in opened:
                        if link[0] == "image":
                            link[4] = (link[4] or "") + value
                        elif link[4] is None:
                            link[4] = value if key == "Text" else ""
                elif key == "InlineHtml" and text is not None:
                    s = chars.of(span["start"])
                    text[4].append(Inline("html", s, chars.of(span["end"]), text=value))  # type: ignore[attr-defined]
        if text is not None:
            self._text(text)
        return blocks

    def _text(self, text: list[object]) -> None:
        name, start, end, extra, inlines = text
        s, e = self.chars.of(start), self.chars.of(end)  # type: ignore[arg-type]
        raw = self.body[s:e]
        line, after = self.lines.of(start), self.lines.after(end)  # type: ignore[arg-type]
        found = tuple(i for i in inlines if i is not None)  # type: ignore[attr-defined]
        if name == "Heading":
            content, offset = _heading_text(raw, extra)  # type: ignore[arg-type]
            self.blocks.append(Block("heading", line, after, content, s + offset, extra, inlines=found))  # type: ignore[arg-type]
            return
        content = raw.strip()
        offset = s + len(raw) - len(raw.lstrip()) if content else s
        if name == "TableCell":
            row, column = extra  # type: ignore[misc]
            self.blocks.append(Block("cell", line, after, content, offset, row=row, column=column, inlines=found))
        else:
            self.blocks.append(Block("paragraph", line, after, content, offset, inlines=found))


def _heading_text(raw: str, level: int) -> tuple[str, int]:
    """A heading's text as markdown-it reads it (marks and closing sequence removed) and its offset in ``raw``."""
    raw = raw.rstrip("\r\n")
    if "\n" in raw or "\r" in raw:  # setext: every line but the underline
        content = "\n".join(_TEXT_LINE_BREAK.split(raw)[:-1])
        stripped = content.strip()
        return stripped, len(content) - len(content.lstrip()) if stripped else 0
    start = len(raw) - len(raw.lstrip(" \t")) + level
    text = raw[start:].rstrip(" \t")
    closing = text.rstrip("#")
    if len(closing) < len(text) and (not closing or closing[-1] in " \t"):
        text = closing
    stripped = text.strip()
    return stripped, start + (len(text) - len(text.lstrip()) if stripped else 0)


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
            return bisect.bisect_right(self._starts, offset) - 1
        if offset >= self._offset:  # events come mostly in order: count on from the last answer
            self._line += self._data.count(b"\n", self._offset, offset)
        else:
            self._line = self._data.count(b"\n", 0, offset)
        self._offset = offset
        return self._line

    def after(self, end: int) -> int:
        """The line after the one that holds the last character before ``end``."""
        return self.of(end - 1) + 1 if end > 0 else 0


class _Chars:
    """Character offsets of byte offsets (pyromark counts UTF-8 bytes)."""

    __slots__ = ("_data", "_ascii", "_byte", "_char")

    def __init__(self, body: str, data: bytes) -> None:
        self._data = data
        self._ascii = len(data) == len(body)
        self._byte = self._char = 0

    def of(self, offset: int) -> int:
        if self._ascii:
            return offset
        if offset >= self._byte:
            self._char += len(self._data[self._byte : offset].decode("utf-8"))
        else:
            self._char -= len(self._data[offset : self._byte].decode("utf-8"))
        self._byte = offset
        return self._char

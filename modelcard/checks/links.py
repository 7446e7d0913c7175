"""The relative links of a card body: one extractor for lint (MC206) and pull's verification.

Markdown links and images (inline and reference) come from the outline; HTML
targets (``<a href>``, ``<img src>``, ``<source src>``) from HTML blocks and
inline HTML, outside comments and code spans. URLs, ``#anchors``, site-absolute
paths (``/docs``) and template placeholders (``{...}``) are not relative links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urlsplit

from modelcard.checks.rules._markdown import TEXT_BLOCKS, masked

if TYPE_CHECKING:
    from modelcard.checks.outline import Block, Outline

# An inline link or image not to a URL, #anchor or /path; a reference link.
_MAYBE_RELATIVE = re.compile(r"\](?:\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/])|\[)")
# An HTML target (looked for only in text with an `=`).
_MAYBE_HTML_TARGET = re.compile(r"(?i:href|src)\s*=")
_HTML_TARGET = re.compile(r"""<(?:a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class Link(NamedTuple):
    """A relative link: ``path`` (decoded, without query or fragment) as ``href`` writes it at ``offset`` in the body.

    For a reference link whose destination is not written in the paragraph,
    ``offset`` is where its ``[label]`` is.
    """

    path: str
    href: str
    offset: int


def relative_links(outline: Outline) -> Iterator[Link]:
    """Every relative link and image target of the body, in document order."""
    for block in outline.linked:
        if block.kind == "html":
            if "=" in block.text:
                yield from _html(block.offset, masked(block.text, inline=False))
            continue
        if block.kind not in TEXT_BLOCKS or not block.inlines or not _maybe_relative(block.text):
            continue
        yield from _text_block(block)


def relative_path(href: str) -> str | None:
    """The file path a link target names inside the repository, or None when it is no relative link."""
    if not href or href[0] in "#/\\" or "{" in href:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(parts.path)


def _text_block(block: Block) -> Iterator[Link]:
    text, start = block.text, block.offset
    html_read = False
    for item in block.inlines:
        if item.kind == "html":
            if not html_read and "=" in item.text:
                html_read = True  # every HTML target of the block, found in its text at once
                yield from _html(start, masked(text))
            continue
        label = f"[{item.text}]"
        offset = _find(text, item.dest, item.start - start, label)
        yield from _link(item.dest, start + max(offset, item.start - start, 0))


def _maybe_relative(text: str) -> bool:
    """Whether ``text`` may link to a relative path (a cheap test before locating links)."""
    return _MAYBE_RELATIVE.search(text) is not None or ("=" in text and _MAYBE_HTML_TARGET.search(text) is not None)


def _html(start: int, text: str) -> Iterator[Link]:
    for match in _HTML_TARGET.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        yield from _link(match.group(group), start + match.start(group))


def _link(href: str, offset: int) -> Iterator[Link]:
    path = relative_path(href)
    if path is not None:
        yield Link(path, href, offset)


def _find(content: str, href: str, start: int, label: str) -> int:
    """Where the destination is written, or the ``[label]`` of a reference link."""
    for prefix, raw in (("](", href), ("](", unquote(href)), ("", href), ("", unquote(href)), ("", label)):
        found = content.find(prefix + raw, start)
        if found >= 0:
            return found + len(prefix)
    return -1

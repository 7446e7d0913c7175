"""Front-matter split, with the same regular expression as the Hub."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from modelcard.diagnostics import Location

# Identical to huggingface_hub.repocard.REGEX_YAML_BLOCK (the Hub server's split).
FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
# `---` directly followed by `---`: the Hub regex needs a line between the two.
EMPTY_FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))()(---[ \t]*(\r\n|\n|$))")
# An opening `---` line without a closing one.
OPENING = re.compile(r"^\s*---[ \t]*(?:\r\n|\r|\n|$)")
_LEADING_SPACE = re.compile(r"\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Split:
    """Offsets into the card text of the front-matter parts.

    ``text[yaml_start:yaml_end]`` is the YAML; ``text[body_start:]`` is the body.
    ``open_start`` is where the opening ``---`` is (after leading whitespace).
    Without front-matter every offset is 0.
    """

    has_front_matter: bool
    open_start: int = 0
    yaml_start: int = 0
    yaml_end: int = 0
    body_start: int = 0
    newline: str = "\n"


_CLOSING = re.compile(r"(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\n|$)")


def split(text: str) -> Split | None:
    """Locate the front-matter of ``text`` exactly where `FRONT_MATTER` would.

    The regular expression's lazy scan tests every character; this finds the
    opening with string methods and the closing with one search, which is
    several times faster on long front-matter and gives the same offsets.

    Returns:
        A `Split`; ``None`` when the text opens a front-matter that never closes.
    """
    open_start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("---", open_start):
        return Split(has_front_matter=False)
    after = open_start + 3
    newline = text[after : after + 2]
    if newline != "\r\n":
        newline = newline[:1]
        if newline not in ("\n", "\r"):
            return None if OPENING.match(text) else Split(has_front_matter=False)
    yaml_start = after + len(newline)
    closing = _CLOSING.search(text, yaml_start)
    if closing is None and newline == "\r\n":
        # The Hub's regex backtracks to a bare "\r" opening: "---\r\n---\r\n" is front-matter.
        closing = _CLOSING.match(text, yaml_start - 1)
        if closing is not None:
            yaml_start -= 1
    if closing is None:
        empty = EMPTY_FRONT_MATTER.match(text)
        if empty is None:
            return None
        closing_start = yaml_start
        body_start = empty.end()
    else:
        closing_start = closing.start()
        body_start = closing.end()
    return Split(
        has_front_matter=True,
        open_start=open_start,
        yaml_start=yaml_start,
        yaml_end=closing_start,
        body_start=body_start,
        newline=newline,
    )


def detect_newline(text: str) -> str:
    """The most common line ending of ``text`` (``\\n`` when there is none)."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def newline_of(text: str, found: Split) -> str:
    """The line ending of the front-matter ``found`` in ``text`` (of the whole text without one)."""
    return found.newline if found.has_front_matter else detect_newline(text)


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    if "\r" in text:
        return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    starts, end = [0], text.find("\n")
    while end >= 0:
        starts.append(end + 1)
        end = text.find("\n", end + 1)
    return starts


def location_at(starts: list[int], offset: int) -> Location:
    """The 1-based line and column of ``offset`` in a text whose lines start at ``starts``."""
    line = bisect_right(starts, offset)
    return Location(line, offset - starts[line - 1] + 1)


def count_lines(text: str, end: int) -> int:
    """Number of line breaks in ``text[:end]``."""
    lf = text.count("\n", 0, end)
    cr = text.count("\r", 0, end)
    crlf = text.count("\r\n", 0, end) if cr else 0
    return lf + cr - crlf

"""Front-matter split, with the same regular expression as the Hub."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Identical to huggingface_hub.repocard.REGEX_YAML_BLOCK (the Hub server's split).
FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
# `---` directly followed by `---`: the Hub regex needs a line between the two.
EMPTY_FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))()(---[ \t]*(\r\n|\n|$))")
# An opening `---` line without a closing one.
OPENING = re.compile(r"^\s*---[ \t]*(?:\r\n|\r|\n|$)")
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


def split(text: str) -> Split | None:
    """Locate the front-matter of ``text``.

    Returns:
        A `Split`; ``None`` when the text opens a front-matter that never closes.
    """
    match = FRONT_MATTER.match(text) or EMPTY_FRONT_MATTER.match(text)
    if match is None:
        if OPENING.match(text):
            return None
        return Split(has_front_matter=False)
    opening = match.group(1)
    newline = "\r\n" if opening.endswith("\r\n") else opening[-1]
    return Split(
        has_front_matter=True,
        open_start=match.end(1) - len(newline) - 3,
        yaml_start=match.start(2),
        yaml_end=match.end(2),
        body_start=match.end(),
        newline=newline,
    )


def detect_newline(text: str) -> str:
    """The most common line ending of ``text`` (``\\n`` when there is none)."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts (``\\r\\n``, ``\\r`` and ``\\n`` end a line)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def count_lines(text: str, end: int) -> int:
    """Number of line breaks in ``text[:end]``."""
    lf = text.count("\n", 0, end)
    cr = text.count("\r", 0, end)
    crlf = text.count("\r\n", 0, end) if cr else 0
    return lf + cr - crlf

"""Merge text edited in a browser back into the original, keeping untouched bytes.

A ``<textarea>`` hands back its text with every line ending turned into
``\\n``. `merge_lines` finds the lines that changed and rewrites only those:
the other lines keep their original endings (``\\r\\n``, ``\\r``) byte for byte.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def normalize(text: str) -> str:
    """``text`` with ``\\r\\n`` and ``\\r`` line endings as ``\\n``, as a browser sends it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> list[str]:
    return _LINE.findall(text)


def merge_lines(old: str, new: str, newline: str = "\n") -> str:
    """``new`` (an edited, normalised copy of ``old``) with ``old``'s bytes on unchanged lines.

    Inserted or changed lines end with ``newline``.

    Example:
        >>> merge_lines("a\\r\\nb\\r\\n", "a\\nB\\n", "\\r\\n")
        'a\\r\\nB\\r\\n'
    """
    if normalize(old) == new:
        return old
    old_lines = _split(old)
    new_lines = _split(new)
    old_keys = [normalize(line) for line in old_lines]
    out: list[str] = []
    matcher = SequenceMatcher(None, old_keys, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old_lines[i1:i2])
            continue
        for line in new_lines[j1:j2]:
            out.append(line[:-1] + newline if line.endswith("\n") else line)
    return "".join(out)

"""Merge text edited in a browser back into the original, keeping untouched bytes.

A ``<textarea>`` hands back its text with every line ending turned into
``\\n``. `merge_lines` finds the lines that changed and rewrites only those:
the other lines keep their original endings (``\\r\\n``, ``\\r``) byte for byte.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
#: Above this many line pairs to compare, changed lines are rewritten without matching them.
MAX_MATCHED = 4_000_000


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
    # The lines both share at the start and at the end need no matching (an edit is usually local).
    start = 0
    limit = min(len(old_keys), len(new_lines))
    while start < limit and old_keys[start] == new_lines[start]:
        start += 1
    end = 0
    while end < limit - start and old_keys[-1 - end] == new_lines[-1 - end]:
        end += 1
    out = old_lines[:start]
    middle_old, middle_new = old_keys[start : len(old_keys) - end], new_lines[start : len(new_lines) - end]
    if len(middle_old) * len(middle_new) > MAX_MATCHED:
        opcodes = [("replace", 0, len(middle_old), 0, len(middle_new))]  # a rewrite: no matching to do
    else:
        opcodes = SequenceMatcher(None, middle_old, middle_new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.extend(old_lines[start + i1 : start + i2])
            continue
        for line in middle_new[j1:j2]:
            out.append(line[:-1] + newline if line.endswith("\n") else line)
    out.extend(old_lines[len(old_lines) - end :] if end else [])
    return "".join(out)

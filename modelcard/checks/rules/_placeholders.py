"""What template text left in a card looks like (shared by MC202 and MC203)."""

from __future__ import annotations

import re

#: Template text anywhere in a line: the Hub template's filler, Jinja
#: expressions and statements, ``{model_id}``-style variables, to-do markers.
#: Each alternative starts with its own literal character, so the regex engine
#: skips ahead to one of them and tries only the alternatives it can start.
PLACEHOLDER = re.compile(
    r"""\[ (?i:more\ information\ needed) \]
      | \{ (?: \{ .*? \}\}
             | % .*? %\}
             | (?<![\w\\$^_{}=]\{)  # not LaTeX (x_{i}, \mathbf{x}) nor BibTeX (title={BERT})
               (?: [a-z][a-z0-9]*(?:_[a-z0-9]+)* | [A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+ ) \} (?!\})
           )
      | T (?<!\wT) (?:ODO|BD) \b
      | F (?<!\wF) IXME \b
      | X (?<!\wX) XX \b
    """,
    re.VERBOSE,
)

#: A paragraph, list item or cell that says only this (what the Trainer writes),
#: maybe after a label (``- **Hardware Type:** More information needed``).
FILLER = re.compile(
    r"(?i)\s*(?:\*\*[^*\n]{1,60}:\*\*\s*|\*\*[^*\n]{1,60}\*\*:\s*)?(\[?more information needed\]?)\.?\s*"
)

_BLANK = re.compile(r"[\s\W_]*")


def is_placeholder_only(text: str) -> bool:
    """Whether ``text`` holds nothing but placeholders, punctuation and whitespace."""
    first = text[:1]
    if first.isalnum() and first not in "TFXmM":
        return False  # a word that neither a placeholder nor the filler can start
    return bool(FILLER.fullmatch(text)) or bool(_BLANK.fullmatch(PLACEHOLDER.sub("", text)))


def placeholders(text: str) -> list[re.Match[str]]:
    """The placeholders in ``text`` (``= {x}`` BibTeX values excluded)."""
    return [m for m in PLACEHOLDER.finditer(text) if m.group()[0] != "{" or not _after_equals(text, m.start())]


def _after_equals(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and text[i] == "="

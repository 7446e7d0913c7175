"""Inline suppressions: comments that silence rules where they apply.

In the body (HTML comments, invisible on the Hub)::

    <!-- modelcard: disable MC201, placeholder-text -->   from here on (or until `enable`)
    <!-- modelcard: enable MC201 -->
    <!-- modelcard: disable-next-line MC203 -->            the next line only
    <!-- modelcard: disable-file MC201 -->                 the whole file, front-matter included

In the front-matter (YAML comments)::

    license: MIT  # modelcard: ignore MC101                this line
    # modelcard: ignore MC105                              alone on its line: the next line

Without codes a directive applies to every rule. A directive that suppresses
nothing is reported as MC901, one naming an unknown rule or directive as MC902.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from modelcard.checks import registry
from modelcard.diagnostics import Edit, Fix, Location

BODY_KINDS = ("disable", "enable", "disable-next-line", "disable-file")
FRONT_MATTER_KINDS = ("ignore",)
MARKER = "modelcard:"

_BODY = re.compile(r"<!--[ \t]*modelcard:[ \t]*(?P<kind>[A-Za-z-]*)(?P<codes>[^>]*?)[ \t]*-->")
_FRONT = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*modelcard:[ \t]*(?P<kind>[A-Za-z-]*)(?P<codes>[^\r\n]*?)[ \t]*(?=\r?$)", re.M)
_CODE = re.compile(r"[^\s,]+")


@dataclass
class Directive:
    """One suppression comment."""

    kind: str
    codes: tuple[str, ...]                # resolved rule codes; empty: every rule
    spans: tuple[tuple[int, int], ...]    # offsets of each code as written
    start: int                            # the comment's offsets in card.text
    end: int
    line: int
    lines: frozenset[int] | None          # the lines it covers (None: a range directive)
    delete: tuple[int, int]               # what to remove when the whole directive is unused
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return not self.codes or code in self.codes


@dataclass(frozen=True)
class Problem:
    """An invalid directive or code (MC902)."""

    message: str
    offset: int
    end: int


@dataclass
class Suppressions:
    """The directives of one card and what they suppress."""

    directives: list[Directive]
    problems: list[Problem]

    def suppressing(self, code: str, line: int) -> Directive | None:
        """The directive that suppresses ``code`` on ``line``, if any."""
        found: Directive | None = None
        for d in self.directives:
            if not d.covers(code):
                continue
            if d.kind == "disable-file":
                return d
            if d.lines is not None:
                if line in d.lines:
                    return d
            elif d.line <= line:
                found = d if d.kind == "disable" else None
        return found

    def unused(self, enabled: Callable[[str], bool]) -> Iterable[tuple[Directive, tuple[str, ...]]]:
        """Directives (with their unused codes) that suppressed nothing among enabled rules."""
        for d in self.directives:
            if d.kind == "enable":
                continue
            if not d.codes:
                if not d.used:
                    yield d, ()
                continue
            unused = tuple(c for c in d.codes if c not in d.used and enabled(c))
            if unused:
                yield d, unused


def parse(text: str, *, body_start: int, line_of: Callable[[int], Location], code_spans: Callable[[], list[tuple[int, int]]]) -> Suppressions:
    """Find the directives of a card.

    Args:
        text: ``card.text``.
        body_start: the offset where the body starts (0 without front-matter).
        line_of: offset -> 1-based location.
        code_spans: lazily, the ``[start, end)`` offsets of code blocks in the body,
            inside which comments are not directives.
    """
    directives: list[Directive] = []
    problems: list[Problem] = []
    if MARKER not in text:
        return Suppressions(directives, problems)
    if body_start and MARKER in text[:body_start]:
        for m in _FRONT.finditer(text, 0, body_start):
            _add(m, text, FRONT_MATTER_KINDS, line_of, directives, problems, front=True)
    if MARKER in text[body_start:]:
        spans = None
        for m in _BODY.finditer(text, body_start):
            spans = code_spans() if spans is None else spans
            if any(s <= m.start() < e for s, e in spans):
                continue
            _add(m, text, BODY_KINDS, line_of, directives, problems, front=False)
    directives.sort(key=lambda d: d.start)
    return Suppressions(directives, problems)


def _add(m: re.Match[str], text: str, kinds: tuple[str, ...], line_of: Callable[[int], Location], directives: list[Directive], problems: list[Problem], *, front: bool) -> None:
    kind = m.group("kind").lower()
    if kind not in kinds:
        where = "front-matter" if front else "body"
        allowed = ", ".join(f"`{k}`" for k in kinds)
        problems.append(Problem(f"unknown suppression directive `{kind or '(none)'}` in the {where}; use {allowed}", m.start("kind"), m.end("kind")))
        return
    codes: list[str] = []
    spans: list[tuple[int, int]] = []
    base = m.start("codes")
    for c in _CODE.finditer(m.group("codes")):
        rule = registry.get(c.group())
        start, end = base + c.start(), base + c.end()
        if rule is None:
            hint = registry.suggest(c.group())
            problems.append(Problem(f"unknown rule `{c.group()}` in suppression" + (f"; did you mean `{hint}`?" if hint else ""), start, end))
            continue
        codes.append(rule.code)
        spans.append((start, end))
    if m.group("codes").strip() and not codes:
        return  # only unknown codes: reported above, suppresses nothing
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = _line_end(text, m.end())
    alone = not text[line_start : m.start()].strip() and not text[m.end() : line_end].strip()
    first = line_of(m.start()).line
    last = line_of(m.end()).line
    lines: frozenset[int] | None = None
    if kind == "ignore":
        lines = frozenset({last + 1}) if alone else frozenset({first})
    elif kind == "disable-next-line":
        lines = frozenset({last + 1})
    if alone:
        delete = (line_start, _after_newline(text, line_end))
    else:
        ws = m.start()
        while ws > line_start and text[ws - 1] in " \t":
            ws -= 1
        delete = (ws, m.end()) if front else (m.start(), m.end())
    directives.append(Directive(kind, tuple(codes), tuple(spans), m.start(), m.end(), first, lines, delete))


def _line_end(text: str, offset: int) -> int:
    n = text.find("\n", offset)
    end = len(text) if n == -1 else n
    return end - 1 if end > offset and text[end - 1] == "\r" else end


def _after_newline(text: str, line_end: int) -> int:
    if text.startswith("\r\n", line_end):
        return line_end + 2
    if text.startswith("\n", line_end) or text.startswith("\r", line_end):
        return line_end + 1
    return line_end


def removal_fix(text: str, directive: Directive, unused: tuple[str, ...]) -> Fix:
    """The edit that drops unused codes, or the whole comment when nothing in it is used."""
    keep = [(c, s) for c, s in zip(directive.codes, directive.spans) if c not in unused]
    if not keep:
        start, end = directive.delete
        return Fix("remove the unused suppression", (Edit(start, end, ""),))
    first, last = directive.spans[0][0], directive.spans[-1][1]
    sep = ", " if "," in text[first:last] else " "
    kept = sep.join(text[s:e] for _, (s, e) in keep)
    return Fix(f"remove {', '.join(f'`{c}`' for c in unused)} from the suppression", (Edit(first, last, kept),))

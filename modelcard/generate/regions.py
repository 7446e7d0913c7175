"""Generated regions of a card body, delimited by HTML comments.

A region looks like::

    <!-- modelcard-begin training-results -->
    ...generated text...
    <!-- modelcard-end training-results -->

Regeneration replaces what lies between the two markers and leaves every
other byte of the body as it was. A card whose body has no markers at all
gets the generated regions appended under one heading; a card with some markers only gets
those regions updated (a region the author deleted stays deleted, and an
author can place empty markers wherever a region should go).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelcard.errors import ModelcardError

MARKER = re.compile(r"<!--\s*modelcard-(begin|end)\s+([a-z0-9][a-z0-9_-]*)\s*-->")


#: Heading written once above the regions appended to a card that had none.
APPENDED_HEADING = "## Generated from the training logs"


class RegionError(ModelcardError):
    """Markers that do not pair up (begin without end, nested, duplicated)."""


@dataclass(frozen=True)
class Region:
    """One generated region: ``start``/``end`` delimit its contents in the text."""

    name: str
    start: int  # just after the begin marker
    end: int  # at the start of the end marker
    begin_line: int


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_regions(text: str, *, where: str = "card") -> list[Region]:
    """Every region of ``text`` in order; raise :class:`RegionError` when markers do not pair up."""
    regions: list[Region] = []
    open_name: str | None = None
    open_at = 0
    open_line = 0
    seen: set[str] = set()
    for m in MARKER.finditer(text):
        kind, name = m.group(1), m.group(2)
        line = _line_of(text, m.start())
        if kind == "begin":
            if open_name is not None:
                raise RegionError(
                    f"{where}:{line}: region `{name}` begins inside region `{open_name}` "
                    f"(opened at line {open_line}); regions cannot nest"
                )
            if name in seen:
                raise RegionError(f"{where}:{line}: region `{name}` appears twice")
            open_name, open_at, open_line = name, m.end(), line
        else:
            if open_name != name:
                expected = f"`<!-- modelcard-end {open_name} -->`" if open_name else "no end marker"
                raise RegionError(f"{where}:{line}: `modelcard-end {name}` found where {expected} was expected")
            regions.append(Region(name, open_at, m.start(), open_line))
            seen.add(name)
            open_name = None
    if open_name is not None:
        raise RegionError(
            f"{where}:{open_line}: region `{open_name}` has no `<!-- modelcard-end {open_name} -->`"
        )
    return regions


def region_contents(text: str, *, where: str = "template") -> dict[str, str]:
    """Map each region name to its contents."""
    return {r.name: text[r.start : r.end] for r in find_regions(text, where=where)}


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def _with_newline(content: str, newline: str) -> str:
    content = content.replace("\r\n", "\n")
    return content.replace("\n", newline) if newline != "\n" else content


def merge_body(existing: str, rendered: str, *, where: str = "card") -> str:
    """The existing body with its regions' contents replaced by those of ``rendered``.

    Args:
        existing: the body of the card on disk (kept byte for byte outside regions).
        rendered: a freshly rendered body holding the new regions.
        where: a name for messages (the card's path).

    Returns:
        The merged body. Regions of ``existing`` that ``rendered`` lacks are
        emptied (their facts no longer exist); when ``existing`` has no region
        at all, the rendered regions are appended, markers included.
    """
    new = region_contents(rendered, where="rendered template")
    old = find_regions(existing, where=where)
    newline = _newline_of(existing) if existing else "\n"
    if not old:
        if not new:
            return existing
        parts = [existing]
        if existing and not existing.endswith(("\n\n", "\r\n\r\n")):
            parts.append(newline if existing.endswith("\n") else newline * 2)
        parts.append(f"{APPENDED_HEADING}{newline}{newline}")
        for name, content in new.items():
            parts.append(
                _with_newline(f"<!-- modelcard-begin {name} -->{content}<!-- modelcard-end {name} -->\n\n", newline)
            )
        return "".join(parts).rstrip("\r\n") + newline
    out: list[str] = []
    pos = 0
    for region in old:
        out.append(existing[pos : region.start])
        out.append(_with_newline(new.get(region.name, newline), newline))
        pos = region.end
    out.append(existing[pos:])
    return "".join(out)

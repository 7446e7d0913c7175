"""What a rule sees: the card, its options, and the body parsed once, lazily.

The outline (one fast pyromark pass, see :mod:`modelcard.checks.outline`) and
the headings are computed on first use and shared by every rule that lints the
same card, so a run whose rules never look at the body never parses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from modelcard.card.split import line_starts, location_at
from modelcard.diagnostics import Location

if TYPE_CHECKING:
    from modelcard.card import Card
    from modelcard.card.eval_results import Found
    from modelcard.checks.outline import Outline

_NEWLINE = re.compile(r"\r\n?|\n")
_EMPTY: Mapping[str, Any] = MappingProxyType({})
T = TypeVar("T")


#: Line breaks and the characters that open block, inline or table markup: what
#: makes markdown parsing (and the rules after it) costly.
MARKUP_CHARACTERS = "\n#[]*_|<>`!&\\"


def markup_count(text: str) -> int:
    """How many line breaks and markup characters ``text`` holds (a cheap bound on the parser's work)."""
    return sum(text.count(c) for c in MARKUP_CHARACTERS)


class BodyTooComplex(Exception):
    """The body holds more markup than the configured limit; it is not parsed."""

    def __init__(self, count: int, limit: int) -> None:
        super().__init__(f"{count:,} line breaks and markup characters, more than {limit:,}")
        self.count = count
        self.limit = limit


class Heading(NamedTuple):
    """A heading of the body: ``(level, text, line)``, line 1-based over the file."""

    level: int
    text: str
    line: int


class _Shared:
    """Per-card caches shared by the contexts of all rules."""

    __slots__ = (
        "outline", "headings", "body_lines", "line_starts", "markup_limit", "too_complex", "eval_results",
        "computed", "looked_up",
    )

    def __init__(self, markup_limit: int | None = None) -> None:
        self.markup_limit = markup_limit
        self.too_complex: BodyTooComplex | None = None
        self.outline: Outline | None = None
        self.headings: list[Heading] | None = None
        self.body_lines: list[str] | None = None
        self.line_starts: list[int] | None = None
        self.eval_results: Found | None = None
        self.computed: dict[Callable[..., Any], Any] = {}
        self.looked_up: dict[str, bool] = {}


class CheckContext:
    """The card under check, the rule's options and lazily parsed views of the body.

    Attributes:
        card: the :class:`~modelcard.card.Card`.
        path: the card file (for relative links), or ``None`` for text or stdin.
        options: this rule's options: its defaults merged with the configuration.
    """

    __slots__ = ("card", "path", "options", "_shared")

    def __init__(
        self,
        card: Card,
        *,
        path: Path | None = None,
        options: Mapping[str, Any] = _EMPTY,
        markup_limit: int | None = None,
        files_beside: bool | None = None,
        looked_up: dict[str, bool] | None = None,
    ) -> None:
        self.card = card
        self.path = path
        self.options = options
        self._shared = _Shared(markup_limit)
        if looked_up is not None:  # the caller reads the answers of `exists` afterwards
            self._shared.looked_up = looked_up
        if files_beside is False:  # the caller saw no `.eval_results/` beside the card
            from modelcard.card.eval_results import NOTHING

            self._shared.eval_results = NOTHING

    # -- the body ---------------------------------------------------------------

    @property
    def outline(self) -> Outline:
        """The blocks of the body in document order (see :mod:`modelcard.checks.outline`).

        Raises:
            BodyTooComplex: the body holds more markup than the limit (the engine
                reports it once and skips the rules that read the markdown).
        """
        shared = self._shared
        if shared.outline is None:
            self._check_complexity()
            from modelcard.checks.outline import build

            shared.outline = build(self.card.body)
        return shared.outline

    def _check_complexity(self) -> None:
        shared = self._shared
        if shared.too_complex is not None:
            raise shared.too_complex
        body = self.card.body
        limit = shared.markup_limit
        if limit is not None and len(body) > limit:
            count = markup_count(body)
            if count > limit:
                shared.too_complex = BodyTooComplex(count, limit)
                raise shared.too_complex

    @property
    def too_complex(self) -> BodyTooComplex | None:
        """Set once ``outline`` was refused because the body holds too much markup."""
        return self._shared.too_complex

    @property
    def body_lines(self) -> list[str]:
        """The body split into lines, without line endings."""
        shared = self._shared
        if shared.body_lines is None:
            # CR, LF and CRLF end a line, as in CommonMark.
            body = self.card.body
            shared.body_lines = _NEWLINE.split(body) if "\r" in body else body.split("\n")
        return shared.body_lines

    @property
    def headings(self) -> list[Heading]:
        """Every ATX and setext heading of the body, in order."""
        shared = self._shared
        if shared.headings is None:
            outline, body = self.outline, self.card.body
            headings = [outline[i] for i in outline.heading_indexes]
            if "\r" in body:
                base = self.card.body_start_offset
                shared.headings = [Heading(b.level, b.text, self.location_at(base + b.start).line) for b in headings]
            else:  # count the line breaks on from one heading to the next
                shared.headings, line, offset = [], self.card.body_start_line, 0
                for b in headings:
                    line += body.count("\n", offset, b.start)
                    offset = b.start
                    shared.headings.append(Heading(b.level, b.text, line))
        return shared.headings

    def cached(self, compute: Callable[[CheckContext], T]) -> T:
        """``compute(self)``, computed on first use and shared by every rule that
        lints the same card and asks for the same ``compute``."""
        computed = self._shared.computed
        if compute not in computed:
            computed[compute] = compute(self)
        return computed[compute]

    # -- files beside the card ----------------------------------------------------

    @property
    def eval_results(self) -> Found:
        """The ``.eval_results/*.yaml`` files beside the card, read on first use.

        None for a card that is not a file (text, stdin without a file name).
        """
        shared = self._shared
        if shared.eval_results is None:
            from modelcard.card.eval_results import NOTHING, find

            shared.eval_results = find(self.path, self.card.path or str(self.path)) if self.path else NOTHING
        return shared.eval_results

    def exists(self, relative: str) -> bool:
        """Whether ``relative`` names a file or folder beside the card (``False`` for text or stdin).

        Every answer is noted in the ``looked_up`` mapping given to the context:
        a result that used them holds only while they stay the same.
        """
        if self.path is None:
            return False
        found = (self.path.parent / relative).exists()
        self._shared.looked_up[relative] = found
        return found

    @property
    def read_files_beside(self) -> bool:
        """Whether a rule read files beside the card (and may have reported on them)."""
        found = self._shared.eval_results
        return found is not None and bool(found.files or found.skipped or found.truncated)

    # -- positions --------------------------------------------------------------

    def location_at(self, offset: int) -> Location:
        """The 1-based line/column of an offset into ``card.text``."""
        shared = self._shared
        if shared.line_starts is None:
            shared.line_starts = line_starts(self.card.text)
        return location_at(shared.line_starts, offset)

    def offset_of(self, location: Location) -> int:
        """The offset into ``card.text`` of a 1-based line/column."""
        self.location_at(0)
        starts = self._shared.line_starts or [0]
        line = min(max(location.line, 1), len(starts))
        return starts[line - 1] + location.column - 1

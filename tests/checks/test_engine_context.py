"""CheckContext: the outline parsed once, headings, body lines, positions."""

from __future__ import annotations

from modelcard.card import Card
from modelcard.card.split import line_starts
from modelcard.checks.context import CheckContext, Heading
from modelcard.diagnostics import Location

CARD = (
    "---\r\n"
    "license: mit\r\n"
    "---\r\n"
    "# Title\r\n"
    "Intro.\r\n"
    "\r\n"
    "## Uses\r\n"
    "\r\n"
    "### Direct\r\n"
    "text\r\n"
    "\r\n"
    "Setext heading\r\n"
    "--------------\r\n"
    "```\r\n"
    "# not a heading\r\n"
    "```\r\n"
    "| a | b |\r\n"
    "|---|---|\r\n"
    "| 1 | 2 |\r\n"
)


def _ctx() -> CheckContext:
    return CheckContext(Card.from_text(CARD))


def test_the_outline_is_parsed_once() -> None:
    ctx = _ctx()
    assert ctx.outline is ctx.outline
    assert [b.kind for b in ctx.outline if b.kind in ("heading", "code", "table")] == ["heading"] * 4 + ["code", "table"]


def test_headings_are_file_lines() -> None:
    assert _ctx().headings == [
        Heading(1, "Title", 4),
        Heading(2, "Uses", 7),
        Heading(3, "Direct", 9),
        Heading(2, "Setext heading", 12),
    ]


def test_body_lines_split_at_crlf() -> None:
    ctx = _ctx()
    assert ctx.body_lines[0] == "# Title"
    code = next(b for b in ctx.outline if b.kind == "code")
    line = ctx.location_at(ctx.card.body_start_offset + code.start).line
    assert line == 14 and ctx.body_lines[line - ctx.card.body_start_line] == "```"


def test_positions_round_trip_over_crlf() -> None:
    ctx = _ctx()
    offset = CARD.index("## Uses")
    assert ctx.location_at(offset) == Location(7, 1)
    assert ctx.offset_of(Location(7, 4)) == offset + 3
    assert ctx.location_at(CARD.index("mit")) == Location(2, 10)


def test_a_card_without_body_has_no_headings() -> None:
    ctx = CheckContext(Card.from_text("---\nlicense: mit\n---\n"))
    assert ctx.outline == [] and ctx.headings == [] and ctx.body_lines == [""]


def test_line_starts_follow_lf_cr_and_crlf() -> None:
    assert line_starts("") == [0]
    assert line_starts("ab\n\ncd\n") == [0, 3, 4, 7]
    assert line_starts("é\r\nü\rx\n") == [0, 3, 5, 7]


def test_a_cached_value_is_computed_once_per_card() -> None:
    calls: list[CheckContext] = []

    def lines(ctx: CheckContext) -> int:
        calls.append(ctx)
        return len(ctx.body_lines)

    ctx, other = _ctx(), _ctx()
    assert ctx.cached(lines) == ctx.cached(lines) == 17
    assert calls == [ctx]
    ctx.options = {"changed": True}  # as the engine does between rules
    assert ctx.cached(lines) == 17 and calls == [ctx]
    assert other.cached(lines) == 17 and calls == [ctx, other]

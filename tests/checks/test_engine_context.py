"""CheckContext: lazy tokens shared by rules, headings, sections, positions."""

from __future__ import annotations

from modelcard.card import Card
from modelcard.checks.context import CheckContext, Heading, markdown_parser
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


def test_one_parser_per_process_with_tables() -> None:
    assert markdown_parser() is markdown_parser()
    types = [t.type for t in _ctx().tokens]
    assert "table_open" in types and "fence" in types


def test_tokens_are_parsed_once_and_shared_with_other_options() -> None:
    ctx = _ctx()
    other = ctx.with_options({"x": 1})
    assert other.tokens is ctx.tokens and other.options == {"x": 1} and ctx.options == {}


def test_headings_are_file_lines() -> None:
    assert _ctx().headings == [
        Heading(1, "Title", 4),
        Heading(2, "Uses", 7),
        Heading(3, "Direct", 9),
        Heading(2, "Setext heading", 12),
    ]


def test_sections_span_their_subsections() -> None:
    sections = _ctx().sections
    assert [(s.level, s.title, s.line, s.end_line) for s in sections] == [
        (1, "Title", 4, 20),
        (2, "Uses", 7, 12),
        (3, "Direct", 9, 12),
        (2, "Setext heading", 12, 20),
    ]
    assert sections[1].content == "\n### Direct\ntext\n"
    assert sections[2].content == "text\n"
    tokens = _ctx().tokens
    assert tokens[sections[1].start].type == "heading_open" and tokens[sections[1].end].type == "heading_open"


def test_body_lines_split_like_markdown_it() -> None:
    ctx = _ctx()
    assert ctx.body_lines[0] == "# Title"
    token = next(t for t in ctx.tokens if t.type == "fence")
    assert ctx.body_line(token.map[0]) == 14
    assert ctx.body_lines[token.map[0]] == "```"


def test_positions_round_trip_over_crlf() -> None:
    ctx = _ctx()
    offset = CARD.index("## Uses")
    assert ctx.location_at(offset) == Location(7, 1)
    assert ctx.offset_of(Location(7, 4)) == offset + 3
    assert ctx.location_at(CARD.index("mit")) == Location(2, 10)


def test_a_card_without_body_has_no_headings() -> None:
    ctx = CheckContext(Card.from_text("---\nlicense: mit\n---\n"))
    assert ctx.tokens == [] and ctx.headings == [] and ctx.sections == []

"""The outline: blocks of a body in order, with raw text, offsets, and links, from pyromark."""

from __future__ import annotations

from pathlib import Path

from modelcard.card import Card
from modelcard.checks.context import CheckContext, Heading
from modelcard.checks.outline import Inline, build

BODY = (
    "# Modèle — café\n"
    "\n"
    "Intro with `code` and ![](plot.png) and [card](./README.md).\n"
    "\n"
    "## Results ##\n"
    "\n"
    "| Metric | Value |\n"
    "|--------|------:|\n"
    "| **F1** | 0.91 |\n"
    "| WER | [x](b.md) |\n"
    "\n"
    "- **Uses:** research\n"
    "- see [ref][r] and <https://example.com> and <b x=1>\n"
    "\n"
    "```\n"
    "# not a heading\n"
    "```\n"
    "<!-- note -->\n"
    "Setext heading\n"
    "--------------\n"
    "\n"
    "[r]: docs/ref.md\n"
)


def _kinds(body: str) -> list[str]:
    return [b.kind for b in build(body)]


def test_blocks_in_document_order_containers_first() -> None:
    assert _kinds(BODY) == [
        "heading", "paragraph", "heading", "table",
        "cell", "cell", "cell", "cell", "cell", "cell",
        "list", "item", "paragraph", "item", "paragraph",
        "code", "html", "heading",
    ]  # fmt: skip


def test_text_is_the_raw_markdown_at_its_offset_in_characters() -> None:
    outline = build(BODY)
    for block in outline:
        if block.text and block.kind != "html":
            assert BODY[block.offset : block.offset + len(block.text)] == block.text
    headings = [outline[i] for i in outline.heading_indexes]
    assert [(h.level, h.text) for h in headings] == [(1, "Modèle — café"), (2, "Results"), (2, "Setext heading")]
    assert outline[0].offset == 2  # after "# ", in characters although "è" is two bytes


def test_cells_know_their_row_and_column() -> None:
    cells = [(b.row, b.column, b.text) for b in build(BODY) if b.kind == "cell"]
    assert cells == [
        (0, 0, "Metric"), (0, 1, "Value"), (1, 0, "**F1**"), (1, 1, "0.91"), (2, 0, "WER"), (2, 1, "[x](b.md)"),
    ]  # fmt: skip


def test_tight_list_items_are_paragraphs_with_their_links() -> None:
    outline = build(BODY)
    items = [b for b in outline if b.kind == "paragraph" and b.text.startswith(("**Uses", "see"))]
    assert [b.text for b in items] == ["**Uses:** research", "see [ref][r] and <https://example.com> and <b x=1>"]
    ref, html = items[1].inlines  # the autolink is not a relative link candidate
    assert (ref.kind, ref.dest, ref.text, ref.reference) == ("link", "docs/ref.md", "ref", True)
    assert BODY[ref.start : ref.end] == "[ref][r]"
    assert (html.kind, html.text) == ("html", "<b x=1>")


def test_images_links_and_html_blocks_are_linked() -> None:
    outline = build(BODY)
    intro = outline[1]
    assert intro.inlines == (
        Inline("image", BODY.index("![]"), BODY.index("![]") + len("![](plot.png)"), "plot.png", "", False),
        Inline("link", BODY.index("[card]"), BODY.index("[card]") + len("[card](./README.md)"), "./README.md", "card"),
    )
    assert [b.kind for b in outline.linked] == ["paragraph", "cell", "paragraph", "html"]
    assert outline.linked[-1].text == "<!-- note -->\n"


def test_code_blocks_hide_what_they_hold() -> None:
    assert "heading" not in _kinds("```\n# a\n```\n    # b\n")
    assert _kinds("~~~\n# a\n") == ["code"]  # unclosed: to the end


def test_context_headings_count_lines_with_lf_and_crlf() -> None:
    for newline in ("\n", "\r\n"):
        text = newline.join(["---", "license: mit", "---", "# A", "", "text", "## B", "é", "### C", ""])
        assert CheckContext(Card.from_text(text)).headings == [Heading(1, "A", 4), Heading(2, "B", 7), Heading(3, "C", 9)]


def test_empty_and_whitespace_bodies() -> None:
    assert build("") == [] and build("\n\n  \n") == []


def test_every_corpus_fixture_has_offsets_inside_its_body() -> None:
    for path in sorted((Path(__file__).parent.parent / "fixtures").rglob("*.md")):
        try:
            body = Card.load(path).body
        except Exception:  # noqa: BLE001 - unreadable fixtures are for other tests
            continue
        for block in build(body):
            assert 0 <= block.start <= block.end <= len(body), path
            for item in block.inlines:
                assert block.start <= item.start <= item.end <= block.end, path

"""One link extractor: what lint's MC206 and pull's verification both follow."""

from __future__ import annotations

from pathlib import Path

from modelcard.card import Card
from modelcard.checks.links import Link, relative_links, relative_path
from modelcard.checks.outline import build
from modelcard.hub.verify import missing_links

BODY = (
    "# m\n\n"
    "![plot](images/loss%20curve.png) [site](https://x.org/a.md) [top](#m) [root](/docs) [ref][r]\n\n"
    '<p align="center"><img src="pics/arch.png" alt="arch"></p>\n\n'
    'Inline <a href="LICENSE">license</a> and `<img src="in-code.png">` <!-- <img src="hidden.png"> -->\n\n'
    "[r]: notes.md?x=1#top\n"
)


def test_markdown_and_html_targets_with_their_offsets() -> None:
    found = list(relative_links(build(BODY)))
    assert found == [
        Link("images/loss curve.png", "images/loss%20curve.png", BODY.index("images/loss")),
        Link("notes.md", "notes.md?x=1#top", BODY.index("[ref]")),
        Link("pics/arch.png", "pics/arch.png", BODY.index("pics/arch")),
        Link("LICENSE", "LICENSE", BODY.index("LICENSE")),
    ]


def test_what_is_not_a_relative_link() -> None:
    for href in ("", "#anchor", "/site/path", "\\\\server\\share", "https://x.org/a", "mailto:a@b.c", "//cdn.x/a.png", "{0}", "?q=1"):
        assert relative_path(href) is None, href
    assert relative_path("docs/my%20file.md#s") == "docs/my file.md"


def test_pull_verification_reports_a_missing_html_image_as_lint_does(tmp_path: Path) -> None:
    card_path = tmp_path / "README.md"
    card_path.write_text("---\nlicense: mit\n---\n# m\n\n" + BODY)
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "loss curve.png").write_bytes(b"png")
    (tmp_path / "notes.md").write_text("x")
    assert missing_links(Card.load(card_path), tmp_path) == [
        "README.md:10: the card links to `pics/arch.png`, which is not in the repository",
        "README.md:12: the card links to `LICENSE`, which is not in the repository",
    ]

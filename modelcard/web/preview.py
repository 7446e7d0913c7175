"""Render a card body the way the Hub shows it, safely.

markdown-it-py (CommonMark with tables and strikethrough) turns the body into HTML,
raw HTML included as the Hub allows it; nh3 then keeps only harmless tags and
attributes: no script, event handler, ``javascript:`` URL, frame, SVG, form or
style survives. Relative links and images point at the card's folder through
``file_url``; images from other hosts are not loaded (the page makes no
request beyond its own server) and show their alt text instead.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from modelcard.checks.rules.body_too_complex import RULE as BODY_TOO_COMPLEX

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

#: Bodies with more markup than this are not rendered (the linter's default limit).
MAX_MARKUP = BODY_TOO_COMPLEX.options["max-markup"]

TAGS = frozenset(
    """a abbr b blockquote br caption code del details dd div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins
    kbd li mark ol p pre q s samp small span strong sub summary sup table tbody td tfoot th thead tr
    u ul""".split()
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

FileUrl = Callable[[str], "str | None"]


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def relative_target(url: str) -> str | None:
    """The folder-relative path a link names, or None for absolute URLs, anchors and escapes."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("/", "\\")):
        return None
    path = posixpath.normpath(unquote(parts.path))
    if path.startswith("../") or path == ".." or "\\" in path or "\x00" in path:
        return None
    return path


def _filter(file_url: FileUrl) -> Callable[[str, str, str], str | None]:
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in ("href", "src"):
            return value
        if value.startswith("#") and attribute == "href":
            return value
        target = relative_target(value)
        if target is not None:
            return file_url(target)
        if attribute == "src":
            return None  # another host: not loaded, the alt text stands in
        return value

    return keep


def render_markdown(body: str, file_url: FileUrl) -> str:
    """Sanitised HTML for a markdown ``body``."""
    import nh3

    from modelcard.checks.context import markup_count

    if markup_count(body) > MAX_MARKUP:
        return '<p class="notice">The body holds too much markup to preview.</p>'
    html = _parser().render(body)
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_filter(file_url),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )

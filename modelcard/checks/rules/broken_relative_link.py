"""MC206: a relative link or image to a file that is not beside the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._markdown import TEXT_BLOCKS, masked

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# An inline link or image not to a URL, #anchor or /path; a reference link.
_MAYBE_RELATIVE = re.compile(r"\](?:\(\s*<?(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/])|\[)")
# An HTML target (looked for only in text with an `=`).
_MAYBE_HTML_TARGET = re.compile(r"(?i:href|src)\s*=")
_WEB_ADDRESS = re.compile(
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|edu|gov|de|fr|cn|co|uk|ru|jp)(?:/|$)", re.IGNORECASE
)
_HTML_TARGET = re.compile(r"""<(?:a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.path is None:
        return
    card_file, base = ctx.path, ctx.card.body_start_offset
    for block in ctx.outline.linked:
        if block.kind == "html":
            if "=" in block.text:
                yield from _html(ctx, card_file, base + block.offset, masked(block.text, inline=False))
            continue
        if block.kind not in TEXT_BLOCKS or not block.inlines or not _maybe_relative(block.text):
            continue
        text, start = block.text, base + block.offset
        for item in block.inlines:
            if item.kind == "html":
                if "=" in item.text:
                    yield from _html(ctx, card_file, start, masked(text))
                    break
                continue
            label = f"[{item.text}]"
            offset = _find(text, item.dest, item.start - block.offset, label)
            yield from _check(ctx, card_file, item.dest, start + max(offset, item.start - block.offset, 0))


def _maybe_relative(text: str) -> bool:
    """Whether ``text`` may link to a relative path (a cheap test before locating links)."""
    return _MAYBE_RELATIVE.search(text) is not None or ("=" in text and _MAYBE_HTML_TARGET.search(text) is not None)


def _html(ctx: CheckContext, card_file: Path, start: int, text: str) -> Iterator[Finding]:
    for match in _HTML_TARGET.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        yield from _check(ctx, card_file, match.group(group), start + match.start(group))


def _check(ctx: CheckContext, card_file: Path, href: str, offset: int) -> Iterator[Finding]:
    if not href or href[0] in "#/\\" or "{" in href:
        return
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return
    target = unquote(parts.path)
    if not (card_file.parent / target).exists():
        hint = f"; for a web address write `https://{href}`" if _WEB_ADDRESS.match(target) else ""
        yield Finding(f"`{target}` does not exist beside the card{hint}", ctx.location_at(offset))


def _find(content: str, href: str, start: int, label: str) -> int:
    """Where the destination is written, or the ``[label]`` of a reference link."""
    for prefix, raw in (("](", href), ("](", unquote(href)), ("", href), ("", unquote(href)), ("", label)):
        found = content.find(prefix + raw, start)
        if found >= 0:
            return found + len(prefix)
    return -1


RULE = Rule(
    code="MC206",
    name="broken-relative-link",
    summary="A relative link or image points to a file that does not exist",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Resolves every relative link and image of the body (Markdown and HTML `<a href>`,
`<img src>`) against the folder of the card, and reports those whose file does not
exist. URLs, `#anchors`, `mailto:` links and site-absolute paths (`/docs`) are not
checked, and nothing is checked when the card is read from standard input.

## Why is this bad?
On the Hub a relative link points into the model repository. A plot or a license
file that was never uploaded shows as a broken image or a 404 page.

## Example
```markdown
![Confusion matrix](images/confusion.png)
See [the license](LICENSE.txt).
```
with no `images/confusion.png` nor `LICENSE.txt` beside `README.md`.

## Use instead
Add the files to the repository next to the card, or fix the paths:
```markdown
![Confusion matrix](confusion_matrix.png)
See [the license](LICENSE).
```
""",
)

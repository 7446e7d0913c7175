"""MC205: an image without alternative text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._markdown import TEXT_BLOCKS, masked

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)


def check(ctx: CheckContext) -> Iterator[Finding]:
    base = ctx.card.body_start_offset
    for block in ctx.outline.linked:
        if block.kind == "html":
            if "<img" in block.text.lower():
                yield from _html(ctx, base + block.offset, masked(block.text, inline=False))
            continue
        if block.kind not in TEXT_BLOCKS or not block.inlines:
            continue
        html = False
        for item in block.inlines:
            if item.kind == "image" and not item.text.strip():
                yield Finding(f"image{_source(item.dest)} has no alt text", ctx.location_at(base + item.start))
            html = html or item.kind == "html"
        if html and "<img" in block.text.lower():
            yield from _html(ctx, base + block.offset, masked(block.text))


def _source(dest: str) -> str:
    """The image's address for the message, encoded as a browser would request it."""
    if not dest:
        return ""
    from markdown_it.common.normalize_url import normalizeLink

    src = normalizeLink(dest)
    return f" `{src}`" if len(src) <= 60 else f" `{src[:57]}...`"


def _html(ctx: CheckContext, start: int, text: str) -> Iterator[Finding]:
    for match in _IMG_TAG.finditer(text):
        if not _ALT.search(match.group()):
            yield Finding("`<img>` has no `alt` attribute", ctx.location_at(start + match.start()))


RULE = Rule(
    code="MC205",
    name="image-without-alt-text",
    summary="An image has no alternative text",
    check=check,
    severity=Severity.WARNING,
    doc="""\
## What it does
Reports Markdown images with an empty description (`![](plot.png)`) and HTML
`<img>` tags without an `alt` attribute. `alt=""` is accepted on `<img>`: it marks
an image as decorative.

## Why is this bad?
Screen readers announce an image without alt text as a file name or not at all, and
nothing is shown when the image fails to load. Plots of results and architecture
diagrams often carry information found nowhere else in the card.

## Example
```markdown
![](loss_curve.png)
<img src="architecture.png" width="600">
```

## Use instead
```markdown
![Training and validation loss over 3 epochs](loss_curve.png)
<img src="architecture.png" width="600" alt="Encoder-decoder architecture">
```
""",
)

"""MC205: an image without alternative text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules import _markdown
from modelcard.checks.rules._markdown import Located, inlines, masked

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_IMAGE_START = re.compile(r"!\[")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)


def check(ctx: CheckContext) -> Iterator[Finding]:
    body = ctx.card.body
    if "![" not in body and "<img" not in body.lower():
        return
    for token, column in inlines(ctx):
        if "![" not in token.content and "<img" not in token.content.lower():
            continue
        children = _markdown.children(token)
        located, text = Located(ctx, token, column), masked(token.content)
        starts = [m.start() for m in _IMAGE_START.finditer(text)]
        images = [c for c in children if c.type == "image"]
        for n, image in enumerate(images):
            if not image.content.strip() and n < len(starts):
                src = str(image.attrs.get("src", ""))
                src = "" if not src else f" `{src}`" if len(src) <= 60 else f" `{src[:57]}...`"
                yield Finding(f"image{src} has no alt text", located.location(starts[n]))
        if any(c.type == "html_inline" for c in children):
            yield from _html(located, text)
    for token in ctx.tokens:
        if token.type == "html_block" and "<img" in token.content.lower():
            yield from _html(Located(ctx, token), masked(token.content, inline=False))


def _html(located: Located, text: str) -> Iterator[Finding]:
    for match in _IMG_TAG.finditer(text):
        if not _ALT.search(match.group()):
            yield Finding("`<img>` has no `alt` attribute", located.location(match.start()))


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

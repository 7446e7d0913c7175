"""MC206: a relative link or image to a file that is not beside the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.links import relative_links
from modelcard.checks.rule import Finding, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_WEB_ADDRESS = re.compile(
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|edu|gov|de|fr|cn|co|uk|ru|jp)(?:/|$)", re.IGNORECASE
)


def check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.path is None:
        return
    base = ctx.card.body_start_offset
    for link in relative_links(ctx.outline):
        if not ctx.exists(link.path):
            hint = f"; for a web address write `https://{link.href}`" if _WEB_ADDRESS.match(link.path) else ""
            yield Finding(f"`{link.path}` does not exist beside the card{hint}", ctx.location_at(base + link.offset))


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

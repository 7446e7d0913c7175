"""MC202: a heading with nothing under it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.checks.rules._markdown import strip_comments
from modelcard.checks.rules._placeholders import is_placeholder_only

if TYPE_CHECKING:
    from markdown_it.token import Token

    from modelcard.checks.context import CheckContext

_FILLING = {"paragraph_open", "paragraph_close", "hr", "html_block", "inline"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    tokens = ctx.tokens
    opened: tuple[int, Token] | None = None  # the last heading, while nothing but filler follows it
    for i, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            if opened is not None and int(token.tag[1:]) <= int(opened[1].tag[1:]):
                yield _finding(ctx, *opened)
            opened = (i, token)
        elif opened is None or kind == "heading_close" or i == opened[0] + 1:
            continue
        elif kind not in _FILLING or not _is_filler(token):
            opened = None
    if opened is not None:
        yield _finding(ctx, *opened)


def _is_filler(token: Token) -> bool:
    if token.type == "html_block":
        return not strip_comments(token.content).strip()
    if token.type == "inline":
        return "![" not in token.content and "`" not in token.content and is_placeholder_only(token.content)
    return True


def _finding(ctx: CheckContext, index: int, heading: Token) -> Finding:
    title = " ".join(ctx.tokens[index + 1].content.split())
    title = title if len(title) <= 60 else title[:57] + "..."
    first = heading.map[0] if heading.map else 0
    source = ctx.body_lines[first] if first < len(ctx.body_lines) else ""
    column = len(source) - len(source.lstrip()) + 1
    return Finding(f"section `{title}` is empty", Location(ctx.body_line(first), column))


RULE = Rule(
    code="MC202",
    name="empty-section",
    summary="A section has a heading but no content",
    check=check,
    severity=Severity.WARNING,
    doc="""\
## What it does
Reports a heading followed directly by another heading of the same or a higher
level, or by the end of the card, with nothing in between but blank lines, HTML
comments, horizontal rules or placeholder text (`[More Information Needed]`,
`More information needed`, `{{ variable }}`). A heading followed by its own
subsections is not empty.

## Why is this bad?
An empty section promises information the card does not give. Readers cannot tell
whether the author forgot it or has nothing to say.

## Example
```markdown
## Training and evaluation data

More information needed

## Training procedure
```

## Use instead
Write the section, or remove the heading:
```markdown
## Training and evaluation data

Fine-tuned on the `train` split of `imdb` (25,000 reviews), evaluated on `test`.

## Training procedure
```
""",
)

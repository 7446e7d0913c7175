"""MC202: a heading with nothing under it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity
from modelcard.checks.rules._markdown import strip_comments
from modelcard.checks.rules._placeholders import is_placeholder_only

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext
    from modelcard.checks.outline import Block

#: What may stand under a heading that is still empty (when it says nothing).
_FILLING = frozenset({"paragraph", "hr", "html"})


def check(ctx: CheckContext) -> Iterator[Finding]:
    outline = ctx.outline
    count = len(outline)
    for i in outline.heading_indexes:
        heading = outline[i]
        j = i + 1
        while j < count and outline[j].kind in _FILLING and _is_filler(outline[j]):
            j += 1
        # Empty when the next thing that says something is a heading of the same or a higher level, or the end.
        if j == count or (outline[j].kind == "heading" and outline[j].level <= heading.level):
            yield _finding(ctx, heading)


def _is_filler(block: Block) -> bool:
    text = block.text
    if block.kind == "html":
        return not strip_comments(text).strip()
    if block.kind == "paragraph":
        return "![" not in text and "`" not in text and is_placeholder_only(text)
    return True


def _finding(ctx: CheckContext, heading: Block) -> Finding:
    title = " ".join(heading.text.split())
    title = title if len(title) <= 60 else title[:57] + "..."
    line = ctx.location_at(ctx.card.body_start_offset + heading.start).line
    index = line - ctx.card.body_start_line
    source = ctx.body_lines[index] if index < len(ctx.body_lines) else ""
    column = len(source) - len(source.lstrip()) + 1
    return Finding(f"section `{title}` is empty", Location(line, column))


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

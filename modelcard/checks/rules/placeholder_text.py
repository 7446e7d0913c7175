"""MC203: template placeholders and to-do markers left in the card."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._markdown import TEXT_BLOCKS, masked
from modelcard.checks.rules._placeholders import FILLER, PLACEHOLDER, placeholders

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_FILLER_WORDS = re.compile(r"(?i)more information needed")


def check(ctx: CheckContext) -> Iterator[Finding]:
    card = ctx.card
    if card.has_front_matter and PLACEHOLDER.search(card.text, 0, card.body_start_offset):
        yield from _metadata(ctx, card.metadata, ())
    if not _suspect(card.body):
        return
    base = card.body_start_offset
    blocks = ctx.outline
    search = PLACEHOLDER.search
    for block in blocks:
        # `_suspect`, inline: this loop sees every block of the cards that hold a placeholder.
        if block.kind in TEXT_BLOCKS and (
            search(text := block.text) is not None or ("needed" in text and _FILLER_WORDS.search(text) is not None)
        ):
            yield from _text(ctx, base + block.offset, masked(text))
    for block in blocks:
        if block.kind == "html" and _suspect(block.text):
            yield from _text(ctx, base + block.offset, masked(block.text, inline=False))


def _suspect(text: str) -> bool:
    return PLACEHOLDER.search(text) is not None or ("needed" in text and _FILLER_WORDS.search(text) is not None)


def _text(ctx: CheckContext, start: int, text: str) -> Iterator[Finding]:
    """Placeholders in ``text``, which starts at offset ``start`` of the card."""
    filler = FILLER.fullmatch(text)
    if filler:
        yield Finding(f"placeholder `{filler.group(1)}` left in the card", ctx.location_at(start + filler.start(1)))
        return
    for match in placeholders(text):
        yield Finding(
            f"placeholder `{_short(match.group())}` left in the card",
            ctx.location_at(start + match.start()),
            end=ctx.location_at(start + match.end()),
        )


def _metadata(ctx: CheckContext, value: Any, path: tuple[str | int, ...]) -> Iterator[Finding]:
    if path and "template" in str(path[-1]).lower():
        return  # `prompt_template: "USER: {prompt}"` is meant to hold variables
    if isinstance(value, str):
        found = placeholders(value)
        if found:
            yield Finding(f"placeholder `{_short(found[0].group())}` left in the front-matter", ctx.card.location(path))
    elif isinstance(value, dict):
        if len(value) == 1 and next(iter(value.values())) is None and path:
            start, end = ctx.card.span(path)
            source = ctx.card.text[start:end].strip()
            if placeholders(source) and placeholders(source)[0].group() == source:
                yield Finding(f"placeholder `{source}` left in the front-matter", ctx.card.location(path))
                return
        for key, item in value.items():
            yield from _metadata(ctx, item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _metadata(ctx, item, (*path, index))


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


RULE = Rule(
    code="MC203",
    name="placeholder-text",
    summary="Template placeholders or to-do markers are left in the card",
    check=check,
    severity=Severity.WARNING,
    doc="""\
## What it does
Finds template text that was never filled in: the Hub template's
`[More Information Needed]`, the Trainer's lone `More information needed`,
Jinja variables (`{{ model_id }}`, `{% if %}`), `{placeholder}`-style variables
(`{model_id}`, `{MODEL_NAME}`) and `TODO`, `TBD`, `FIXME`, `XXX`, in the body and
in front-matter values. Code blocks, inline code and HTML comments are not checked.

## Why is this bad?
Readers of the Hub page see the template instead of facts about the model, and
metadata such as `license: {license}` is not a license at all.

## Example
```markdown
## Training Data

[More Information Needed]

Load it with `AutoModel.from_pretrained("{model_id}")`. TODO: add results.
```

## Use instead
```markdown
## Training Data

The English part of CC-News (2019 to 2022), deduplicated.
```
""",
)

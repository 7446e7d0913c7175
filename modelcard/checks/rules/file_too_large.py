"""MC012: the card file is larger than the configured limit.

No check of its own: the engine reports it when it reads the file, without reading more than the limit.
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC012",
    name="file-too-large",
    summary="The card file is larger than the configured limit",
    check=None,
    options={"max-bytes": 10_000_000},
    doc="""\
## What it does
Reports a card file larger than `max-bytes` (10 MB by default) without reading
more of it than the limit.

## Why is this bad?
Model cards are documents of a few kilobytes, rarely more than a megabyte. A card of
tens of megabytes is almost always a mistake (a data dump, a log pasted in) and
makes every tool that renders it slow.

## Example
A `README.md` with a 50 MB table of predictions pasted into it.

## Use instead
Keep the card short; link to large files in the repository instead.

## Options
- `max-bytes` (integer, default `10000000`): the largest card, in bytes, that is linted.

```toml
[tool.modelcard.rules.file-too-large]
max-bytes = 20000000
```
""",
)

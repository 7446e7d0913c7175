"""MC013: the body holds too many lines and too much markup to be parsed.

No check of its own: the engine reports it when the markdown rules are skipped.
"""

from __future__ import annotations

from modelcard.checks.rule import Rule

RULE = Rule(
    code="MC013",
    name="body-too-complex",
    summary="The body holds too many lines and too much markup to be parsed",
    check=None,
    options={"max-markup": 100_000},
    doc="""\
## What it does
Reports a body with more than `max-markup` line breaks and markup characters
(`#`, `[`, `]`, `*`, `_`, `|`, `<`, `>`, `` ` ``, `!`, `&`, `\\`; 100,000 by default) and skips
the rules that read the markdown (sections, placeholders, links, images, tables).
The front-matter and the rules that read the raw text (secrets) are still checked.

## Why is this bad?
Parsing cost and memory grow with lines and markup: a table of a million cells or
two million headings take a markdown parser minutes and gigabytes. The largest
real cards hold fewer than 10,000; this much is generated output or an attack.

## Example
A `README.md` with a 5,000-column table of raw predictions.

## Use instead
Keep large tables in a file of the repository and link to it from the card.

## Options
- `max-markup` (integer, default `100000`): the most line breaks and markup characters a body may hold.

```toml
[tool.modelcard.rules.body-too-complex]
max-markup = 200000
```
""",
)

"""MC104: a `library_name` that is not one of the Hub's libraries."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._metadata import did_you_mean, dotless_lower, replacement_fix, suggest
from modelcard.checks.schema import schema_enum

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# Package names that differ from the Hub's library id.
ALIASES = {"scikit-learn": "sklearn", "sentence-transformer": "sentence-transformers"}


def check(ctx: CheckContext) -> Iterator[Finding]:
    value = ctx.card.metadata.get("library_name")
    if not isinstance(value, str) or not value:
        return  # other types are schema violations (MC100)
    known = schema_enum("libraryName")
    if value in known:
        return
    path = ("library_name",)
    suggested, certain = _suggestion(value)
    fix = replacement_fix(ctx.card, path, value, suggested) if certain and suggested else None
    hint = did_you_mean(suggested, certain)
    yield Finding(f"`{value}` is not a library the Hub knows{hint}", ctx.card.location(path), fix=fix)


@functools.lru_cache(maxsize=256)
def _suggestion(value: str) -> tuple[str | None, bool]:
    """The library an unknown name probably means (the same every time: the Hub's list is fixed)."""
    known = schema_enum("libraryName")
    aliases = {key: target for key, target in ALIASES.items() if target in known}
    return suggest(value, sorted(known), normalize=dotless_lower, aliases=aliases, cutoff=0.85)


RULE = Rule(
    code="MC104",
    name="unknown-library-name",
    summary="`library_name` is not one of the Hub's libraries",
    check=check,
    severity=Severity.WARNING,
    fixable=True,
    doc="""\
## What it does
Checks that `library_name` is one of the libraries the Hub integrates
(`transformers`, `diffusers`, `sentence-transformers`, `timm`, ...). Spellings
that differ only in case, spaces or underscores, and a few package names
(`scikit-learn` -> `sklearn`), are fixed; other values get the closest library
as a suggestion.

It is a warning: the Hub accepts any value, but only a known library gets a
"Use this model" code snippet, download counts and a library filter.

## Why is this bad?
Since August 2024 the Hub no longer guesses `transformers` for new models: the
library must be named, and named with the Hub's id, for the model page to show
how to load the model.

## Example
```yaml
library_name: Sentence_Transformers
```

## Use instead
```yaml
library_name: sentence-transformers
```
""",
)

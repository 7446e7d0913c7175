"""MC0xx: a card file that cannot be read, parsed or trusted as YAML.

These rules have no check of their own, except MC011: the engine reports them
from the card loader's errors (``CardError.code_name``) and notes (``YamlNote.kind``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Location, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def _missing_front_matter(ctx: CheckContext) -> Iterator[Finding]:
    if not ctx.card.has_front_matter:
        yield Finding("card has no YAML front-matter; add a `---` block with at least `license`", Location(1, 1))


RULES = (
    Rule(
        code="MC001",
        name="unreadable-file",
        summary="The file cannot be read as UTF-8 text",
        check=None,
        doc="""\
## What it does
Reports a card that cannot be read: a binary file, text that is not valid UTF-8,
a file that cannot be opened (missing, a folder, no permission).

## Why is this bad?
The Hub reads a card as UTF-8 text. A card in another encoding shows as garbage
or not at all, and no other check can run on it.

## Example
A `README.md` saved as Latin-1 with `café` in it, or a `.md` file that is really
a PNG image.

## Use instead
Save the card as UTF-8 (with or without a byte order mark).
""",
    ),
    Rule(
        code="MC002",
        name="empty-file",
        summary="The card file is empty",
        check=None,
        doc="""\
## What it does
Reports a card file that is empty or holds only whitespace.

## Why is this bad?
An empty card tells nobody what the model is, how it was trained or how it may be used.

## Example
```markdown
```

## Use instead
```markdown
---
license: apache-2.0
---
# my-model
A short description of the model.
```
""",
    ),
    Rule(
        code="MC003",
        name="yaml-syntax-error",
        summary="The front-matter is not valid YAML",
        check=None,
        doc="""\
## What it does
Reports front-matter that the YAML parser rejects, at the line and column where it fails.
The message says when tabs used for indentation caused it.

## Why is this bad?
The Hub rejects a push whose metadata does not parse, and shows none of it.

## Example
```yaml
---
license: mit
tags:
	- text-classification
---
```

## Use instead
```yaml
---
license: mit
tags:
  - text-classification
---
```
""",
    ),
    Rule(
        code="MC004",
        name="unclosed-front-matter",
        summary="The front-matter opens with `---` but never closes",
        check=None,
        doc="""\
## What it does
Reports a card that starts with `---` but has no closing `---` line.

## Why is this bad?
The Hub then reads the whole file as markdown: the metadata is lost and shows up
as text at the top of the page.

## Example
```markdown
---
license: mit
# my-model
```

## Use instead
```markdown
---
license: mit
---
# my-model
```
""",
    ),
    Rule(
        code="MC005",
        name="front-matter-not-mapping",
        summary="The front-matter is a list or a scalar, not a mapping",
        check=None,
        doc="""\
## What it does
Reports front-matter whose YAML is a list or a single value instead of `key: value` pairs.

## Why is this bad?
Card metadata is a mapping; tools and the Hub ignore anything else.

## Example
```yaml
---
- license: mit
- language: en
---
```

## Use instead
```yaml
---
license: mit
language: en
---
```
""",
    ),
    Rule(
        code="MC006",
        name="empty-front-matter",
        summary="The front-matter block is empty",
        check=None,
        severity=Severity.WARNING,
        doc="""\
## What it does
Reports a front-matter block with nothing in it (`---` directly followed by `---`).

## Why is this bad?
A card without metadata has no license, no task and no language: the Hub cannot
index it and users cannot tell whether they may use the model.

## Example
```markdown
---
---
# my-model
```

## Use instead
```markdown
---
license: apache-2.0
language: en
pipeline_tag: text-classification
---
# my-model
```
""",
    ),
    Rule(
        code="MC007",
        name="yaml-too-complex",
        summary="The front-matter is too large, too deep or expands too many aliases",
        check=None,
        doc="""\
## What it does
Reports front-matter that exceeds the loader's limits: an alias bomb ("billion
laughs"), nesting that is too deep, or a block that is too large.

## Why is this bad?
Such YAML takes unbounded time or memory to load and is never legitimate card metadata.

## Example
```yaml
---
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
---
```

## Use instead
Plain metadata: the keys the Hub knows, written out without aliases.
""",
    ),
    Rule(
        code="MC008",
        name="unsafe-yaml-tag",
        summary="The front-matter uses a language-specific YAML tag",
        check=None,
        doc="""\
## What it does
Reports YAML tags that construct objects of a programming language, such as
`!!python/object` or `!!python/name`.

## Why is this bad?
Loading them with an unsafe loader runs code; safe loaders refuse them, so the
card's metadata cannot be read at all.

## Example
```yaml
---
license: !!python/object/apply:os.system ["echo hi"]
---
```

## Use instead
```yaml
---
license: mit
---
```
""",
    ),
    Rule(
        code="MC009",
        name="duplicate-key",
        summary="A key appears twice in the same mapping",
        check=None,
        doc="""\
## What it does
Reports a key that is repeated in the same front-matter mapping.

## Why is this bad?
Python's `yaml.safe_load` silently keeps the last value while other parsers
(including the Hub's) reject the file or keep the first: the card means different
things to different tools.

## Example
```yaml
---
license: mit
tags: [nlp]
license: apache-2.0
---
```

## Use instead
```yaml
---
license: apache-2.0
tags: [nlp]
---
```
""",
    ),
    Rule(
        code="MC010",
        name="yaml11-boolean",
        summary="A bare `yes`/`no`/`on`/`off` is read as a boolean where a string was meant",
        check=None,
        severity=Severity.WARNING,
        fixable=True,
        doc="""\
## What it does
Reports unquoted `yes`, `no`, `on`, `off`, `y`, `n` (any case) that a YAML 1.1
loader turns into `true`/`false`, such as `language: no` (Norwegian).

## Why is this bad?
Python tools read `language: no` as `false`, the Hub (YAML 1.2) as `"no"`: the
metadata depends on who reads it, and the language is lost for one of them.

## Example
```yaml
---
language:
- en
- no
---
```

## Use instead
```yaml
---
language:
- en
- "no"
---
```
The fix quotes the value and changes nothing else.
""",
    ),
    Rule(
        code="MC011",
        name="missing-front-matter",
        summary="The card has no YAML front-matter",
        check=_missing_front_matter,
        severity=Severity.WARNING,
        doc="""\
## What it does
Reports a card that does not start with a `---` front-matter block.

## Why is this bad?
Without metadata the Hub shows no license, task, language or datasets for the
model, and search and filters cannot find it.

## Example
```markdown
# my-model
A model fine-tuned on IMDB.
```

## Use instead
```markdown
---
license: apache-2.0
language: en
datasets: [imdb]
pipeline_tag: text-classification
---
# my-model
A model fine-tuned on IMDB.
```
""",
    ),
    Rule(
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
    ),
    Rule(
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
    ),
)

"""MC501: an ``.eval_results/*.yaml`` file that cannot be read as YAML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.card.eval_results import MAX_ENTRIES, MAX_FILES
from modelcard.checks.rule import Finding, Location, Rule, Severity

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    found = ctx.eval_results
    for file in found.files:
        if file.error is not None:
            error = file.error
            yield Finding(error.message.rstrip("."), Location(error.line, error.column), path=file.path)
        for path, where in file.duplicates:
            key = path[-1] if path else ""
            yield Finding(
                f"duplicate key `{key}`: YAML readers disagree on which value wins, and strict ones refuse the file",
                where,
                path=file.path,
            )
    if found.truncated:
        yield Finding(
            f"the folder holds more than {MAX_ENTRIES:,} files and folders; only the first were looked at",
            Location(1, 1),
            path=found.folder,
        )
    elif found.skipped:
        yield Finding(
            f"{found.skipped:,} more files were not read: at most {MAX_FILES} files are linted",
            Location(1, 1),
            path=found.folder,
        )


RULE = Rule(
    code="MC501",
    name="unreadable-eval-results",
    summary="An `.eval_results/*.yaml` file cannot be read as YAML",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Reads every `*.yaml` file under the `.eval_results/` folder beside the card (the
Hub's evaluation results) with the same loader as the card's front-matter, and
reports a file that is not UTF-8 text, is empty, is not valid YAML, is larger than
1,000,000 bytes, nests deeper than 200 levels, expands aliases to more than 100,000
nodes, or uses a tag outside safe YAML (`!!python/object`). A key given twice in
one mapping is reported too. At most 200 files are read per card, among the first
2,000 entries of the folder's tree; more are reported, not read.

The folder is read when a card file or a folder is linted; not for text given on
standard input without `--stdin-filename`. Findings name the YAML file; the card's
own suppression comments do not apply to them, its configuration does.

## Why is this bad?
The Hub drops a file it cannot parse: its scores never reach the model page or
the benchmark's leaderboard, and nothing tells the author.

## Example
```yaml
- dataset:
    id: cais/hle
    task_id: hle
  value: 20.90
  value: 21.3
```

## Use instead
```yaml
- dataset:
    id: cais/hle
    task_id: hle
  value: 21.3
```
""",
)

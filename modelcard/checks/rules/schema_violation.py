"""MC100: front-matter values that break the model-card metadata schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._metadata import looks_like_local_path
from modelcard.checks.schema import SchemaViolation, violations

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

# Keys whose every schema error a more specific rule reports, with a better
# message and often a fix: one problem, one finding.
_OWNED_KEYS = {
    "license": "MC101",
    "language": "MC109",
    "co2_eq_emissions": "MC108",
    "model_index": "MC106",
}
#: Not even validated here: every violation inside them would be another rule's.
_SKIPPED = frozenset(_OWNED_KEYS)
# Keys whose unknown values (``enum`` errors) a more specific rule reports.
_OWNED_ENUMS = {"pipeline_tag": "MC103", "library_name": "MC104"}


def owner(violation: SchemaViolation) -> str | None:
    """The code of the rule that reports this violation instead of MC100, if any."""
    path = violation.path
    if not path:
        if violation.keyword == "required" and "then" in violation.schema_path:
            return "MC102"
        return None
    head = path[0]
    if head in _OWNED_KEYS:
        return _OWNED_KEYS[head]
    if head in _OWNED_ENUMS and violation.keyword == "enum":
        return _OWNED_ENUMS[head]
    if head == "base_model" and violation.keyword == "pattern" and looks_like_local_path(violation.instance):
        return "MC105"
    return None


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    if not metadata:
        return
    # Values YAML 1.1 read as booleans (`- no` in `tags`) are reported, with a
    # fix, as MC010; the type error they cause here would say it again.
    booleans = {note.path for note in ctx.card.notes if note.kind == "yaml11-boolean"}
    for violation in violations(metadata, skip=_SKIPPED):
        if owner(violation) is None and violation.path not in booleans:
            yield Finding(violation.message, ctx.card.location(violation.path))


RULE = Rule(
    code="MC100",
    name="schema-violation",
    summary="A front-matter value breaks the model-card metadata schema",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Validates the front-matter against the JSON Schema of Hugging Face model-card
metadata (`modelcard schema` prints it) and reports every violation at the line
and column of the offending value: wrong types (`tags: nlp` instead of a list),
missing required keys in `model-index` (`dataset.name`, `metrics[].value`),
unknown `base_model_relation`, a `thumbnail` that is not a URL, and so on.
Keys the schema does not know are allowed.

Problems that a more specific rule explains better are left to it: the license
(MC101, MC102), `pipeline_tag` (MC103), `library_name` (MC104), a `base_model`
that is a local path (MC105), `model_index` (MC106), `co2_eq_emissions` (MC108)
and `language` (MC109).

## Why is this bad?
The Hub validates the front-matter when a card is pushed and ignores or rejects
what it cannot read: results without `dataset.name` are not shown, tags given
as a string are not searchable, and a wrong `base_model_relation` breaks the
model tree.

## Example
```yaml
tags: nlp
base_model_relation: finetuned
model-index:
- name: my-model
  results:
  - task:
      type: text-classification
    dataset:
      type: imdb
    metrics:
    - type: accuracy
      value: 0.93
```

## Use instead
```yaml
tags:
- nlp
base_model_relation: finetune
model-index:
- name: my-model
  results:
  - task:
      type: text-classification
    dataset:
      type: imdb
      name: IMDb
    metrics:
    - type: accuracy
      value: 0.93
```
""",
)

"""MC504: a key of an ``.eval_results`` result that the Hub's format does not define."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._eval_results import DATASET_KEYS, RESULT_KEYS, SOURCE_KEYS, results
from modelcard.checks.schema import show
from modelcard.secrets import redact

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: Keys of an earlier draft of the format, and what replaced them.
_REPLACED = {
    ("dataset", "config"): "the task is named by `dataset.task_id`",
    ("dataset", "split"): "the split is part of the task in the benchmark's eval.yaml",
}


def check(ctx: CheckContext) -> Iterator[Finding]:
    for file, index, entry in results(ctx):
        places: list[tuple[tuple[Any, ...], str, Any, tuple[str, ...]]] = [((index,), "", entry, RESULT_KEYS)]
        for key, known in (("dataset", DATASET_KEYS), ("source", SOURCE_KEYS)):
            if isinstance(entry.get(key), dict):
                places.append(((index, key), f"{key}.", entry[key], known))
        for path, prefix, mapping, known in places:
            for key in mapping:
                if key in known:
                    continue
                name = f"{prefix}{show(key)}"
                hint = _REPLACED.get((prefix.rstrip("."), key))
                if hint is None:
                    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                    hint = f"did you mean `{prefix}{close[0]}`?" if close else "the Hub ignores it"
                message = redact(f"unknown key `{name}`: {hint}")  # a key can be anything, a pasted token too
                yield Finding(message, file.location((*path, key), key=True), path=file.path)


RULE = Rule(
    code="MC504",
    name="unknown-eval-result-key",
    summary="An `.eval_results` result has a key the Hub's format does not define",
    check=check,
    severity=Severity.WARNING,
    doc="""\
## What it does
Reports keys of an `.eval_results/*.yaml` result other than those of the Hub's
format: `dataset` (`id`, `task_id`, `revision`), `value`, `verifyToken`, `date`,
`source` (`url`, `name`, `user`, `org`), `notes` and `evaluation_framework`. A
misspelling gets a suggestion (`task-id` → `task_id`); `dataset.config` and
`dataset.split`, from an earlier draft of the format, say what replaced them.

## Why is this bad?
The Hub ignores a key it does not know: a misspelt `verifyToken` leaves the
result unverified, a misspelt `task_id` leaves it off the leaderboard.

## Example
```yaml
- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_diamond
  value: 0.412
  verify_token: eyJhbGciOi...
```

## Use instead
```yaml
- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_diamond
  value: 0.412
  verifyToken: eyJhbGciOi...
```
""",
)

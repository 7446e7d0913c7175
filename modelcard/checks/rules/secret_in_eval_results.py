"""MC506: a token, key or password written into an ``.eval_results`` file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.secrets import find_secrets

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    for file in ctx.eval_results.files:
        if not file.text:
            continue
        for pattern, match in find_secrets(file.text):
            yield Finding(
                f"{pattern.kind} in the evaluation results; revoke it and remove it from the file",
                file.offset_location(match.start()),
                end=file.offset_location(match.end()),
                path=file.path,
            )


RULE = Rule(
    code="MC506",
    name="secret-in-eval-results",
    summary="An `.eval_results` file holds a token, key or password",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Looks for the same secrets as MC401 (Hugging Face, cloud and API tokens, private
keys, credentials in URLs) in the `.eval_results/*.yaml` files beside the card,
most often in a `source.url` copied from a logged-in browser or a script. The
finding names the kind and the place, never the secret. A `verifyToken` is a
signature, not a secret, and is not reported.

## Why is this bad?
The files are pushed with the card and shown on the model page: anyone can read
and use the secret.

## Example
```yaml
- dataset: {id: cais/hle, task_id: hle}
  value: 20.9
  source:
    url: https://ci:hunter2pass@logs.example.com/runs/42
```

## Use instead
```yaml
- dataset: {id: cais/hle, task_id: hle}
  value: 20.9
  source:
    url: https://logs.example.com/runs/42
```
and revoke the credentials.
""",
)

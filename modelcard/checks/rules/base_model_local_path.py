"""MC105: a `base_model` that is a path on the author's machine, not a Hub repo id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.checks.rules._metadata import looks_like_local_path, replace_scalar, repo_id_from_cache_path
from modelcard.checks.schema import show

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext


def check(ctx: CheckContext) -> Iterator[Finding]:
    value = ctx.card.metadata.get("base_model")
    if isinstance(value, str):
        items = [(("base_model",), value)]
    elif isinstance(value, list):
        items = [(("base_model", i), item) for i, item in enumerate(value)]
    else:
        return
    for path, item in items:
        if not looks_like_local_path(item):
            continue
        repo_id = repo_id_from_cache_path(item)
        if repo_id:
            edit = replace_scalar(ctx.card, path, repo_id)
            yield Finding(
                f"`base_model` is a local cache path `{show(item)}`; use the repo id `{repo_id}`",
                ctx.card.location(path),
                fix=Fix(f"Replace the path with `{repo_id}`", (edit,)),
            )
        else:
            yield Finding(
                f"`base_model` is a local path `{show(item)}`; use the Hub repo id of the base model",
                ctx.card.location(path),
            )


RULE = Rule(
    code="MC105",
    name="base-model-local-path",
    summary="`base_model` is a local filesystem path instead of a Hub repo id",
    check=check,
    severity=Severity.ERROR,
    fixable=True,
    doc="""\
## What it does
Reports a `base_model` (or an item of a `base_model` list) that is a path on
the machine the model was trained on: `./out`, `../base`, `/home/me/ckpt`,
`C:\\runs\\base`, `~/models/x`, `runs/exp1/checkpoint-500`. This happens when
a training script passes its local `model_name_or_path` to the card.

A path into the Hugging Face cache (`.../hub/models--org--name/snapshots/...`)
names its repo, so it is fixed to that repo id (`org/name`).

## Why is this bad?
The Hub links a model to its base model by repo id to build the model tree
("Finetuned from", "Quantizations of", ...). A path links to nothing and tells
readers where the author kept files, not what the model was trained from.

## Example
```yaml
base_model: /root/.cache/huggingface/hub/models--runwayml--stable-diffusion-v1-5/snapshots/1d0c4eb
```

## Use instead
```yaml
base_model: runwayml/stable-diffusion-v1-5
```
""",
)

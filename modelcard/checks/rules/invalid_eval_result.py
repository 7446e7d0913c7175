"""MC502: an ``.eval_results`` result that lacks a required key or has a value of the wrong kind."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._eval_results import is_number, kind
from modelcard.checks.schema import schema_pattern, show

if TYPE_CHECKING:
    from modelcard.card.eval_results import EvalFile
    from modelcard.checks.context import CheckContext

Path = tuple[Any, ...]

#: Optional string values: result keys, then ``source`` keys.
_STRINGS = ("verifyToken", "notes", "evaluation_framework")
_SOURCE_STRINGS = ("name", "user", "org")


def check(ctx: CheckContext) -> Iterator[Finding]:
    for file in ctx.eval_results.files:
        if file.error is not None:
            continue  # MC501
        data = file.data
        if not isinstance(data, list):
            yield _at(file, (), f"the file is {kind(data)}; it must be a list of results (`- dataset: ...`)")
            continue
        if not data:
            yield _at(file, (), "the file lists no result")
        for index, entry in enumerate(data):
            yield from _result(file, index, entry)


def _at(file: EvalFile, path: Path, message: str) -> Finding:
    from modelcard.secrets import redact

    return Finding(redact(message), file.location(path), path=file.path)


def _result(file: EvalFile, index: int, entry: Any) -> Iterator[Finding]:
    here = (index,)
    if not isinstance(entry, dict):
        yield _at(file, here, f"result {index + 1} is {kind(entry)}; a result is a mapping with `dataset` and `value`")
        return
    dataset = entry.get("dataset")
    if "dataset" not in entry:
        yield _at(file, here, "`dataset` is missing: a result needs `dataset.id` and `dataset.task_id`")
    elif not isinstance(dataset, dict):
        yield _at(file, (*here, "dataset"), f"`dataset` is {kind(dataset)}; it must be a mapping with `id` and `task_id`")
    else:
        yield from _dataset(file, (*here, "dataset"), dataset)
    if "value" not in entry:
        yield _at(file, here, "`value` is missing: a result needs the metric value")
    elif not is_number(entry["value"]):
        value = entry["value"]
        what = f"`{show(value)}`, text" if isinstance(value, str) else kind(value)
        yield _at(file, (*here, "value"), f"`value` is {what}; it must be a finite number")
    for key in _STRINGS:
        if key in entry and not isinstance(entry[key], str):
            yield _at(file, (*here, key), f"`{key}` is {kind(entry[key])}; it must be a string{_quote(file, (*here, key), entry[key])}")
    if "source" in entry:
        yield from _source(file, (*here, "source"), entry["source"])


def _dataset(file: EvalFile, here: Path, dataset: dict[Any, Any]) -> Iterator[Finding]:
    for key, what in (("id", "the benchmark's Hub dataset id"), ("task_id", "a task id of the benchmark's eval.yaml")):
        if key not in dataset:
            yield _at(file, here, f"`dataset.{key}` is missing: {what}")
        elif not isinstance(dataset[key], str) or not dataset[key].strip():
            yield _at(file, (*here, key), f"`dataset.{key}` is {kind(dataset[key])}; it must be {what}{_quote(file, (*here, key), dataset[key])}")
    dataset_id = dataset.get("id")
    if isinstance(dataset_id, str) and dataset_id.strip() and not _repo_id().match(dataset_id):
        yield _at(file, (*here, "id"), f"`dataset.id` `{show(dataset_id)}` is not a Hub dataset id (`namespace/name`)")
    if "revision" in dataset and not isinstance(dataset["revision"], str):
        yield _at(file, (*here, "revision"), f"`dataset.revision` is {kind(dataset['revision'])}; it must be a commit hash")


def _source(file: EvalFile, here: Path, source: Any) -> Iterator[Finding]:
    if not isinstance(source, dict):
        yield _at(file, here, f"`source` is {kind(source)}; it must be a mapping with `url`")
        return
    url = source.get("url")
    if "url" not in source:
        yield _at(file, here, "`source.url` is missing: a `source` must link to the logs, traces or paper")
    elif not isinstance(url, str) or not _is_web_url(url):
        what = f"`{show(url)}`" if isinstance(url, str) else kind(url)
        yield _at(file, (*here, "url"), f"`source.url` is {what}; it must be an absolute http(s) URL")
    for key in _SOURCE_STRINGS:
        if key in source and not isinstance(source[key], str):
            yield _at(file, (*here, key), f"`source.{key}` is {kind(source[key])}; it must be a string{_quote(file, (*here, key), source[key])}")


def _quote(file: EvalFile, path: Path, value: Any) -> str:
    """How to write a plain scalar that YAML read as a number, a boolean or a date as a string."""
    if not isinstance(value, (bool, int, float, datetime.date)):
        return ""
    written = file.source(path)
    if not written or len(written) > 60 or '"' in written:
        return ""
    return f" (write `\"{written}\"`)"


def _is_web_url(text: str) -> bool:
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in text.strip())


_REPO_ID: list[re.Pattern[str]] = []


def _repo_id() -> re.Pattern[str]:
    if not _REPO_ID:
        _REPO_ID.append(re.compile(schema_pattern("repoId")))
    return _REPO_ID[0]


RULE = Rule(
    code="MC502",
    name="invalid-eval-result",
    summary="An `.eval_results` result lacks a required key or holds a value of the wrong kind",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Checks each result of the `.eval_results/*.yaml` files beside the card against the
Hub's format. Each file is a list of results. A result needs `dataset.id` (the Hub
id of the benchmark dataset), `dataset.task_id` (a task defined in that dataset's
`eval.yaml`) and `value` (a finite number). `dataset.revision`, `verifyToken`,
`notes` and `evaluation_framework` are strings; `source`, when given, is a mapping
whose `url` is an absolute http(s) URL, with optional `name`, `user` and `org`
strings. `date` has its own rule (MC503), unknown keys too (MC504).

## Why is this bad?
The Hub reads the result by these keys: without `dataset.id` or `dataset.task_id`
it cannot place the score on a leaderboard, and `huggingface_hub`'s parser stops
with a `KeyError` on the first missing one. A score written as text cannot be
ranked.

## Example
```yaml
- dataset:
    id: Idavidrein/gpqa
  value: "41.2%"
  source:
    name: Eval logs
```

## Use instead
```yaml
- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_diamond
  value: 0.412
  source:
    url: https://huggingface.co/datasets/acme/gpqa-traces
    name: Eval logs
```
""",
)

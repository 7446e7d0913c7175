"""MC503: an ``.eval_results`` ``date`` that is not a quoted ISO-8601 string."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Rule, Severity
from modelcard.checks.rules._eval_results import kind, results
from modelcard.checks.schema import show
from modelcard.secrets import redact

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

#: ``2025-01-15``, ``2025-01-15T10:30:00Z``, ``2025-01-15T10:30:00.5+02:00``.
ISO_8601 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


def is_iso_8601(text: str) -> bool:
    """Whether ``text`` is an ISO-8601 date or datetime that exists on the calendar."""
    match = ISO_8601.fullmatch(text)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return True


def check(ctx: CheckContext) -> Iterator[Finding]:
    for file, index, entry in results(ctx):
        if "date" not in entry:
            continue
        path = (index, "date")
        value = entry["date"]
        written = file.source(path) or ""
        if isinstance(value, (datetime.date, datetime.datetime)):
            message = f"`date` `{written}` is read as a YAML timestamp, not a string; quote it: `\"{written}\"`"
        elif not isinstance(value, str):
            message = f"`date` is {kind(value)}; it must be a quoted ISO-8601 date such as `\"2025-01-15\"`"
        elif not is_iso_8601(value.strip()):
            message = f"`date` `{show(value)}` is not an ISO-8601 date or datetime (`2025-01-15`, `2025-01-15T10:30:00Z`)"
        else:
            continue
        yield Finding(redact(message), file.location(path), path=file.path)


RULE = Rule(
    code="MC503",
    name="eval-result-date",
    summary="An `.eval_results` `date` is not a quoted ISO-8601 string",
    check=check,
    severity=Severity.ERROR,
    doc="""\
## What it does
Reports a `date` of an `.eval_results/*.yaml` result that is not a string holding
an ISO-8601 date or datetime (`2025-01-15`, `2025-01-15T10:30:00Z`): an unquoted
date, a number, or text in another format (`15/01/2025`) or not on the calendar
(`2025-02-30`).

## Why is this bad?
Unquoted, `2025-01-15` is a YAML timestamp: YAML readers turn it into a date
object instead of the string the Hub's format asks for, and the value that
reaches the Hub depends on the reader. A date in another format cannot be read
at all; the Hub then falls back to the commit time.

## Example
```yaml
- dataset:
    id: cais/hle
    task_id: hle
  value: 20.9
  date: 2025-01-15
```

## Use instead
```yaml
- dataset:
    id: cais/hle
    task_id: hle
  value: 20.9
  date: "2025-01-15"
```
""",
)

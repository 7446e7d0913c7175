"""MC101: a `license` the Hub does not know, such as `MIT` or `Apache 2.0`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.checks.rules._metadata import did_you_mean, replace_value, replacement_fix, suggest
from modelcard.checks.schema import schema_enum
from modelcard.resources import load_json

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

_NOISE = re.compile(r"\b(?:the|licen[cs]e|version|only)\b")
_VERSION_V = re.compile(r"\bv(?=\d)|(?<=[a-z])v(?=\d)")


def license_key(text: str) -> str:
    """A spelling-insensitive key: ``Apache License, Version 2.0`` and ``apache2`` -> ``apache2``."""
    key = _NOISE.sub(" ", text.lower())
    key = _VERSION_V.sub("", key)
    key = re.sub(r"[^a-z0-9.+]+", "", key)
    return re.sub(r"(\d)\.0(?![0-9])", r"\1", key)


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Keys of the full license names (``MIT``, ``Apache license 2.0``...) -> id."""
    by_key: dict[str, set[str]] = {}
    for item in load_json("data/licenses.json")["licenses"]:
        for text in (item["id"], item["fullname"]):
            by_key.setdefault(license_key(text), set()).add(item["id"])
    return {key: ids.pop() for key, ids in by_key.items() if len(ids) == 1}


def suggestion(value: str) -> tuple[str | None, bool]:
    """The license id ``value`` probably means, and whether that is certain."""
    return suggest(value, sorted(schema_enum("licenseId")), normalize=license_key, aliases=_aliases())


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    value = metadata.get("license")
    if value is None or value == "":
        return
    known = schema_enum("licenseId")
    path = ("license",)
    if isinstance(value, str):
        if value in known:
            return
        suggested, certain = suggestion(value)
        fix = replacement_fix(ctx.card, path, value, suggested) if certain and suggested else None
        hint = did_you_mean(suggested, certain) or "; use an id from the Hub's list, or `other` with `license_name` and `license_link`"
        yield Finding(f"`{value}` is not a license id the Hub knows{hint}", ctx.card.location(path), fix=fix)
    elif isinstance(value, list):
        yield _list_finding(ctx, value, known)
    else:
        yield Finding("`license` must be a license id, like `apache-2.0`", ctx.card.location(path))


def _list_finding(ctx: CheckContext, value: list, known: frozenset[str]) -> Finding:
    path = ("license",)
    if len(value) == 1 and isinstance(value[0], str):
        item = value[0]
        suggested, certain = (item, True) if item in known else suggestion(item)
        if certain and suggested:
            fix = Fix(f"Replace the list with `{suggested}`", (replace_value(ctx.card, path, suggested),))
            return Finding(f"`license` must be one id, not a list; use `{suggested}`", ctx.card.location(path), fix=fix)
    return Finding(
        "`license` must be one id, not a list; for combined terms use `other` with `license_name` and `license_link`",
        ctx.card.location(path),
    )


RULE = Rule(
    code="MC101",
    name="unknown-license",
    summary="The license is not an id from the Hub's list",
    check=check,
    severity=Severity.ERROR,
    fixable=True,
    doc="""\
## What it does
Checks that `license` is one of the license ids the Hub accepts (`apache-2.0`,
`mit`, `cc-by-4.0`, ... `other`). Common spellings are recognised and replaced
by the right id: `MIT` -> `mit`, `Apache 2.0` / `apache2` / `Apache-2.0` ->
`apache-2.0`, `GPL-3` / `GPLv3` -> `gpl-3.0`, `cc-by-4` -> `cc-by-4.0`. Other
values get the closest id as a suggestion. A list of licenses is reported too;
a list with a single license is fixed to that license.

## Why is this bad?
The Hub shows and filters models by license id. An unknown id is shown as no
license at all, so the model does not appear under its license and users
cannot tell whether they may use it.

## Example
```yaml
license: Apache 2.0
```

## Use instead
```yaml
license: apache-2.0
```
For a license that is not in the list:
```yaml
license: other
license_name: my-license-1.0
license_link: LICENSE
```
""",
)

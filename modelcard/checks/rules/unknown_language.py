"""MC109: a `language` that is not an ISO 639 code (or a lowercase BCP 47 tag built on one)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.checks.rules._metadata import replace_value, replacement_fix, source
from modelcard.checks.schema import schema_enum, schema_pattern, show, type_name
from modelcard.resources import load_json

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

KEY = "language"
# Codes ISO 639 withdrew, and the codes that replaced them.
DEPRECATED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# Country codes often written for a language.
COUNTRY = {"jp": "ja", "vn": "vi", "kr": "ko", "cn": "zh", "dk": "da", "gr": "el", "cz": "cs", "ua": "uk", "us": "en", "gb": "en"}
# Language names that the ISO tables spell otherwise.
NAMES = {"greek": "el", "farsi": "fa", "setswana": "tn", "deutsch": "de", "español": "es", "français": "fr"}
PROGRAMMING = frozenset(
    "python c++ c# java javascript typescript rust golang sql php ruby bash shell html css kotlin swift scala lua perl".split()
)


class Verdict(NamedTuple):
    message: str
    replacement: str | None = None  # a safe fix
    certain: bool = False


@functools.lru_cache(maxsize=1)
def _tag() -> re.Pattern[str]:
    return re.compile(schema_pattern("languageTag"))


@functools.lru_cache(maxsize=1)
def _subtags() -> tuple[frozenset[str], frozenset[str]]:
    data = load_json("data/languages.json")
    return frozenset(data["regions"]), frozenset(data["scripts"])


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lowercase language name -> code, for names that name one language.

    ``Chinese`` is also ``Chinese (family)``: when a name is shared, the one
    language with an ISO 639-1 code wins, if there is exactly one.
    """
    found: dict[str, set[tuple[str, bool]]] = {}
    for entry in load_json("data/languages.json")["languages"]:
        code = entry.get("alpha_2", entry["alpha_3"])
        name = entry["name"].lower()
        for key in {name, re.sub(r"\s*\(.*?\)", "", name).strip()}:
            found.setdefault(key, set()).add((code, "alpha_2" in entry))
    names = {}
    for name, candidates in found.items():
        if len(candidates) > 1:
            candidates = {c for c in candidates if c[1]}
        if len(candidates) == 1:
            names[name] = next(iter(candidates))[0]
    names.update(NAMES)
    return names


def _valid(value: str) -> bool:
    if value in schema_enum("languageCode"):
        return True
    return _tag_problem(value) is None


def _tag_problem(value: str) -> str | None:
    """Why a lowercase BCP 47-shaped tag is wrong, or ``None`` when it is right."""
    if not _tag().fullmatch(value):
        return "not a tag"
    regions, scripts = _subtags()
    primary, *rest = value.split("-")
    if primary not in schema_enum("languageCode") or primary in ("code", "multilingual"):
        return f"`{primary}` is not an ISO 639 code"
    for part in rest:
        if len(part) == 4 and part.isalpha():
            if part not in scripts:
                return f"`{part}` is not an ISO 15924 script"
        elif len(part) == 2:
            if part not in regions:
                if part in schema_enum("languageCode"):
                    return "two languages in one tag; list them separately"
                return f"`{part}` is not an ISO 3166 region"
    return None


def _code_for(word: str) -> str | None:
    """The code a single word names: a code, a deprecated code or a language name."""
    lowered = word.lower()
    if _valid(lowered):
        return lowered
    return DEPRECATED.get(lowered) or _names().get(lowered)


def verdict(value: str) -> Verdict | None:
    """``None`` when ``value`` is a valid language, else what is wrong and what to use."""
    if value in schema_enum("languageCode"):
        return None
    problem = _tag_problem(value)
    if problem is None:
        return None
    lowered = value.strip().lower()
    if lowered != value and _valid(lowered):
        return Verdict(f"`{value}` must be lowercase, `{lowered}`", lowered, True)
    if lowered in DEPRECATED:
        return Verdict(f"`{value}` is a withdrawn ISO 639 code; use `{DEPRECATED[lowered]}`", DEPRECATED[lowered], True)
    if lowered in COUNTRY:
        return Verdict(f"`{value}` is a country code; the language is probably `{COUNTRY[lowered]}`")
    code = _names().get(lowered)
    if code:
        return Verdict(f"`{value}` is a language name; use its ISO 639 code `{code}`", code, True)
    if "-" in value and problem != "not a tag":
        return Verdict(f"`{value}` is not a valid language tag: {problem}")
    parts = [p for p in re.split(r"[\s,;/&+]+", value.strip()) if p]
    if len(parts) > 1:
        codes = [_code_for(p) for p in parts]
        if all(codes):
            listed = ", ".join(f"`{c}`" for c in codes)
            return Verdict(f"`{show(value)}` holds several languages; list them one per item: {listed}")
    if lowered in PROGRAMMING:
        return Verdict(f"`{value}` is a programming language; use `code`")
    return Verdict(f"`{show(value)}` is not an ISO 639 language code")


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    value = metadata.get(KEY)
    if value is None:
        return
    if isinstance(value, list):
        if not value:
            yield Finding(f"`{KEY}` is an empty list", ctx.card.location((KEY,)))
        for index, item in enumerate(value):
            yield from _item(ctx, (KEY, index), item)
    else:
        yield from _item(ctx, (KEY,), value)


def _item(ctx: CheckContext, path: tuple[Any, ...], value: Any) -> Iterator[Finding]:
    if isinstance(value, bool):
        location = ctx.card.location(path)
        text = source(ctx.card, path)
        if value is False and text.strip().lower() == "no":
            fix = Fix('Quote `no` so that it stays the code of Norwegian: `"no"`', (replace_value(ctx.card, path, '"no"'),))
            yield Finding('`no` is read as the boolean `false`, not Norwegian; quote it: `"no"`', location, fix=fix)
        else:
            yield Finding(f"`{KEY}` must be a language code, not the boolean `{show(value)}`", location)
        return
    if not isinstance(value, str):
        yield Finding(f"`{KEY}` must be a language code, not {type_name(value)}", ctx.card.location(path))
        return
    found = verdict(value)
    if found is None:
        return  # a known code: no need to locate it
    fix = replacement_fix(ctx.card, path, value, found.replacement) if found.certain and found.replacement else None
    yield Finding(found.message, ctx.card.location(path), fix=fix)


RULE = Rule(
    code="MC109",
    name="unknown-language",
    summary="`language` is not an ISO 639 code",
    check=check,
    severity=Severity.ERROR,
    fixable=True,
    doc="""\
## What it does
Checks every `language` value against ISO 639 (639-1 `en`, 639-2/T `deu`,
639-2/B `ger`, 639-3 `yue`, 639-5 families `zle`; from pycountry's tables,
shipped in `schemas/data/languages.json`), plus the Hub's special values
`multilingual` and `code`. Lowercase BCP 47 tags built on such a code are
accepted when their script (ISO 15924) and region (ISO 3166) subtags exist:
`zh-hant`, `pt-br`, `es-419`.

Fixed automatically:
- `language: no` (Norwegian) that YAML 1.1 reads as the boolean `false` is
  quoted: `"no"`;
- uppercase tags are lowercased (`zh-CN` -> `zh-cn`; tags are case-insensitive
  and the Hub accepts lowercase only);
- language names become codes (`English` -> `en`);
- withdrawn codes are replaced (`iw` -> `he`, `jw` -> `jv`).

Country codes (`jp`), several languages in one string (`en, de`) and
programming languages (`python`, use `code`) are reported with a suggestion.

## Why is this bad?
The Hub filters models by language code. A name, a country code or a boolean
is not a language, so the model is missing from the language's list, and the
Hub rejects uppercase tags when the card is pushed.

## Example
```yaml
language:
- English
- no
- zh-CN
```

## Use instead
```yaml
language:
- en
- "no"
- zh-cn
```
""",
)

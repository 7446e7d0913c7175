"""MC108: `co2_eq_emissions` whose amount or unit makes no sense."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from modelcard.checks.rule import Finding, Fix, Rule, Severity
from modelcard.checks.schema import show, violations
from modelcard.diagnostics import Edit

if TYPE_CHECKING:
    from modelcard.checks.context import CheckContext

KEY = "co2_eq_emissions"
_UNITS = {
    "g": Decimal(1), "gram": Decimal(1), "grams": Decimal(1),
    "kg": Decimal(1000), "kilogram": Decimal(1000), "kilograms": Decimal(1000),
    "t": Decimal(1000000), "ton": Decimal(1000000), "tons": Decimal(1000000),
    "tonne": Decimal(1000000), "tonnes": Decimal(1000000),
}
_AMOUNT = re.compile(
    r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z]+?)?(?:\s*co2\s*(?:eq|e)?)?\s*", re.IGNORECASE
)


def grams(text: str) -> str | None:
    """``"1.5 kg"`` -> ``"1500"``: an amount written as text, in grams (no unit: grams)."""
    found = _AMOUNT.fullmatch(text)
    if not found:
        return None
    unit = _UNITS.get(found.group(2).lower()) if found.group(2) else Decimal(1)
    if unit is None:
        return None
    try:
        value = Decimal(found.group(1)) * unit
    except InvalidOperation:
        return None
    return format(value.normalize(), "f")


def check(ctx: CheckContext) -> Iterator[Finding]:
    metadata = ctx.card.metadata
    value = metadata.get(KEY)
    if value is None:
        return
    options = ctx.options
    if isinstance(value, bool) or not isinstance(value, (int, float, str, dict)):
        yield Finding(f"`{KEY}` must be a number of grams or a mapping with `emissions`", ctx.card.location((KEY,)))
        return
    if isinstance(value, dict):
        yield from _mapping(ctx, value, options)
        return
    yield from _amount(ctx, (KEY,), value, options, scalar=True)


def _mapping(ctx: CheckContext, value: dict[str, Any], options: Any) -> Iterator[Finding]:
    path = (KEY,)
    if "emissions" not in value or value["emissions"] is None:
        yield Finding(f"`{KEY}` has no `emissions` (grams of CO2-equivalent)", ctx.card.location(path, key=True))
    else:
        yield from _amount(ctx, (KEY, "emissions"), value["emissions"], options, scalar=False)
    if options.get("require_source", True) and not value.get("source"):
        yield Finding(f"`{KEY}` has no `source`; say how the emissions were measured", ctx.card.location(path, key=True))
    for violation in violations(ctx.card.metadata):
        # Anything else the schema says about the mapping (`training_type`, types of the text fields).
        if violation.path[:1] == path and violation.path[1:2] not in ((), ("emissions",)):
            yield Finding(violation.message, ctx.card.location(violation.path))


def _amount(ctx: CheckContext, path: tuple[str, ...], value: Any, options: Any, *, scalar: bool) -> Iterator[Finding]:
    where = f"`{'.'.join(path)}`"
    location = ctx.card.location(path)
    if isinstance(value, str):
        converted = grams(value)
        if converted is None:
            yield Finding(f"{where} is `{show(value)}`; it must be a number of grams", location)
            return
        if scalar:
            edit = _as_mapping(ctx, converted)
        else:
            start, end = ctx.card.span(path)
            edit = Edit(start, end, converted)
        yield Finding(
            f"{where} is `{show(value)}`; write the number of grams, `{converted}`",
            location,
            fix=Fix(f"Write the amount in grams: {converted}", (edit,)),
        )
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        yield Finding(f"{where} must be a number of grams, not `{show(value)}`", location)
        return
    if value < 0:
        yield Finding(f"{where} is negative (`{show(value)}`); emissions are an amount of grams", location)
        return
    if scalar:
        start, end = ctx.card.span(path)
        number = ctx.card.text[start:end]
        yield Finding(
            f"`{KEY}` is a bare number; write it as a mapping with `emissions` in grams and a `source`",
            location,
            fix=Fix("Write the number as `emissions:` of a mapping", (_as_mapping(ctx, number),)),
        )
        return
    stated = _stated_unit(ctx.card.body, float(value))
    if stated == "g":
        return
    threshold = options.get("min_grams", 0.01)
    if stated == "kg":
        yield Finding(f"{where} is {show(value)}, which the card body gives in kilograms; write grams: multiply by 1000", location)
    elif 0 < value < threshold:
        yield Finding(
            f"{where} is {show(value)} g, less than {threshold} g for a training run: "
            "probably kilograms (codecarbon reports kg); multiply by 1000",
            location,
        )


_BODY_AMOUNT = re.compile(
    r"\(in\s+(kg|kilograms?|g|grams?)\)\s*:?\s*\**\s*([0-9]*\.?[0-9]+(?:[eE]-?[0-9]+)?)"
    r"|([0-9]*\.?[0-9]+(?:[eE]-?[0-9]+)?)\s*(kg|kilograms?|g|grams?)\b",
    re.IGNORECASE,
)
_CARBON_LINE = re.compile(r"^.*(?:co2|carbon|emission).*$", re.IGNORECASE | re.MULTILINE)


def _stated_unit(body: str, value: float) -> str | None:
    """``"kg"`` or ``"g"`` when the body states this amount with a unit (``CO2 Emissions (in grams): 0.0028``)."""
    for line in _CARBON_LINE.findall(body):
        for match in _BODY_AMOUNT.finditer(line):
            unit, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
            try:
                amount = float(number)
            except ValueError:
                continue
            if amount > 0 and abs(amount - value) <= 0.05 * max(abs(value), 1e-12):
                return "kg" if unit.lower().startswith("k") else "g"
    return None


def _as_mapping(ctx: CheckContext, number: str) -> Edit:
    """Turn ``co2_eq_emissions: N`` into a block mapping ``emissions: N`` under the key."""
    card = ctx.card
    start, end = card.span((KEY,))
    key_start, key_end = card.key_span((KEY,))
    colon = card.text.find(":", key_end)
    line_start = max(card.text.rfind("\n", 0, key_start), card.text.rfind("\r", 0, key_start)) + 1
    indent = card.text[line_start:key_start]
    indent = indent if not indent.strip() else ""
    newline = card.newline
    return Edit(colon + 1, end, f"{newline}{indent}  emissions: {number}")


RULE = Rule(
    code="MC108",
    name="co2-emissions-units",
    summary="`co2_eq_emissions` has no unit sense: bare, negative, not grams, or without source",
    check=check,
    severity=Severity.WARNING,
    fixable=True,
    options={"min_grams": 0.01, "require_source": True},
    doc="""\
## What it does
Checks `co2_eq_emissions`, which the Hub reads as grams of CO2-equivalent:

- a bare number is rewritten as a mapping, `emissions: N`, so that it can carry
  its `source` and the reader sees the unit is grams;
- an amount with a unit (`1.2 kg`, `300 g`) is converted to grams;
- negative or non-numeric amounts, and a mapping without `emissions`, are reported;
- an amount that the card body states in kilograms, or an amount below
  `min_grams` that the body does not state in grams, is probably in
  kilograms, the unit codecarbon writes to `emissions.csv`;
- a mapping without `source` is reported (`require_source`).

## Why is this bad?
Emissions are compared across models on the Hub. A value in kilograms read as
grams is 1000 times too small, and a number without a source cannot be checked.

## Example
```yaml
co2_eq_emissions: 0.0027665
```

## Use instead
```yaml
co2_eq_emissions:
  emissions: 2.7665
  source: codecarbon
  training_type: fine-tuning
  geographical_location: Frankfurt, Germany
  hardware_used: 1 x NVIDIA A100
```

## Options
- `min_grams` (default `0.01`): amounts below it are reported as probably kilograms.
- `require_source` (default `true`): report a mapping without `source`.
""",
)

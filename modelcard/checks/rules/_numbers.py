"""Whether two ways of writing a score say the same (rounding and percentages tolerated)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def agrees(shown: str, value: float) -> bool:
    """Whether ``shown`` is ``value`` rounded, truncated or as a percentage (or a fraction of it)."""
    number, places, stored = float(shown), _places(shown), _places(repr(value))
    for scaled, scaled_places in ((value, stored), (value * 100, stored - 2), (value / 100, stored + 2)):
        tolerance = 0.5 * 10 ** -min(places, max(scaled_places, 0))
        if abs(number - scaled) <= tolerance * 1.000001 or abs(number - scaled) < 10**-places:
            return True
    return False


def _places(text: str) -> int:
    try:
        exponent = Decimal(text).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0

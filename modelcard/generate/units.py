"""Durations and counts in words a reader expects: ``2.1 seconds``, ``1 hour``, ``14 minutes 5 seconds``.

One helper for every duration in a card, so a card never says "0.0 minutes",
"0.000417 hours (2 s)" or "1 hours".
"""

from __future__ import annotations

import math

_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


def plural(count: float, unit: str) -> str:
    """``1 hour``, ``2 hours``, ``1.5 seconds``."""
    return f"{count:g} {unit}" if count == 1 else f"{count:g} {unit}s"


def duration(seconds: float) -> str:
    """A duration in at most two units, rounded to what a reader needs.

    Under 10 seconds: one decimal (``2.1 seconds``); under a minute: whole
    seconds; then the two largest units, the second left out when zero
    (``14 minutes 5 seconds``, ``1 hour``, ``2 days 3 hours``).

    Example:
        >>> duration(1.5), duration(59.6), duration(3602), duration(7384)
        ('1.5 seconds', '1 minute', '1 hour', '2 hours 3 minutes')
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"not a duration: {seconds!r}")
    if seconds < 9.95:
        return plural(round(seconds, 1), "second")
    total = round(seconds)
    for index, (unit, size) in enumerate(_UNITS):
        if total >= size:
            if unit == "second":
                return plural(total, unit)
            smaller, smaller_size = _UNITS[index + 1]
            # round to the smaller unit, which may carry into the larger one
            total = round(total / smaller_size) * smaller_size
            first, rest = divmod(total, size)
            text = plural(first, unit)
            count = rest // smaller_size
            return f"{text} {plural(count, smaller)}" if count else text
    return plural(total, "second")  # pragma: no cover - total >= 10 here

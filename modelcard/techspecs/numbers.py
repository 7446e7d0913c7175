"""How the technical specifications write numbers: significant figures, powers of ten."""

from __future__ import annotations

import math

#: Significant figures of every measured or estimated figure (the form asks for at least two).
DIGITS = 3


def significant(value: float, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant figures, plainly (``0.00123``, ``81.5``, ``12300``)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    rounded = float(f"{value:.{digits - 1}e}")
    exponent = math.floor(math.log10(abs(rounded)))
    decimals = max(digits - 1 - exponent, 0)
    return f"{rounded:,.{decimals}f}"


def power_of_ten(value: float, digits: int = DIGITS) -> str:
    """``value`` as ``3.89 × 10^17`` (``digits`` significant figures)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    return f"{mantissa} × 10^{int(exponent)}"


def order_of_magnitude(value: float) -> int:
    """The power of ten of ``value`` (``3.9e17`` -> 17)."""
    return math.floor(math.log10(abs(value))) if value else 0

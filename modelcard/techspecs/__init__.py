"""Technical specifications of a training run: compute, time, energy, weights hashes.

Derived from a :class:`~modelcard.sources.run.Run` (never from raw files,
except the weights, which are hashed): each figure names its method and its
sources, and what cannot be known is listed instead of guessed. The card's
"Technical specifications" and the regulatory documentation read them.

Example:
    >>> from modelcard.sources import read_run               # doctest: +SKIP
    >>> specs = technical_specs(read_run("outputs/run"))      # doctest: +SKIP
    >>> specs.compute.flop, specs.compute.method               # doctest: +SKIP
    (3.89e+17, 'trainer-total-flos')
"""

from __future__ import annotations

from modelcard.techspecs.specs import TechSpecs, technical_specs

__all__ = ["TechSpecs", "technical_specs"]

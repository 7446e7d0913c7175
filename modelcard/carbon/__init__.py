"""Live carbon tracking around a block of code or a command.

Wraps codecarbon's offline tracker (an optional extra: ``pip install
'modelcard[carbon]'``), imported only when tracking starts. Every run writes
``emissions.csv`` and, beside it, ``emissions_caveats.json``: what was
estimated rather than measured, so a card never presents an estimate as a
measurement.
"""

from __future__ import annotations

from modelcard.carbon.caveats import CAVEATS_FILE, Caveat
from modelcard.carbon.hardware import prewarm
from modelcard.carbon.track import EMISSIONS_FILE, CarbonTracker, TrackingResult, track

__all__ = ["CAVEATS_FILE", "EMISSIONS_FILE", "CarbonTracker", "Caveat", "TrackingResult", "prewarm", "track"]

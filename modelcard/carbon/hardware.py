"""codecarbon's hardware detection, done once per process, and what it said.

The first tracker of a process detects the CPU and looks up its rated power
(a ``py-cpuinfo`` subprocess and codecarbon's CPU table: a second or two);
codecarbon caches the result and does not log its warnings again. This module
can run that detection early, in the background, and keeps the warnings so
every tracker of the process states them.
"""

from __future__ import annotations

import logging
import threading

from modelcard.carbon import caveats as cv
from modelcard.carbon.settings import import_codecarbon

_lock = threading.Lock()
_thread: threading.Thread | None = None
#: What codecarbon said while detecting this machine's hardware.
_seen: list[cv.Caveat] = []
_KINDS = frozenset({"unknown-cpu", "cpu-power-estimated", "no-power-counters"})


def prewarm() -> None:
    """Detect the CPU and its rated power in a background thread (once per process).

    Call it while a training run is being set up: the first tracker then
    starts in a fraction of a second instead of one or two.
    """
    global _thread
    import_codecarbon()
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_detect_hardware, name="modelcard-carbon-prewarm", daemon=True)
            _thread.start()


def _detect_hardware() -> None:
    from codecarbon.core import cpu
    from codecarbon.core.hardware_cache import get_cached_tdp

    recorder = cv.CaveatRecorder()
    logger = logging.getLogger("codecarbon")
    logger.addFilter(recorder)
    try:
        get_cached_tdp(cpu)
    except Exception:  # noqa: BLE001 - the tracker detects again, and reports, on start
        pass
    finally:
        logger.removeFilter(recorder)
        remember(recorder.caveats)


def remember(caveats: list[cv.Caveat]) -> None:
    """Keep the hardware caveats among ``caveats`` for the later trackers of the process."""
    with _lock:
        _seen.extend(c for c in caveats if c.kind in _KINDS and c not in _seen)


def wait() -> None:
    """Let a running detection finish before a tracker detects on its own."""
    thread = _thread
    if thread is not None:
        thread.join()


def seen() -> list[cv.Caveat]:
    """The hardware caveats logged so far in this process."""
    with _lock:
        return list(_seen)

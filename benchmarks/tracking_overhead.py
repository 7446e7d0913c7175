"""Wall-time overhead of carbon tracking on a CPU-bound workload.

Runs the same fixed amount of pure-Python arithmetic (calibrated to last
``--seconds``) without and with ``modelcard.carbon.track`` in one process,
alternating the two ``--rounds`` times, and prints the overhead in percent of
the untracked wall time (target: below 2% for a 60-second workload). The
tracked time includes starting the tracker and stopping it (writing the CSV
row and the caveats), which are also shown apart. codecarbon's hardware
detection, done once per process, runs in the background while the workload
is calibrated (``modelcard.carbon.prewarm``, as the training callbacks do
while the model is set up); ``--cold`` leaves it to the first tracker.

    python benchmarks/tracking_overhead.py              # 60-second workload
    python benchmarks/tracking_overhead.py --seconds 5  # a quick run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

TARGET_PERCENT = 2.0


def work(iterations: int) -> int:
    """Pure-Python integer arithmetic: holds the GIL, like a Python training loop's glue."""
    acc = 0
    for i in range(iterations):
        acc = (acc + i * i) % 1_000_003
    return acc


def calibrate(seconds: float) -> int:
    """Iterations of :func:`work` that take about ``seconds`` on this machine."""
    n = 200_000
    while True:
        start = time.perf_counter()
        work(n)
        elapsed = time.perf_counter() - start
        if elapsed > 0.5:
            return max(1, int(n * seconds / elapsed))
        n *= 2


def untracked(iterations: int) -> float:
    start = time.perf_counter()
    work(iterations)
    return time.perf_counter() - start


def tracked(iterations: int, folder: Path) -> tuple[float, float, float]:
    """Total wall time, and the start and stop times within it."""
    from modelcard.carbon.track import CarbonTracker

    t0 = time.perf_counter()
    tracker = CarbonTracker(folder, country_iso_code="FRA", log_level="error").start()
    t1 = time.perf_counter()
    work(iterations)
    t2 = time.perf_counter()
    tracker.stop()
    t3 = time.perf_counter()
    return t3 - t0, t1 - t0, t3 - t2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the workload (default: 60)")
    parser.add_argument("--rounds", type=int, default=1, help="untracked/tracked pairs to run (default: 1)")
    parser.add_argument("--cold", action="store_true", help="no background hardware detection before the first run")
    args = parser.parse_args(argv)

    t = time.perf_counter()
    import codecarbon  # noqa: F401 - imported once, before anything is timed

    from modelcard.carbon import prewarm

    import_s = time.perf_counter() - t
    if not args.cold:
        prewarm()
    iterations = calibrate(args.seconds)
    start_kind = "cold" if args.cold else "prewarmed"
    print(f"workload: {iterations:,} iterations (~{args.seconds:g} s), {args.rounds} round(s), {start_kind} start; "
          f"codecarbon import {import_s:.2f} s (once, not counted)")  # fmt: skip
    base: list[float] = []
    with_tracking: list[float] = []
    starts: list[float] = []
    stops: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            base.append(untracked(iterations))
            total, start, stop = tracked(iterations, Path(tmp) / f"round{r}")
            with_tracking.append(total)
            starts.append(start)
            stops.append(stop)
            print(f"round {r + 1}: without {base[-1]:.2f} s, with {total:.2f} s "
                  f"(start {start:.2f} s, stop {stop:.2f} s)", flush=True)  # fmt: skip
    b, w = statistics.median(base), statistics.median(with_tracking)
    overhead = (w - b) / b * 100
    fixed = (statistics.median(starts) + statistics.median(stops)) / b * 100
    print(f"without tracking: {b:.2f} s")
    print(f"with tracking:    {w:.2f} s")
    verdict = "met" if overhead < TARGET_PERCENT else "NOT met"
    print(f"overhead: {overhead:.2f}% of wall time (start+stop {fixed:.2f}%, "
          f"while measuring {overhead - fixed:.2f}%); target < {TARGET_PERCENT:g}%: {verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

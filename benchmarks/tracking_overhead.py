"""Wall-time overhead of carbon tracking on a CPU-bound workload.

Runs the same fixed amount of pure-Python arithmetic (calibrated to last
``--seconds``) without and with ``modelcard.carbon.track`` in one process,
alternating the two ``--rounds`` times, and prints the overhead in percent of
the untracked wall time (target: below 2% for a 60-second workload). The
tracked time includes starting the tracker and stopping it (writing the CSV
row and the caveats). On a machine that other processes keep busy, wall
times swing by more than the overhead; the tracker's own cost (its start,
stop and the CPU time of its threads) is printed too, as it does not depend
on that load. codecarbon's hardware
detection, done once per process, runs in the background while the workload
is calibrated (``modelcard.carbon.prewarm``, as the training callbacks do
while the model is set up); ``--cold`` leaves it to the first tracker.

    python benchmarks/tracking_overhead.py              # 60-second workload
    python benchmarks/tracking_overhead.py --seconds 5  # a quick run
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
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
        if elapsed > 2.0:
            return max(1, int(n * seconds / elapsed))
        n *= 2


@dataclass
class Timing:
    """One run: wall and CPU time; for a tracked run, the tracker's share."""

    wall: float
    cpu: float
    start: float = 0.0
    stop: float = 0.0
    tracker_threads_cpu: float = 0.0


def untracked(iterations: int) -> Timing:
    w0, c0 = time.perf_counter(), time.process_time()
    work(iterations)
    return Timing(time.perf_counter() - w0, time.process_time() - c0)


def tracked(iterations: int, folder: Path) -> Timing:
    """Wall and CPU time of the whole tracked run, including the tracker's start, stop and threads."""
    from modelcard.carbon.track import CarbonTracker

    w0, c0 = time.perf_counter(), time.process_time()
    tracker = CarbonTracker(folder, country_iso_code="FRA", log_level="error").start()
    w1, c1, main1 = time.perf_counter(), time.process_time(), time.thread_time()
    work(iterations)
    w2, c2, main2 = time.perf_counter(), time.process_time(), time.thread_time()
    tracker.stop()
    w3, c3 = time.perf_counter(), time.process_time()
    return Timing(w3 - w0, c3 - c0, w1 - w0, w3 - w2, (c2 - c1) - (main2 - main1))


def percent(tracked_s: list[float], base_s: list[float]) -> float:
    b = statistics.median(base_s)
    return (statistics.median(tracked_s) - b) / b * 100


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
    base: list[Timing] = []
    with_tracking: list[Timing] = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            base.append(untracked(iterations))
            with_tracking.append(tracked(iterations, Path(tmp) / f"round{r}"))
            t = with_tracking[-1]
            print(f"round {r + 1}: without {base[-1].wall:.2f} s wall / {base[-1].cpu:.2f} s CPU, "
                  f"with {t.wall:.2f} s wall / {t.cpu:.2f} s CPU (start {t.start:.2f} s, stop {t.stop:.2f} s, "
                  f"tracker threads {t.tracker_threads_cpu:.3f} s CPU)",
                  flush=True)  # fmt: skip
    wall = percent([t.wall for t in with_tracking], [t.wall for t in base])
    base_wall = statistics.median(t.wall for t in base)
    fixed = statistics.median(t.start + t.stop for t in with_tracking) / base_wall
    threads = statistics.median(t.tracker_threads_cpu for t in with_tracking) / base_wall
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"tracker's own cost: {(fixed + threads) * 100:.2f}% of the workload's wall time "
          f"(start + stop {fixed * 100:.2f}%, its threads' CPU while measuring {threads * 100:.2f}%)")  # fmt: skip
    verdict = "met" if wall < TARGET_PERCENT else "NOT met"
    print(f"overhead: {wall:.2f}% of wall time; target < {TARGET_PERCENT:g}%: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Lint throughput on small and on large cards, against huggingface_hub's loader.

Splits the ``*.md`` files under ``--corpus`` at their median size into small
and large cards (per-card fixed costs dominate the first, the body the second)
and, for each half, measures in one process:

- huggingface_hub: ``ModelCard.load(path).data.to_dict()`` (checks nothing);
- ``modelcard lint`` with its default rules, and with ``--select ALL``;
- ``--select ALL`` with ``-j N`` worker processes.

Every run is cold: no result cache. Each figure is the best of ``--repeat``
rounds, run interleaved so that a busy machine penalises all of them alike.

Usage:
    python benchmarks/lint_throughput.py [--corpus DIR] [--repeat 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"
TARGET = 2.0


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.md") if p.is_file())


def halves(files: list[Path]) -> tuple[int, list[Path], list[Path]]:
    """The median size, the files below it and the files from it on."""
    sizes = {p: p.stat().st_size for p in files}
    median = int(statistics.median(sizes.values()))
    return median, [p for p in files if sizes[p] < median], [p for p in files if sizes[p] >= median]


def hub_loader(files: list[Path]) -> Callable[[], int]:
    from huggingface_hub import ModelCard

    logging.getLogger("huggingface_hub").setLevel(logging.ERROR)

    def run() -> int:
        failed = 0
        for path in files:
            try:
                ModelCard.load(path).data.to_dict()
            except Exception:  # noqa: BLE001 - malformed cards are part of the corpus
                failed += 1
        return failed

    return run


def modelcard_linter(files: list[Path], jobs: int, select: str | None = None) -> Callable[[], int]:
    """``modelcard lint FILE...`` as the CLI runs it (the files named, as pre-commit does), without a result cache."""
    from modelcard.checks import runner
    from modelcard.checks.config import Config
    from modelcard.cli.lint import fewer_collections

    config = Config(root=Path.cwd())
    if select is not None:
        config = config.with_overrides(select=select.split(","))
    targets = runner.discover([str(p) for p in files], config)

    def run() -> int:
        with fewer_collections():
            return len(runner.run(targets, config=config, jobs=jobs).diagnostics)

    return run


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the -j workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(fn: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, result)."""
    cpu, wall = _cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - wall, _cpu() - cpu, result


def compare(name: str, files: list[Path], repeat: int, jobs: int) -> dict[str, float]:
    """Print one half's table; return each contender's ratio to huggingface_hub (wall)."""
    labels = {
        "hub": "huggingface_hub ModelCard.load().data.to_dict()",
        "default": "modelcard lint (default rules, 1 process)",
        "all": "modelcard lint --select ALL (1 process)",
        "parallel": f"modelcard lint --select ALL -j {jobs}",
    }
    contenders = {
        "hub": hub_loader(files),
        "default": modelcard_linter(files, 1),
        "all": modelcard_linter(files, 1, "ALL"),
        "parallel": modelcard_linter(files, jobs, "ALL"),
    }
    for fn in contenders.values():  # warm up imports and caches
        fn()
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(repeat):
        for key, fn in contenders.items():
            wall, cpu, result = measure(fn)
            if key not in best or wall < best[key][0]:
                best[key] = (wall, cpu, result)
    hub_wall, hub_cpu, _ = best["hub"]
    print(f"\n{name} ({len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB)")
    print(f"{'':50} {'wall s':>7} {'files/s':>8} {'vs hub':>7} {'CPU s':>7} {'vs hub':>7}")
    for key, (wall, cpu, _) in best.items():
        print(f"{labels[key]:50} {wall:7.2f} {len(files) / wall:8.0f} {hub_wall / wall:6.2f}x {cpu:7.2f} {hub_cpu / cpu:6.2f}x")
    return {key: hub_wall / wall for key, (wall, _, _) in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    files = _files(args.corpus)
    if len(files) < 2:
        parser.error(f"no cards to compare under {args.corpus} (pass --corpus DIR)")
    median, small, large = halves(files)
    print(f"corpus: {args.corpus} ({len(files)} files); median size {median:,} bytes; CPUs: {os.cpu_count()}")
    ratios = {
        "small cards": compare(f"small cards (< {median:,} bytes)", small, args.repeat, args.jobs),
        "large cards": compare(f"large cards (>= {median:,} bytes)", large, args.repeat, args.jobs),
    }
    print()
    for name, ratio in ratios.items():
        print(f"{name}: 1 process vs huggingface_hub {ratio['default']:.2f}x default rules, "
              f"{ratio['all']:.2f}x --select ALL (target >= {TARGET:g}x); -j {args.jobs} {ratio['parallel']:.2f}x")


if __name__ == "__main__":
    main()

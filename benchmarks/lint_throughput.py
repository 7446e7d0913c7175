"""Lint throughput over a corpus of cards, against huggingface_hub's loader.

Lints every ``*.md`` file under ``--corpus`` with the full schema and every
rule (``--select ALL``), in one process and with ``-j N`` worker processes,
and loads the same files with ``ModelCard.load(path).data.to_dict()`` (which
checks nothing). Each measurement is the best of ``--repeat`` rounds, run
interleaved so that a busy machine penalises all of them alike.

Usage:
    python benchmarks/lint_throughput.py [--corpus DIR] [--repeat 3] [--jobs 2]
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.md") if p.is_file())


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


def modelcard_linter(files: list[Path], jobs: int, select: str = "ALL") -> Callable[[], int]:
    from modelcard.checks import runner
    from modelcard.checks.config import Config
    from modelcard.cli.lint import fewer_collections

    config = Config(root=Path.cwd()).with_overrides(select=select.split(","))
    targets = [runner.Target(str(p), str(p)) for p in files]

    def run() -> int:
        with fewer_collections():  # as `modelcard lint` runs
            return len(runner.run(targets, config=config, jobs=jobs).diagnostics)

    return run


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the -j workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def outline_only(files: list[Path]) -> Callable[[], int]:
    """The floor of the body rules: one pyromark pass building the outline of every body."""
    from modelcard.card import Card, CardError
    from modelcard.checks.outline import build

    bodies = []
    for path in files:
        try:
            bodies.append(Card.from_bytes(path.read_bytes()).body)
        except CardError:
            pass
    return lambda: sum(len(build(body)) for body in bodies)


def measure(fn: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, result)."""
    cpu, wall = _cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - wall, _cpu() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    files = _files(args.corpus)
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {args.corpus} ({len(files)} files, {size / 1e6:.1f} MB); CPUs: {os.cpu_count()}")
    labels = {
        "hub": "huggingface_hub ModelCard.load().data.to_dict()",
        "single": "modelcard lint --select ALL (1 process)",
        "parallel": f"modelcard lint --select ALL -j {args.jobs}",
        "front": "modelcard lint --select MC0,MC1,MC9 (1 process)",
        "outline": "outline of the bodies alone (pyromark)",
    }
    contenders = {
        "hub": hub_loader(files),
        "single": modelcard_linter(files, 1),
        "parallel": modelcard_linter(files, args.jobs),
        "front": modelcard_linter(files, 1, "MC0,MC1,MC9"),
        "outline": outline_only(files),
    }
    contenders["hub"](), contenders["single"]()  # warm up imports and caches
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(args.repeat):
        for key, fn in contenders.items():
            wall, cpu, result = measure(fn)
            if key not in best or wall < best[key][0]:
                best[key] = (wall, cpu, result)

    hub = best["hub"][0]
    hub_cpu = best["hub"][1]
    print(f"{'':50} {'wall s':>7} {'files/s':>8} {'vs hub':>7} {'CPU s':>7} {'vs hub':>7}")
    for key, (wall, cpu, _) in best.items():
        print(f"{labels[key]:50} {wall:7.2f} {len(files) / wall:8.0f} {hub / wall:6.2f}x {cpu:7.2f} {hub_cpu / cpu:6.2f}x")
    print(f"ratio 1 process vs huggingface_hub: {hub / best['single'][0]:.2f}x wall, "
          f"{hub_cpu / best['single'][1]:.2f}x CPU (target >= 1.5x)")
    print(f"ratio -j {args.jobs} vs huggingface_hub: {hub / best['parallel'][0]:.2f}x")
    print(f"speedup -j {args.jobs} vs 1 process: {best['single'][0] / best['parallel'][0]:.2f}x")
    print(f"huggingface_hub raised on {best['hub'][2]} files; modelcard reported {best['single'][2]} findings")


if __name__ == "__main__":
    main()

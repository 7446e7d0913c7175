"""Lint throughput with the result cache: a cold run (every card linted, every result stored)
against a warm one (every result read back), and both against linting without a cache and
huggingface_hub's loader.

Lints every ``*.md`` file under ``--corpus`` with every rule (``--select ALL``) in one
process, as ``modelcard lint -j 1`` does (findings are not rendered). Each figure is the best
of ``--repeat`` rounds, run interleaved so that a busy machine penalises all of them alike; a
cold round starts from an empty cache folder.

Usage:
    python benchmarks/lint_cache.py [--corpus DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from lint_throughput import DEFAULT_CORPUS, _files, hub_loader, measure


def linter(files: list[Path], cache_folder: Path | None, *, fresh: bool = False) -> Callable[[], int]:
    """A lint run over ``files`` with the cache in ``cache_folder`` (``fresh``: a new empty folder in it each time)."""
    from modelcard.card.eval_results import FOLDER
    from modelcard.checks import runner
    from modelcard.checks.cache import Cache
    from modelcard.checks.config import Config
    from modelcard.cli.lint import fewer_collections

    config = Config(root=Path.cwd()).with_overrides(select=["ALL"])
    # As a folder walk finds them: whether a card's folder holds `.eval_results/` is known.
    targets = [runner.Target(str(p), str(p), beside=(p.parent / FOLDER).is_dir()) for p in files]

    rounds = itertools.count()

    def run() -> int:
        folder = cache_folder / str(next(rounds)) if fresh and cache_folder is not None else cache_folder
        cache = Cache.open(folder) if folder is not None else None
        with fewer_collections():  # as `modelcard lint` runs
            return len(runner.run(targets, config=config, jobs=1, cache=cache).diagnostics)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    files = _files(args.corpus)
    if not files:
        parser.error(f"no *.md file under {args.corpus}")
    size = sum(p.stat().st_size for p in files)
    print(f"corpus: {args.corpus} ({len(files)} files, {size / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory(prefix="modelcard-cache-bench-") as tmp:
        cold_folder, warm_folder = Path(tmp) / "cold", Path(tmp) / "warm"
        labels = {
            "hub": "huggingface_hub ModelCard.load().data.to_dict()",
            "none": "modelcard lint --no-cache",
            "cold": "modelcard lint, cold cache (lint and store)",
            "warm": "modelcard lint, warm cache (read back)",
        }
        contenders = {
            "hub": hub_loader(files),
            "none": linter(files, None),
            "cold": linter(files, cold_folder, fresh=True),
            "warm": linter(files, warm_folder),
        }
        contenders["hub"]()
        contenders["warm"]()  # warms up imports and fills the warm cache
        best: dict[str, tuple[float, float, int]] = {}
        for _ in range(args.repeat):
            for key, fn in contenders.items():
                wall, cpu, result = measure(fn)
                if key not in best or wall < best[key][0]:
                    best[key] = (wall, cpu, result)
        shards = sorted(warm_folder.glob("shard-*.json"))
        entries = sum(len(json.loads(p.read_bytes())["entries"]) for p in shards)
        stored = sum(p.stat().st_size for p in shards)

    assert best["none"][2] == best["cold"][2] == best["warm"][2], "the cache changed the findings"
    cold, hub = best["cold"][0], best["hub"][0]
    print(f"{'':52} {'files/s':>9} {'wall s':>8} {'CPU s':>8} {'vs cold':>8} {'vs hub':>8}")
    for key, label in labels.items():
        wall, cpu, _ = best[key]
        print(f"{label:52} {len(files) / wall:9.0f} {wall:8.3f} {cpu:8.3f} {cold / wall:7.2f}x {hub / wall:7.2f}x")
    print(f"cache: {entries} entries in {len(shards)} shards, {stored / 1e6:.1f} MB ({stored / max(entries, 1) / 1e3:.1f} kB an entry)")
    print("'vs cold' and 'vs hub': how many times faster than that run (above 1: faster)")


if __name__ == "__main__":
    main()

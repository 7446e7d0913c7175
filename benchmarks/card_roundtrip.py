"""Load every card of a corpus, check the byte-identical round trip, and time it.

Usage: python benchmarks/card_roundtrip.py [--corpus DIR] [--repeat N]

Prints the CardError kinds met, then the throughput of `Card.load` against
reading the front-matter with `yaml.load(..., CSafeLoader)` and against
`huggingface_hub.ModelCard.load(path).data.to_dict()` over the same files.
Exits 1 when a card does not round-trip or raises an unexpected exception.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from modelcard.card import Card, CardError
from modelcard.card.split import FRONT_MATTER

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "cards"


def cards(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.md") if p.is_file())


def check(paths: list[Path]) -> tuple[collections.Counter[str], int]:
    """Load every card once; count outcomes; return (counter, failures)."""
    counts: collections.Counter[str] = collections.Counter()
    failures = 0
    for path in paths:
        data = path.read_bytes()
        try:
            card = Card.load(path)
        except CardError as exc:
            counts[f"CardError {exc.code_name}"] += 1
            continue
        except Exception:  # noqa: BLE001 - the point of this script is to find these
            failures += 1
            print(f"UNEXPECTED {path}", file=sys.stderr)
            traceback.print_exc()
            continue
        if card.to_bytes() != data:
            failures += 1
            print(f"ROUND TRIP DIFFERS {path}", file=sys.stderr)
        counts["loaded"] += 1
        counts["with front-matter" if card.has_front_matter else "without front-matter"] += 1
        for note in card.notes:
            counts[f"note {note.kind}"] += 1
    return counts, failures


def load_modelcard(path: Path) -> None:
    try:
        Card.load(path)
    except CardError:
        pass


def load_csafe(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig", "replace")
    match = FRONT_MATTER.match(text)
    if match:
        try:
            yaml.load(match.group(2), Loader=yaml.CSafeLoader)  # noqa: S506 - CSafeLoader is safe
        except yaml.YAMLError:
            pass


def load_hub(path: Path) -> None:
    from huggingface_hub import ModelCard

    try:
        ModelCard.load(path).data.to_dict()
    except Exception:  # noqa: BLE001 - malformed cards make it raise various errors
        pass


def timed(functions: Sequence[Callable[[Path], None]], paths: list[Path], repeat: int) -> list[float]:
    """Best time of each function; rounds interleave them so load spikes hit all alike."""
    best = [float("inf")] * len(functions)
    for _ in range(repeat):
        for index, function in enumerate(functions):
            start = time.perf_counter()
            for path in paths:
                function(path)
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    paths = cards(args.corpus)
    if not paths:
        print(f"no .md files under {args.corpus}", file=sys.stderr)
        return 1
    counts, failures = check(paths)
    print(f"{len(paths)} cards under {args.corpus.resolve()}")
    for name, count in sorted(counts.items()):
        print(f"  {name:36} {count:6}")
    print(f"  {'unexpected failures':36} {failures:6}")

    from huggingface_hub.utils import logging as hub_logging  # import cost is not timed

    hub_logging.set_verbosity_error()
    warnings.simplefilter("ignore")
    ours, csafe, hub = timed((load_modelcard, load_csafe, load_hub), paths, args.repeat)
    print(f"\nbest of {args.repeat}, single process:")
    for name, seconds in (
        ("Card.load", ours),
        ("yaml.load(CSafeLoader)", csafe),
        ("ModelCard.load().data.to_dict()", hub),
    ):
        print(f"  {name:34} {seconds:7.3f} s  {len(paths) / seconds:9.0f} cards/s")
    print(f"  Card.load vs CSafeLoader:       {csafe / ours:5.2f}x throughput")
    print(f"  Card.load vs huggingface_hub:   {hub / ours:5.2f}x throughput")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

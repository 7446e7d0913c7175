"""Load every card of a corpus, check the byte-identical round trip, and time it.

Usage: python benchmarks/card_roundtrip.py [--corpus DIR] [--repeat N]

Prints the CardError kinds met, then the throughput of `Card.load` against
reading the front-matter with `yaml.load(..., CSafeLoader)` and against
`huggingface_hub.ModelCard.load(path).data.to_dict()` over the same files.
With ``--updates`` it also sets one key, adds one and removes the last on
every card, and checks that every other entry and the body stay byte-identical.
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


def check(paths: list[Path], updates: bool = False) -> tuple[collections.Counter[str], int]:
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
        if updates and card.metadata:
            if check_update(card):
                counts["minimal-diff updates"] += 1
            else:
                failures += 1
                print(f"UPDATE CHANGED OTHER ENTRIES {path}", file=sys.stderr)
    return counts, failures


def check_update(card: Card) -> bool:
    """Set `license`, add a key, remove the last key: is everything else untouched?"""
    keys = list(card.metadata)
    removed = [keys[-1]] if keys and keys[-1] != "license" else []
    new = card.update_metadata({"license": "apache-2.0", "zz-added": ["x", 1]}, remove=removed)
    expected = {k: v for k, v in card.metadata.items() if k not in removed}
    expected.update({"license": "apache-2.0", "zz-added": ["x", 1]})
    if new.metadata != expected or new.body != card.body:
        return False
    for key in keys:
        if key == "license" or key in removed:
            continue
        try:
            start, end = card.key_span((key,))[0], card.span((key,))[1]
        except KeyError:
            continue
        if card.text[start:end] not in new.text:
            return False
    return True


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
    parser.add_argument("--updates", action="store_true", help="also check minimal-diff updates")
    args = parser.parse_args(argv)
    paths = cards(args.corpus)
    if not paths:
        print(f"no .md files under {args.corpus}", file=sys.stderr)
        return 1
    counts, failures = check(paths, updates=args.updates)
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

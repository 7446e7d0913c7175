"""Findings and time per body, consistency and secret rule over a corpus of cards.

Runs MC201-MC206, MC301 and MC401 on every ``*.md`` file under ``--corpus`` that
loads, on one shared context per card (as the engine does), and prints per rule the
number of findings, of cards with findings, and the seconds spent in the rule (the
markdown parse is timed apart). ``--show CODE`` prints a random sample of that
rule's findings, to review them by eye.

Usage:
    python benchmarks/body_rules_corpus.py [--corpus DIR] [--show MC203 --sample 20]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"
CODES = ("MC201", "MC202", "MC203", "MC204", "MC205", "MC206", "MC301", "MC401")


def main() -> None:
    from modelcard.card import Card, CardError
    from modelcard.checks import registry
    from modelcard.checks.context import CheckContext

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", help="print a sample of this rule's findings")
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args()

    rules = [registry.get(code) for code in CODES]
    found, cards_with, seconds = Counter(), Counter(), Counter()
    shown: list[str] = []
    loaded = 0
    for path in sorted(args.corpus.rglob("*.md")):
        try:
            card = Card.load(path)
        except CardError:
            continue
        loaded += 1
        base = CheckContext(card, path=path)
        start = time.perf_counter()
        base.outline, base.body_lines  # noqa: B018 - parse once, timed apart
        seconds["parse"] += time.perf_counter() - start
        for rule in rules:
            assert rule is not None and rule.check is not None
            start = time.perf_counter()
            base.options = rule.options  # one context per card, as in the engine
            findings = list(rule.check(base))
            seconds[rule.code] += time.perf_counter() - start
            found[rule.code] += len(findings)
            cards_with[rule.code] += bool(findings)
            if rule.code == args.show:
                rel = path.relative_to(args.corpus)
                shown += [f"{rel}:{f.location.line}:{f.location.column}: {f.message}" for f in findings]

    print(f"{loaded} cards under {args.corpus}; markdown parse {seconds['parse']:.2f} s")
    print(f"{'rule':6} {'findings':>9} {'cards':>6} {'seconds':>8}")
    for code in CODES:
        print(f"{code:6} {found[code]:9} {cards_with[code]:6} {seconds[code]:8.2f}")
    print(f"{'all':6} {sum(found.values()):9} {'':6} {sum(seconds[c] for c in CODES):8.2f}")
    for line in random.Random(0).sample(shown, min(args.sample, len(shown))):
        print(line)


if __name__ == "__main__":
    main()

"""The cost of the ``eu-gpai`` profile: corpus lint with and without it, and each of its rules.

Lints every ``*.md`` file under ``--corpus`` in one process as ``modelcard lint``
does, with the default rules and with ``--profile eu-gpai`` (best of ``--repeat``
rounds, interleaved), and prints the ratio of wall and CPU times. Then runs
MC601–MC609 alone on one shared context per card (as the engine does, the
markdown parsed beforehand and timed apart) and prints the CPU seconds spent in
each rule, against that parse. CPU time is the steadier figure on a busy machine.

Usage:
    python benchmarks/eu_profile.py [--corpus DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"


def linter(files: list[Path], profile: str | None) -> Callable[[], int]:
    from modelcard.checks import runner
    from modelcard.checks.config import Config
    from modelcard.cli.lint import fewer_collections

    config = Config(root=Path.cwd()).with_overrides(profile=profile)
    targets = [runner.Target(str(p), str(p)) for p in files]

    def run() -> int:
        with fewer_collections():  # as `modelcard lint` runs
            return len(runner.run(targets, config=config, jobs=1).diagnostics)

    return run


def rule_seconds(files: list[Path]) -> tuple[float, dict[str, float], Counter[str]]:
    """(CPU seconds to parse the bodies, CPU seconds per rule, findings per rule)."""
    from modelcard.card import Card, CardError
    from modelcard.checks import registry
    from modelcard.checks.context import BodyTooComplex, CheckContext
    from modelcard.cli.lint import fewer_collections

    rules = [r for r in registry.all_rules() if r.profile == "eu-gpai" and r.check is not None]
    limit = registry.get("body-too-complex").options["max-markup"]
    parse, seconds, found = 0.0, dict.fromkeys((r.code for r in rules), 0.0), Counter[str]()
    with fewer_collections():
        for path in files:
            try:
                card = Card.from_bytes(path.read_bytes())
            except CardError:
                continue
            ctx = CheckContext(card, path=path, markup_limit=limit)
            start = time.process_time()
            try:
                ctx.headings, ctx.body_lines  # noqa: B018 - parse once, timed apart
            except BodyTooComplex:
                continue
            parse += time.process_time() - start
            for rule in rules:
                ctx.options = rule.options
                start = time.process_time()
                found[rule.code] += len(list(rule.check(ctx)))
                seconds[rule.code] += time.process_time() - start
    return parse, seconds, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    files = sorted(p for p in args.corpus.rglob("*.md") if p.is_file())
    print(f"corpus: {args.corpus} ({len(files)} files)")
    contenders = {"modelcard lint": linter(files, None), "modelcard lint --profile eu-gpai": linter(files, "eu-gpai")}
    for fn in contenders.values():
        fn()  # warm up imports and caches
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(args.repeat):
        for label, fn in contenders.items():
            wall, cpu = time.perf_counter(), time.process_time()
            findings = fn()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if label not in best or cpu < best[label][1]:
                best[label] = (wall, cpu, findings)
    print(f"{'':40} {'wall s':>7} {'CPU s':>7} {'findings':>9}")
    for label, (wall, cpu, findings) in best.items():
        print(f"{label:40} {wall:7.2f} {cpu:7.2f} {findings:9}")
    (base_wall, base_cpu, _), (eu_wall, eu_cpu, _) = best.values()
    print(f"ratio with the profile vs without: {eu_wall / base_wall:.2f}x wall, {eu_cpu / base_cpu:.2f}x CPU")

    parse, seconds, found = min((rule_seconds(files) for _ in range(args.repeat)), key=lambda r: sum(r[1].values()))
    print(f"\nthe profile's rules alone, CPU seconds after the markdown parse ({parse:.2f} s):")
    for code, spent in seconds.items():
        print(f"{code} {spent:6.3f} s {found[code]:6} findings")
    print(f"all    {sum(seconds.values()):6.3f} s ({sum(seconds.values()) / parse:.2f}x the parse)")


if __name__ == "__main__":
    main()

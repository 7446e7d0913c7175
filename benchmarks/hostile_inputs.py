"""Wall time of loading and linting hostile cards, against the bounds users can expect.

The tests bound the work these inputs cause (function calls, memory); the
seconds live here, where the machine and its load are part of the figure.
Each case runs ``--repeat`` times; the median and the bound are printed, and
the exit status is 1 when a median exceeds its bound.

Usage:
    python benchmarks/hostile_inputs.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from modelcard.card import Card
from modelcard.diagnostics import Location
from modelcard.cli.main import main as cli
from modelcard.errors import CardError


def _refused(text: str) -> Callable[[], None]:
    def run() -> None:
        try:
            Card.from_text(text)
        except CardError:
            return
        raise AssertionError("the card was accepted")

    return run


def _cases(folder: Path) -> list[tuple[str, float, Callable[[], object]]]:
    paragraph = "Some *markdown* text with a [link](https://example.org) and `code`.\n" * 100 + "\n"
    big = folder / "big.md"
    big.write_text("---\nlicense: mit\n---\n" + paragraph * (50 * 2**20 // len(paragraph) + 1), encoding="utf-8")
    unclosed = folder / "unclosed.md"
    unclosed.write_text("---\nlicense: mit\n" + "x: y\n" * (10 * 2**20), encoding="utf-8")
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb = folder / "bomb" / "README.md"
    bomb.parent.mkdir()
    bomb.write_bytes(
        b"---\nlicense: mit\n---\n" + b"|a" * 5000 + b"|\n" + b"|-" * 5000 + b"|\n" + (b"|1" * 5000 + b"|\n") * 200
    )
    mapping = Card.from_text("---\n" + "".join(f"k{i}: {i}\n" for i in range(50_000)) + "---\n")
    body = Card.from_text("---\na: 1\n---\n" + "line\r\n" * 200_000)

    def lookups() -> None:
        for i in range(0, 50_000, 10):
            assert mapping.location((f"k{i}",)) == Location(i + 2, len(f"k{i}: ") + 1)

    def offsets() -> None:
        for line in range(1, 200_000, 100):
            assert body.offset_location(13 + 6 * (line - 1)) == Location(line + 3, 1)

    return [
        ("nesting 400,000 deep", 5.0, _refused("---\na: " + "[" * 400_000 + "]" * 400_000 + "\n---\n")),
        ("billion laughs", 2.0, _refused("---\n" + "\n".join(lines) + "\n---\n")),
        ("50 MB card, load", 10.0, lambda: Card.load(big)),
        ("50 MB unclosed front-matter", 10.0, _refused(unclosed.read_text(encoding="utf-8"))),
        ("table bomb, lint --select ALL", 20.0, lambda: cli(["lint", "-q", "--select", "ALL", "-o", str(folder / "out"), str(bomb.parent)])),
        ("5,000 lookups in a 50,000-key mapping", 2.0, lookups),
        ("2,000 offsets in a 200,000-line body", 2.0, offsets),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, bound, run in _cases(Path(tmp)):
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            ok = median <= bound
            failed += not ok
            print(f"{name:<40} median {median:7.3f} s   bound {bound:5.1f} s   {'ok' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

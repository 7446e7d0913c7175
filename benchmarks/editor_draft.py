"""What one keystroke costs in ``modelcard edit``: a draft round trip over real cards.

For each card under ``--corpus`` (at most ``--limit``): a one-line edit of the body
is applied as the editor applies it (minimal line merge), then the page's whole
state is built (lint, sanitised preview, form, results, guidance). The baseline is
linting the same bytes alone (``check_bytes``, what ``modelcard lint`` does per
card). Prints the median and 95th percentile per draft and the ratio to the baseline,
then the line merge alone on a 300,000-line card.

Usage:
    python benchmarks/editor_draft.py [--corpus DIR] [--limit 1000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"


def main() -> None:
    from modelcard.checks.config import Config
    from modelcard.web.draft import apply, parts
    from modelcard.web.findings import Linter
    from modelcard.web.lines import merge_lines
    from modelcard.web.state import build_state

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()

    linter = Linter(Config(), None, "README.md")
    drafts: list[float] = []
    lints: list[float] = []
    for path in sorted(args.corpus.rglob("*.md"))[: args.limit]:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        body = parts(text).body.replace("\r\n", "\n").replace("\r", "\n") + "\nOne more sentence."
        start = time.perf_counter()
        draft = apply(text, body=body)
        build_state(draft, linter=linter, bom=False, saved=False, eval_files=[], file_url=lambda p: p, docs_url=lambda c: c)
        drafts.append(time.perf_counter() - start)
        start = time.perf_counter()
        linter.check_text(draft)
        lints.append(time.perf_counter() - start)

    def ms(values: list[float], q: float) -> float:
        return 1000 * (statistics.quantiles(values, n=100)[int(q) - 1] if q < 100 else max(values))

    print(f"{len(drafts)} cards")
    print(f"draft round trip: median {1000 * statistics.median(drafts):.1f} ms, p95 {ms(drafts, 95):.1f} ms, max {ms(drafts, 100):.1f} ms")
    print(f"lint alone:       median {1000 * statistics.median(lints):.1f} ms, p95 {ms(lints, 95):.1f} ms")
    print(f"ratio (sum of drafts / sum of lints): {sum(drafts) / sum(lints):.2f}x")

    big = "".join(f"line {i}\r\n" for i in range(300_000))
    edited = big.replace("\r\n", "\n").replace("line 150000\n", "line 150000 edited\n")
    start = time.perf_counter()
    merged = merge_lines(big, edited, "\r\n")
    assert merged == big.replace("line 150000\r\n", "line 150000 edited\r\n")
    print(f"line merge, 300,000-line card, one line edited: {1000 * (time.perf_counter() - start):.0f} ms")


if __name__ == "__main__":
    main()

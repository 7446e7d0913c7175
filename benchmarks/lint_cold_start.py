"""Cold start: ``modelcard lint one-card.md`` as a process, against importing huggingface_hub.

Runs each command ``--repeat`` times, alternating, and prints the median and
best wall times and their ratio. ``--importtime`` also prints the slowest
imports of the lint process (``python -X importtime``).

Usage:
    python benchmarks/lint_cold_start.py [--corpus DIR] [--card FILE] [--repeat 15] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"


def _card(corpus: Path) -> Path:
    """A typical card: the median-sized card with front-matter in the corpus."""
    cards = sorted((p.stat().st_size, p) for p in corpus.rglob("*.md") if p.read_bytes()[:3] == b"---")
    return cards[len(cards) // 2][1]


def _lint_command() -> list[str]:
    exe = Path(sys.executable).with_name("modelcard")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "modelcard"]


# As installed by pip, with bytecode cached: huggingface_hub in site-packages has its
# .pyc files, so let the warm-up run write ours even where PYTHONDONTWRITEBYTECODE is set.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - start


def _importtime(card: Path, top: int = 12) -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "modelcard", "lint", str(card)],
        capture_output=True, text=True, check=False, env=ENV,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line[len("import time:") :].split("|") if line.startswith("import time:") else []
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print("slowest imports of `modelcard lint` (cumulative, ms):")
    for us, name in sorted(rows, reverse=True)[:top]:
        print(f"  {us / 1000:7.1f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--card", type=Path, help="the card to lint (default: a median-sized corpus card)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()

    card = args.card or _card(args.corpus)
    commands = {
        "modelcard lint CARD": [*_lint_command(), "lint", "-q", str(card)],
        'python -c "from huggingface_hub import ModelCard"': [sys.executable, "-c", "from huggingface_hub import ModelCard"],
        'python -c "pass" (interpreter alone)': [sys.executable, "-c", "pass"],
    }
    for command in commands.values():  # warm the file cache
        _time(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, command in commands.items():
            times[name].append(_time(command))

    print(f"card: {card} ({card.stat().st_size} bytes); {args.repeat} runs each")
    print(f"{'':52} {'median s':>9} {'best s':>8}")
    for name, values in times.items():
        print(f"{name:52} {statistics.median(values):9.3f} {min(values):8.3f}")
    lint = times["modelcard lint CARD"]
    hub = times['python -c "from huggingface_hub import ModelCard"']
    print(
        f"ratio huggingface_hub import / modelcard lint: {statistics.median(hub) / statistics.median(lint):.2f}x median, "
        f"{min(hub) / min(lint):.2f}x best (target > 1: lint is faster)"
    )
    if args.importtime:
        _importtime(card)


if __name__ == "__main__":
    main()

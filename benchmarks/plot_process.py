"""Does drawing the training-curve picture in a helper process pay? ``modelcard generate`` with and without it.

On a synthetic Trainer log above the helper's size threshold (see
``generate_large.py`` for the log), runs ``modelcard generate`` in a fresh
process, alternately with the helper (the default) and with the picture drawn
in-process after the log is read, and reports the best wall and CPU time of
each. The helper can save at most the drawing time (matplotlib's import and
one drawing), overlapped with reading the log on another core.

Usage::

    python benchmarks/plot_process.py [--entries 200000] [--dir /tmp/modelcard-bench-plot] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_large import measure, write_state  # noqa: E402

IN_PROCESS = (
    "import sys; import modelcard.generate.generate as g; g.PLOT_PROCESS_BYTES = float('inf'); "
    "from modelcard.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "modelcard-bench-plot"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    run = Path(args.dir) / f"run-{args.entries}"
    state = run / "trainer_state.json"
    if not state.exists():
        run.mkdir(parents=True, exist_ok=True)
        write_state(state, args.entries)
    card = Path(args.dir) / "card" / "README.md"
    flags = ["generate", str(run), "-o", str(card), "--dataset", "imdb", "--task", "text-classification", "--license", "mit"]
    commands = {
        "helper process": [sys.executable, "-m", "modelcard", *flags],
        "in-process": [sys.executable, "-c", IN_PROCESS, *flags],
        "--no-plot": [sys.executable, "-m", "modelcard", *flags, "--no-plot"],
    }
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for _ in range(args.repeat):  # alternate, so that changing load hits both sides alike
        for name, cmd in commands.items():
            if card.exists():
                card.unlink()
            runs[name].append(measure(cmd))
    print(f"trainer_state.json: {state.stat().st_size / 1e6:.1f} MB, {args.entries:,} entries; best of {args.repeat}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for name, results in runs.items():
        walls = sorted(r[0] for r in results)
        print(f"{name:<16} wall best {walls[0]:6.2f} s  median {walls[len(walls) // 2]:6.2f} s  "
              f"cpu {min(r[1] for r in results):6.2f} s  peak RSS {max(r[2] for r in results) / 1e6:7.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

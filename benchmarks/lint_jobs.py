"""When worker processes pay: ``modelcard lint`` on N files in one process and in ``--jobs`` processes.

Each measurement is a fresh ``modelcard lint --no-cache --select ALL`` process (as a user runs
it: the workers' start-up, imports and first-use costs included) on N files of ``--corpus``
(every k-th file, so that small and large cards mix as in the corpus). Processes are forced
for every N, whatever `runner.FILES_PER_WORKER` says, to find where they start to pay. The
figures are the best of ``--repeat`` rounds, run interleaved.

Usage:
    python benchmarks/lint_jobs.py [--corpus DIR] [--jobs 2] [--sizes 10,25,50,100,200,400] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cards"

# A lint run whose processes are used for any number of files.
_DRIVER = """
import sys
from modelcard.checks import runner
from modelcard.cli.main import main
runner.FILES_PER_WORKER = 1
raise SystemExit(main(["lint", "-q", "--no-cache", "--select", "ALL", "-o", "/dev/null", *sys.argv[1:]]))
"""


def _files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.md") if p.is_file())


def _run(jobs: int, list_file: Path) -> float:
    paths = list_file.read_text().split("\n")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", _DRIVER, "-j", str(jobs), *paths], check=False, env={**os.environ})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sizes", default="10,25,50,100,200,400")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    corpus = _files(args.corpus)
    if not corpus:
        parser.error(f"no *.md file under {args.corpus}")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"corpus: {args.corpus} ({len(corpus)} files); CPUs: {os.cpu_count()}; -j {args.jobs} against -j 1")
    with tempfile.TemporaryDirectory(prefix="modelcard-jobs-bench-") as tmp:
        lists = {}
        for n in sizes:
            chosen = corpus[:: max(1, len(corpus) // n)][:n]
            lists[n] = Path(tmp) / f"{n}.txt"
            lists[n].write_text("\n".join(map(str, chosen)))
        best: dict[tuple[int, int], float] = {}
        for _ in range(args.repeat):
            for n in sizes:
                for jobs in (1, args.jobs):
                    wall = _run(jobs, lists[n])
                    best[(n, jobs)] = min(wall, best.get((n, jobs), wall))
    print(f"{'files':>6} {'-j 1 s':>8} {f'-j {args.jobs} s':>8} {'speed-up':>9}")
    for n in sizes:
        one, many = best[(n, 1)], best[(n, args.jobs)]
        print(f"{n:6} {one:8.3f} {many:8.3f} {one / many:8.2f}x")
    print("speed-up above 1: the processes pay for their start-up at that many files")


if __name__ == "__main__":
    main()

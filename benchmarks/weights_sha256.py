"""Time the weights' sha256 (model authenticity) against coreutils ``sha256sum`` on the same file.

``modelcard generate`` and ``modelcard document`` hash every weights file of a
run. This writes a safetensors file of ``--mb`` megabytes (a real header, random
tensor bytes), warms the page cache, then times, best of ``--repeat``:

- ``modelcard``: :func:`modelcard.techspecs.authenticity.weight_digests` on the run
- baseline: ``sha256sum`` on the file

and prints both, the throughput, and the ratio (target <= 1.2).

Usage::

    python benchmarks/weights_sha256.py [--mb 1024] [--dir /tmp/modelcard-bench-sha] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import time
from pathlib import Path


def write_weights(path: Path, size: int) -> None:
    count = size // 4
    header = json.dumps({"weight": {"dtype": "F32", "shape": [count], "data_offsets": [0, count * 4]}}).encode()
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header)
        chunk = os.urandom(8 << 20)
        left = count * 4
        while left:
            f.write(chunk[: min(left, len(chunk))])
            left -= min(left, len(chunk))


def best(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--dir", default="/tmp/modelcard-bench-sha")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from modelcard.sources import read_run
    from modelcard.techspecs.authenticity import weight_digests

    run_dir = Path(args.dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    weights = run_dir / "model.safetensors"
    size = args.mb << 20
    if not weights.is_file() or weights.stat().st_size < size:
        write_weights(weights, size)
    run = read_run(run_dir)
    baseline = subprocess.run(["sha256sum", str(weights)], check=True, capture_output=True, text=True).stdout.split()[0]
    [digest], _ = weight_digests(run)
    assert digest.sha256 == baseline, "the digests differ"
    ours = best(lambda: weight_digests(run), args.repeat)
    theirs = best(lambda: subprocess.run(["sha256sum", str(weights)], check=True, capture_output=True), args.repeat)
    mb = weights.stat().st_size / (1 << 20)
    print(f"file: {mb:,.0f} MB")
    print(f"modelcard weight_digests: {ours:.2f} s ({mb / ours:,.0f} MB/s)")
    print(f"sha256sum (baseline):     {theirs:.2f} s ({mb / theirs:,.0f} MB/s)")
    print(f"ratio: {ours / theirs:.2f} (target <= 1.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

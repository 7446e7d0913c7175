"""Reading a large TensorBoard event file: modelcard's reader vs the tensorboard package's.

Writes a synthetic Trainer-style event file (``--scalars`` scalar events:
``train/loss``, ``train/learning_rate``, ``train/grad_norm``, ``train/epoch``
every step, ``eval/*`` every 1,000 steps) into a temporary run folder, then
times, in separate child processes, ``modelcard.sources.read_run`` of the
folder and, when ``tensorboard`` is installed, a scan of the same file with its
``EventFileLoader`` (scalars collected by tag, as a card would need them), and
prints wall time, peak RSS and their ratios.

Target: read_run no slower than the tensorboard scan, peak RSS at most 8x the file (the
rows are built as dicts before they go into the columnar table).

Usage: python benchmarks/tensorboard_events.py [--scalars 400000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

from modelcard.sources.tfevents import masked_crc32c

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if mode == "modelcard":
    from modelcard.sources import read_run
    run = read_run(path)
    values = len(run.train_log) + len(run.eval_log)
else:
    from pathlib import Path
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader
    file = next(Path(path).rglob("events.out.tfevents.*"))
    scalars = {}
    for event in EventFileLoader(str(file)).Load():
        for value in event.summary.value:
            scalars.setdefault(value.tag, []).append((event.step, value.tensor.float_val[0] if value.tensor.float_val else value.simple_value))
    values = sum(map(len, scalars.values()))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "values": values}))
"""


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, kind: int, payload: bytes) -> bytes:
    return _varint(number << 3 | kind) + payload


def _event(wall_time: float, step: int, tag: str, value: float) -> bytes:
    tag_bytes = tag.encode()
    item = _field(1, 2, _varint(len(tag_bytes)) + tag_bytes) + _field(2, 5, struct.pack("<f", value))
    summary = _field(1, 2, _varint(len(item)) + item)
    return _field(1, 1, struct.pack("<d", wall_time)) + _field(2, 0, _varint(step)) + _field(5, 2, _varint(len(summary)) + summary)


def write_events(path: Path, scalars: int) -> None:
    with path.open("wb") as out:
        written, step = 0, 0
        while written < scalars:
            step += 1
            tags = {"train/loss": 1.0 / step, "train/learning_rate": 5e-5, "train/grad_norm": 1.5, "train/epoch": step / 1000}
            if step % 1000 == 0:
                tags.update({"eval/loss": 0.5, "eval/accuracy": 0.9})
            for tag, value in tags.items():
                data = _event(1.8e9 + step, step, tag, value)
                header = struct.pack("<Q", len(data))
                out.write(header + struct.pack("<I", masked_crc32c(header)) + data + struct.pack("<I", masked_crc32c(data)))
                written += 1


def _child(mode: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(folder)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scalars", type=int, default=400_000)
    parser.add_argument("--keep", type=Path, help="write the run folder here and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="modelcard-tb-"))
    events = folder / "runs" / "Jan01_00-00-00_host" / "events.out.tfevents.1800000000.host.1.0"
    events.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_events(events, args.scalars)
        size = events.stat().st_size
        print(f"event file: {size / 1e6:.1f} MB, {args.scalars:,} scalars")
        ours = _child("modelcard", folder)
        print(f"modelcard read_run: {ours['seconds']:.2f} s, peak RSS {ours['peak_bytes'] / 1e6:.0f} MB "
              f"({ours['peak_bytes'] / size:.1f}x the file), {ours['values']:,} rows")
        try:
            theirs = _child("tensorboard", folder)
        except subprocess.CalledProcessError:
            print("tensorboard not installed: no baseline")
            return 0
        print(f"tensorboard EventFileLoader: {theirs['seconds']:.2f} s, peak RSS {theirs['peak_bytes'] / 1e6:.0f} MB, "
              f"{theirs['values']:,} values")
        print(f"time ratio (modelcard / tensorboard): {ours['seconds'] / theirs['seconds']:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

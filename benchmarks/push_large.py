"""Push a card and 1 GiB of weights to the local Hub server.

Prints:
- the wall time of ``modelcard.hub.push`` against a bare ``HfApi.upload_folder``
  of the same folder, in the same run (each on a fresh server, alternating,
  best of ``--rounds``), and their ratio (target: at most 1.1);
- the bytes the server received for a second push of unchanged weights
  (target: under 1 MB).

Usage: python benchmarks/push_large.py [--size-mib 1024] [--rounds 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

TOKEN = "hf_" + "benchmark" * 4
CARD = """---
license: apache-2.0
library_name: transformers
pipeline_tag: text-classification
---

# bench-model

Weights of random numbers, for measuring uploads.

## Intended uses & limitations

Benchmarks only.

## Training and evaluation data

None.

## Training procedure

None.
"""


def write_folder(folder: Path, size_mib: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(CARD)
    (folder / "config.json").write_text('{"model_type": "bert"}\n')
    count = size_mib * (1 << 20) // 4
    header = json.dumps({"w": {"dtype": "F32", "shape": [count], "data_offsets": [0, count * 4]}})
    header += " " * (-len(header) % 8)
    with open(folder / "model.safetensors", "wb") as f:
        f.write(struct.pack("<Q", len(header)) + header.encode())
        block = os.urandom(1 << 20)
        for i in range(size_mib):
            # Distinct blocks, cheaply: a counter in front of the random block.
            f.write(i.to_bytes(8, "little") + block[8:])


class Server:
    """The local server in its own process (as deployed: no GIL shared with the client)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "modelcard", "hub", "serve", "--root", str(root), "--port", str(self.port), "-q"],
            env={**os.environ, "MODELCARD_HUB_TOKEN": TOKEN},
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)
        os.sync()


def run_baseline(folder: Path, root: Path) -> float:
    from huggingface_hub import HfApi, constants

    constants.HF_HUB_DISABLE_XET = True  # the local server speaks Git LFS only
    server = Server(root)
    try:
        api = HfApi(endpoint=server.url, token=TOKEN)
        api.create_repo("bench/model", exist_ok=True)
        start = time.perf_counter()
        api.upload_folder(folder_path=folder, repo_id="bench/model")
        return time.perf_counter() - start
    finally:
        server.close()


def run_push(folder: Path, root: Path) -> float:
    from modelcard.hub import push

    server = Server(root)
    try:
        start = time.perf_counter()
        result = push(folder, "bench/model", endpoint=server.url, token=TOKEN)
        elapsed = time.perf_counter() - start
        assert result.created_commit
        return elapsed
    finally:
        server.close()


def unchanged_repush_bytes(folder: Path, root: Path) -> tuple[int, int]:
    """Bytes and requests the server receives for a second push of the same folder."""
    from modelcard.hub import push
    from modelcard.hub.server import make_server

    server = make_server(root, token=TOKEN, log=None)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        push(folder, "bench/model", endpoint=server.url, token=TOKEN)
        server.stats.reset()
        again = push(folder, "bench/model", endpoint=server.url, token=TOKEN)
        assert not again.created_commit
        return server.stats.bytes_in, len(server.stats.requests)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="where the folder and the server's storage live (default: /dev/shm, to keep disk noise out)",
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="push-large-", dir=args.workdir))
    os.environ["HF_HOME"] = str(work / "hf-home")
    try:
        folder = work / "model"
        write_folder(folder, args.size_mib)
        # Warm-up, not timed: imports (the linter, the client) and first connections.
        small = work / "small"
        write_folder(small, 1)
        run_baseline(small, work / "hub-warm-b")
        run_push(small, work / "hub-warm-p")
        baseline, ours = [], []
        for i in range(args.rounds):
            # Alternate the order, and flush the disk before each run, so that
            # writeback of one run does not slow down the next.
            for which in ("baseline", "push") if i % 2 == 0 else ("push", "baseline"):
                os.sync()
                if which == "baseline":
                    baseline.append(run_baseline(folder, work / f"hub-b{i}"))
                else:
                    ours.append(run_push(folder, work / f"hub-p{i}"))
            print(f"round {i + 1}: upload_folder {baseline[-1]:.2f} s, modelcard push {ours[-1]:.2f} s", file=sys.stderr)
        size = (folder / "model.safetensors").stat().st_size
        best_b, best_p = min(baseline), min(ours)
        print(f"weights: {size / (1 << 20):.0f} MiB, card and config; best of {args.rounds} rounds, fresh server each")
        med_b, med_p = statistics.median(baseline), statistics.median(ours)
        print(f"HfApi.upload_folder : best {best_b:6.2f} s ({size / best_b / 1e6:.0f} MB/s), median {med_b:6.2f} s")
        print(f"modelcard push      : best {best_p:6.2f} s ({size / best_p / 1e6:.0f} MB/s), median {med_p:6.2f} s")
        paired = statistics.median(p / b for p, b in zip(ours, baseline))
        print(
            f"ratio push / upload_folder: best {best_p / best_b:.3f}, medians {med_p / med_b:.3f}, "
            f"median of per-round ratios {paired:.3f} (target <= 1.1)"
        )
        nbytes, nrequests = unchanged_repush_bytes(folder, work / "hub-again")
        print(f"second push, weights unchanged: {nbytes:,} bytes received by the server in {nrequests} requests (target < 1 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

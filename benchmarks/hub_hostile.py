"""The local Hub under hostile traffic: its memory, and the latency other clients see.

The server runs in its own process (``modelcard hub serve``), as deployed. Prints:
- the latency of a normal request (``GET /api/models/{repo}``, then a small file
  download) on the idle server: the baseline;
- the same while hostile clients run: idle connections that never send a byte,
  connections sending their headers a byte at a time, request bodies trickling
  in, endless chunked commits and huge declared JSON bodies, all at once;
- the server's resident memory (peak, from /proc) before and under the load,
  and what the hostile clients managed to send.

Targets: the server stays under a few hundred MB; a normal request is answered
within a second (p95) while the hostile clients run.

Usage: python benchmarks/hub_hostile.py [--seconds 20] [--idle 500] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

TOKEN = "hf_" + "benchmark" * 4
REPO = "bench/model"
MiB = 1 << 20


class Server:
    """``modelcard hub serve`` in its own process, on a free port."""

    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "modelcard", "hub", "serve", "--root", str(root), "--port", "0", "-q"],
            env={**os.environ, "MODELCARD_HUB_TOKEN": TOKEN},
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stderr.readline() if self.proc.stderr else ""
        match = re.search(r" at http://([\d.]+):(\d+) ", line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"the server did not start: {line}")
        self.address = (match.group(1), int(match.group(2)))
        self.url = f"http://{self.address[0]}:{self.address[1]}"

    def memory_mib(self) -> tuple[float, float]:
        """Resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        value = {k: int(v.split()[0]) / 1024 for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
        return value["VmRSS"], value["VmHWM"]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(20)


def request(url: str, data: bytes | None = None, method: str = "GET") -> bytes:
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.read()


def prepare(server: Server) -> None:
    request(f"{server.url}/api/repos/create", json.dumps({"name": "model", "organization": "bench"}).encode(), "POST")
    content = json.dumps({"key": "file", "value": {"path": "config.json", "encoding": "base64", "content": "eyJhIjogMX0K"}})
    header = json.dumps({"key": "header", "value": {"summary": "config"}})
    request(f"{server.url}/api/models/{REPO}/commit/main", f"{header}\n{content}\n".encode(), "POST")


def latencies(server: Server, count: int) -> list[float]:
    """Seconds per normal request: repository info, then a small download (alternating)."""
    urls = [f"{server.url}/api/models/{REPO}", f"{server.url}/{REPO}/resolve/main/config.json"]
    out = []
    for i in range(count):
        start = time.perf_counter()
        request(urls[i % 2])
        out.append(time.perf_counter() - start)
    return out


class Hostile:
    """Every kind of hostile client at once, until stopped; counts what they sent."""

    def __init__(self, server: Server, idle: int) -> None:
        self.server = server
        self.stop = threading.Event()
        self.sent = 0
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.threads: list[threading.Thread] = []
        self.idle = idle

    def connect(self) -> socket.socket:
        s = socket.create_connection(self.server.address, timeout=30)
        self.sockets.append(s)
        return s

    def count(self, n: int) -> None:
        with self.lock:
            self.sent += n

    def start(self) -> None:
        for _ in range(self.idle):
            self.connect()  # never sends a byte
        jobs = [self.slowloris] * 20 + [self.trickle] * 20 + [self.endless_commit] * 2 + [self.huge_json] * 2
        for job in jobs:
            thread = threading.Thread(target=self.forever, args=(job,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def forever(self, job) -> None:  # type: ignore[no-untyped-def]
        while not self.stop.is_set():
            try:
                job()
            except OSError:
                pass  # the server cut it off: start another

    def slowloris(self) -> None:
        s = self.connect()
        for byte in b"GET /api/models/bench/model HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000:
            if self.stop.wait(1):
                return
            s.sendall(bytes([byte]))
            self.count(1)

    def trickle(self) -> None:
        s = self.connect()
        head = f"POST /api/validate-yaml HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {10 * MiB}\r\n\r\n"
        s.sendall(head.encode())
        while not self.stop.wait(0.5):
            s.sendall(b" ")
            self.count(1)

    def endless_commit(self) -> None:
        s = self.connect()
        head = (
            f"POST /api/models/{REPO}/commit/main HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        s.sendall(head.encode())
        piece = b"%x\r\n%s\r\n" % (MiB, b"\n" * MiB)
        while not self.stop.is_set():
            s.sendall(piece)
            self.count(MiB)

    def huge_json(self) -> None:
        s = self.connect()
        size = 400 * MiB
        head = f"POST /api/validate-yaml HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
        s.sendall(head.encode() + b'{"content": "')
        block = b"x" * MiB
        for _ in range(size // MiB):
            if self.stop.is_set():
                return
            s.sendall(block)
            self.count(MiB)

    def close(self) -> None:
        self.stop.set()
        for s in self.sockets:
            try:
                s.close()
            except OSError:
                pass
        for thread in self.threads:
            thread.join(5)


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(values) * 1000:7.1f} ms, p95 {p95 * 1000:7.1f} ms, max {ordered[-1] * 1000:7.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long the hostile clients run before measuring")
    parser.add_argument("--idle", type=int, default=500, help="idle connections")
    parser.add_argument("--requests", type=int, default=200, help="normal requests per measurement")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="hub-hostile-"))
    server = Server(root / "hub")
    try:
        prepare(server)
        idle = latencies(server, args.requests)
        rss_idle, _ = server.memory_mib()
        hostile = Hostile(server, args.idle)
        hostile.start()
        time.sleep(args.seconds)
        loaded = latencies(server, args.requests)
        rss_now, rss_peak = server.memory_mib()
        sent = hostile.sent
        hostile.close()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)

    print(f"normal request, idle server:      {summary(idle)}")
    print(f"normal request, under hostile load: {summary(loaded)}")
    print(f"ratio of medians: {statistics.median(loaded) / statistics.median(idle):.1f}x")
    print(f"server memory: {rss_idle:.0f} MiB idle, {rss_now:.0f} MiB under load, peak {rss_peak:.0f} MiB")
    print(
        f"hostile clients: {args.idle} idle connections, 20 slow headers, 20 trickling bodies, "
        f"2 endless chunked commits, 2 declared 400 MiB JSON bodies; {sent / MiB:.0f} MiB sent in {args.seconds:g} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A server killed (SIGKILL) in the middle of a push loses nothing and keeps nothing half-written."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from modelcard.hub import load, push
from modelcard.hub.server.store import Store

REPO = "acme/tiny-sentiment"


class ThrottlingProxy:
    """A TCP proxy that slows uploads down, so a test can act in the middle of one."""

    def __init__(self, upstream_port: int, bytes_per_second: int) -> None:
        self.upstream_port = upstream_port
        self.rate = bytes_per_second
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closed = False
        self.sent: list[int] = []  # bytes passed upstream, one counter per connection
        threading.Thread(target=self._accept, daemon=True).start()

    def largest_upload(self) -> int:
        """The most bytes one connection has sent the server so far."""
        return max(self.sent, default=0)

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        threading.Thread(target=self._pump, args=(upstream, client, None), daemon=True).start()
        self.sent.append(0)
        self._pump(client, upstream, self.rate, len(self.sent) - 1)

    def _pump(self, src: socket.socket, dst: socket.socket, rate: int | None, counter: int | None = None) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
                if counter is not None:
                    self.sent[counter] += len(data)
                if rate:
                    time.sleep(len(data) / rate)
        except ConnectionResetError:
            # Passed on as a reset, as the other side would have seen it without the proxy.
            try:
                dst.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
            dst.close()
            src.close()
            return
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


def _start_server(root: Path, port: int, token: str) -> subprocess.Popen:
    env = {**os.environ, "MODELCARD_HUB_TOKEN": token}
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelcard", "hub", "serve", "--root", str(root), "--port", str(port), "-q"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60  # a generous bound: a loaded machine starts Python slowly
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"server did not start: {proc.stderr.read() if proc.stderr else ''}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_killed_mid_upload(tmp_path, model_dir, token):
    root = tmp_path / "root"
    port = _free_port()
    server = _start_server(root, port, token)
    proxy = ThrottlingProxy(port, bytes_per_second=500_000)
    endpoint = f"http://127.0.0.1:{proxy.port}"
    try:
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["result"] = push(model_dir, REPO, endpoint=endpoint)
            except Exception as e:  # noqa: BLE001 - reported by the assertion below
                outcome["error"] = e

        pusher = threading.Thread(target=run)
        pusher.start()
        tmp = root / "tmp"
        # Mid-upload: the weights (3 MiB) are half a megabyte in, by what the proxy passed on.
        deadline = time.monotonic() + 60
        while proxy.largest_upload() <= 500_000 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "result" not in outcome, "the upload ended before the server could be killed in its middle"
        server.send_signal(signal.SIGKILL)
        server.wait(5)

        # Killed mid-upload: a partial temporary file, no blob, no new commit.
        store = Store(root)  # a restart: interrupted uploads are swept away
        assert list(tmp.iterdir()) == []
        start = store.refs("model", REPO)["branches"]["main"]
        assert [c["id"] for c in store.history("model", REPO, start)] == [start]
        weights = list((root / "blobs").rglob("*"))
        assert all(p.is_dir() or p.stat().st_size < 1_000_000 for p in weights)

        server = _start_server(root, port, token)  # the client's own retry carries on
        pusher.join(40)
        assert "error" not in outcome, outcome.get("error")
        result = outcome["result"]
        store = Store(root)
        assert store.history("model", REPO, store.resolve("model", REPO, "main"))[0]["id"] == result.commit
        proxy.rate = 0
        model = load(REPO, endpoint=endpoint, local_dir=tmp_path / "dl")
        assert model.commit == result.commit
        assert (model.folder / "model.safetensors").read_bytes() == (model_dir / "model.safetensors").read_bytes()
    finally:
        proxy.close()
        server.kill()
        server.wait(5)

"""A loopback Hub server per test, and the real client pointed at it.

``huggingface_hub`` reads ``HF_HOME`` when it is imported: a temporary one is set
here, before any test imports it, and every call passes ``endpoint=`` explicitly.
Nothing else is switched off: the client calls every endpoint it calls for users.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import shutil
import socket
import struct
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

_HOME = tempfile.mkdtemp(prefix="modelcard-hf-home-")
atexit.register(shutil.rmtree, _HOME, True)
os.environ["HF_HOME"] = _HOME
os.environ.pop("HF_ENDPOINT", None)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hub"
TOKEN = "hf_" + "TestTokenDoNotLeak" + "x" * 16
PARAMETERS = 768 * 1024


@dataclass
class Hub:
    """A running server: ``url`` for the client, ``server`` to inspect what it received."""

    server: object
    thread: threading.Thread
    log: io.StringIO

    @property
    def url(self) -> str:
        return self.server.url  # type: ignore[attr-defined]

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.server.store  # type: ignore[attr-defined]

    @property
    def stats(self):  # type: ignore[no-untyped-def]
        return self.server.stats  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.server.shutdown()  # type: ignore[attr-defined]
        self.server.server_close()  # type: ignore[attr-defined]
        self.thread.join(5)

    def request(self, url: str, *, method: str = "GET", body: object = None, token: str | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
        """A bare HTTP request (urllib, no Hub client) to ``url`` on this server: ``(status, headers, body)``.

        ``body``: bytes, or a dict sent as JSON. An error status is an answer, not an
        exception; the headers are case-insensitive.
        """
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))  # type: ignore[arg-type]
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def commits(self, repo_id: str, branch: str = "main") -> list[str]:
        store = self.store
        return [c["id"] for c in store.history("model", repo_id, store.resolve("model", repo_id, branch))]


def start_hub(root: Path, *, port: int = 0, middleware: type | None = None, **options: object) -> Hub:
    """Serve ``root`` on a loopback port; ``middleware`` (an ASGI middleware class) wraps the app,
    for tests that inject faults."""
    from modelcard.hub.server import make_server

    log = io.StringIO()
    server = make_server(root, port=port, token=TOKEN, log=log, **options)
    if middleware is not None:
        server.app.add_middleware(middleware)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return Hub(server, thread, log)


@pytest.fixture(autouse=True)
def _hub_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    running = start_hub(tmp_path / "hub")
    yield running
    running.stop()


def write_weights(path: Path, *, seed: int = 0) -> None:
    """A safetensors file of 768 x 1024 float32 (3 MiB), written by hand."""
    import json
    import random
    import struct

    header = json.dumps({"dense.weight": {"dtype": "F32", "shape": [768, 1024], "data_offsets": [0, PARAMETERS * 4]}})
    header += " " * (-len(header) % 8)
    rng = random.Random(seed)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header.encode())
        f.write(rng.randbytes(PARAMETERS * 4))


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A Trainer-like output folder: card, weights, config, tokenizer and leftovers."""
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(FIXTURES / "README.md", folder / "README.md")
    write_weights(folder / "model.safetensors")
    (folder / "config.json").write_text('{"model_type": "bert", "hidden_size": 768}\n')
    (folder / "tokenizer.json").write_text('{"version": "1.0", "model": {"type": "WordLevel"}}\n')
    (folder / "training_args.bin").write_bytes(b"\x80\x04pickle hub_token=" + TOKEN.encode())
    (folder / "checkpoint-10").mkdir()
    (folder / "checkpoint-10" / "optimizer.pt").write_bytes(b"\0" * 1024)
    (folder / "runs").mkdir()
    (folder / "runs" / "events.out.tfevents.1").write_bytes(b"\0events")
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def token() -> str:
    return TOKEN


@pytest.fixture
def hub_factory() -> Iterator[object]:
    """``hub_factory(root, port=0, middleware=None, **options)``: servers stopped at teardown."""
    started: list[Hub] = []

    def factory(root: Path, **kwargs: object) -> Hub:
        running = start_hub(root, **kwargs)  # type: ignore[arg-type]
        started.append(running)
        return running

    yield factory
    for running in started:
        running.stop()


@pytest.fixture
def weights_writer() -> object:
    return write_weights


def reset(sock: socket.socket) -> None:
    """Close ``sock`` with a TCP reset (the peer's next read fails with ECONNRESET)."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)  # wakes a thread blocked reading it, so the close takes effect now
    sock.close()


class CuttingProxy:
    """A TCP proxy in front of a server that drops a connection (``times`` times) the way a network does.

    When the client's bytes contain ``marker`` (a request line such as ``b"PUT /_lfs/"``),
    ``forward`` more bytes of that request reach the server (None: all of them) and then
    both sides are cut; with ``forward=None`` the cut comes as the server starts answering,
    so the request was handled but its answer is lost.
    """

    def __init__(self, upstream: str, marker: bytes, *, forward: int | None, times: int = 1) -> None:
        self.upstream = upstream.rsplit(":", 1)[1]
        self.marker = marker
        self.forward = forward
        self.armed = times
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _take(self, seen: bytes) -> bool:
        with self.lock:
            if self.armed and self.marker in seen:
                self.armed -= 1
                return True
            return False

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", int(self.upstream)))
        cut = threading.Event()  # set: this connection carries the request being cut

        def close_both() -> None:
            reset(client)  # as a failing network does, rather than an orderly close
            with contextlib.suppress(OSError):
                upstream.shutdown(socket.SHUT_RDWR)
            upstream.close()

        def answers() -> None:
            with contextlib.suppress(OSError):
                while data := upstream.recv(65536):
                    if cut.is_set() and self.forward is None:
                        break  # the answer is lost
                    client.sendall(data)
            close_both()

        threading.Thread(target=answers, daemon=True).start()
        tail = b""
        budget: int | None = None
        with contextlib.suppress(OSError):
            while data := client.recv(65536):
                if budget is None and not cut.is_set() and self._take(tail + data):
                    cut.set()
                    start = max(0, (tail + data).index(self.marker) - len(tail))
                    if self.forward is not None:
                        budget = start + self.forward
                if budget is not None:
                    upstream.sendall(data[:budget])
                    budget -= len(data[:budget])
                    if budget <= 0:
                        break
                    continue
                upstream.sendall(data)
                tail = (tail + data)[-len(self.marker) :]
        close_both()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def cutting_proxy() -> Iterator[object]:
    """``cutting_proxy(hub_url, marker, forward=N|None, times=1)``: see :class:`CuttingProxy`."""
    started: list[CuttingProxy] = []

    def factory(upstream: str, marker: bytes, *, forward: int | None, times: int = 1) -> CuttingProxy:
        proxy = CuttingProxy(upstream, marker, forward=forward, times=times)
        started.append(proxy)
        return proxy

    yield factory
    for proxy in started:
        proxy.close()

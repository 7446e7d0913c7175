"""Run an ASGI app with uvicorn on a socket this process binds (port 0: a free one)."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _server(app: Any) -> Any:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
    return uvicorn.Server(config)


def serve(app: Any, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl-C)."""
    _server(app).run(sockets=[sock])


@dataclass
class Running:
    """An app served from a background thread (for tests and embedding)."""

    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_in_thread(app: Any, host: str = "127.0.0.1", port: int = 0) -> Running:
    sock = bind(host, port)
    server = _server(app)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        thread.join(timeout=0.01)
    return Running(url_of(sock), server, thread)

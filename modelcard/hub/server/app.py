"""The HTTP server: routing, authentication, response helpers, request log.

The routes themselves live in mixins (``routes_api``, ``routes_lfs``,
``routes_files``); a request is dispatched to a ``route_<name>`` method so a
test can subclass the handler to inject faults without hooks in the product.
"""

from __future__ import annotations

import hmac
from collections import deque
import json
import socket
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.routes_api import ApiRoutes
from modelcard.hub.server.routes_files import FileRoutes
from modelcard.hub.server.routes_lfs import LfsRoutes
from modelcard.hub.server.store import Store, StoreError

TYPE_PLURALS = {"models": "model", "datasets": "dataset", "spaces": "space"}
URL_PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
MAX_JSON_BODY = 512 << 20


@dataclass
class Stats:
    """What the server received: the latest requests (method, path, status) and the body bytes."""

    requests: deque[tuple[str, str, int]] = field(default_factory=lambda: deque(maxlen=100_000))
    bytes_in: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((method, path, status))

    def add_bytes(self, n: int) -> None:
        with self.lock:
            self.bytes_in += n

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.bytes_in = 0


class HubServer(ThreadingHTTPServer):
    """A Hub-compatible server over one :class:`Store`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        root: str | Path,
        *,
        token: str | None = None,
        log: IO[str] | None = None,
        multipart_threshold: int = 512 << 20,
        multipart_chunk: int = 64 << 20,
        handler: type[BaseHTTPRequestHandler] | None = None,
    ) -> None:
        self.store = Store(root)
        self.token = token
        self.log = log
        self.stats = Stats()
        self.multipart_threshold = multipart_threshold
        self.multipart_chunk = multipart_chunk
        self.multipart: dict[str, Any] = {}
        self.multipart_lock = threading.Lock()
        super().__init__(address, handler or Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away is routine; anything else goes to the log, not to stderr."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)) or self.log is None:
            return
        self.log.write(f"error while serving {client_address[0]}:\n{traceback.format_exc()}")


class Handler(ApiRoutes, LfsRoutes, FileRoutes, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HubServer
    server_version = "modelcard-hub"

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in separate writes: without this, Nagle's
        # algorithm and delayed ACKs add ~40 ms to every small request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- dispatch -----------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        self.query = {k: v[-1] for k, v in parse_qs(split.query).items()}
        self.segments = [unquote(s) for s in split.path.split("/")[1:]]
        self.status_sent = 0
        self.body_read = False
        try:
            name, kwargs = self.route(method, self.segments)
            getattr(self, f"route_{name}")(**kwargs)
        except StoreError as e:
            self.send_error_json(e.status, e.message, e.code)
        except HttpError as e:
            self.send_error_json(e.status, e.message, e.code, e.headers)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:  # noqa: BLE001 - a server answers 500 rather than dying
            self.close_connection = True
            if self.server.log is not None:
                self.server.log.write(traceback.format_exc())
            if not self.status_sent:
                self.send_error_json(500, "internal server error")
        if self.unread_body():
            self.close_connection = True
        if not self.status_sent:
            self.server.stats.record(method, split.path, 0)

    def route(self, method: str, seg: list[str]) -> tuple[str, dict[str, Any]]:
        """Map a method and path segments to a ``route_<name>`` and its arguments."""
        if seg and seg[0] == "api":
            return self.route_table_api(method, seg[1:])
        if seg and seg[0] == "_lfs":
            return self.route_table_lfs(method, seg[1:])
        repo_type = "model"
        if seg and seg[0] in ("datasets", "spaces") and len(seg) > 3:
            repo_type, seg = TYPE_PLURALS[seg[0]], seg[1:]
        if len(seg) == 6 and seg[1].endswith(".git") and seg[2:] == ["info", "lfs", "objects", "batch"]:
            if method == "POST":
                return "lfs_batch", {"repo_type": repo_type, "repo_id": f"{seg[0]}/{seg[1][:-4]}"}
        if len(seg) >= 5 and seg[2] == "resolve" and method in ("GET", "HEAD"):
            return "resolve", {
                "repo_type": repo_type,
                "repo_id": f"{seg[0]}/{seg[1]}",
                "revision": seg[3],
                "path": "/".join(seg[4:]),
            }
        raise HttpError(404, "Not Found")

    # -- auth ---------------------------------------------------------------

    def bearer(self) -> str | None:
        value = self.headers.get("Authorization", "")
        return value[7:].strip() if value.lower().startswith("bearer ") else None

    def authenticated(self) -> bool:
        token = self.server.token
        if token is None:
            return True
        given = self.bearer()
        return given is not None and hmac.compare_digest(given.encode(), token.encode())

    def require_write(self) -> None:
        if not self.authenticated():
            raise HttpError(
                401,
                "Invalid credentials in Authorization header",
                headers={"X-Error-Message": "Invalid credentials in Authorization header"},
            )

    def require_read(self, repo_type: str, repo_id: str) -> None:
        meta = self.server.store.meta(repo_type, repo_id)
        if meta.get("private") and not self.authenticated():
            raise StoreError(404, f"Repository `{repo_id}` not found", "RepoNotFound")

    # -- bodies and answers -----------------------------------------------------

    def read_body(self, limit: int = MAX_JSON_BODY) -> bytes:
        self.body_read = True
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked(limit)
        length = int(self.headers.get("Content-Length") or 0)
        if length > limit:
            raise HttpError(413, f"request body larger than {limit} bytes")
        data = self.rfile.read(length)
        self.server.stats.add_bytes(len(data))
        if len(data) != length:
            raise ConnectionError("request body cut short")
        return data

    def _read_chunked(self, limit: int) -> bytes:
        parts = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                break
            parts.append(self.rfile.read(size))
            self.rfile.readline()
            total += size
            if total > limit:
                raise HttpError(413, f"request body larger than {limit} bytes")
        self.server.stats.add_bytes(total)
        return b"".join(parts)

    def read_json(self) -> Any:
        try:
            return json.loads(self.read_body() or b"{}")
        except ValueError as e:
            raise HttpError(400, f"invalid JSON body: {e}") from None

    def base_url(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}"

    def unread_body(self) -> bool:
        """Whether the request has a body no route read: it would be taken for
        the next request, so the connection must close after the answer."""
        length = self.headers.get("Content-Length", "0").strip()
        has_body = (length.isdigit() and int(length) > 0) or "Transfer-Encoding" in self.headers
        return has_body and not self.body_read

    def send_bytes(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if self.unread_body():
            # Said before closing, so that the client does not send its next request here.
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
        self.send_bytes(status, json.dumps(value).encode(), "application/json", headers)

    def send_error_json(
        self, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        extra = dict(headers or {})
        if code:
            extra["X-Error-Code"] = code
        extra.setdefault("X-Error-Message", message.replace("\n", " ")[:500])
        self.send_json(status, {"error": message}, extra)

    def send_response(self, code: int, message: str | None = None) -> None:
        # Recorded before the answer leaves, so a client never sees it first.
        self.status_sent = code
        self.server.stats.record(self.command, self.path.split("?")[0], code)
        super().send_response(code, message)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if self.server.log is not None:
            # Query strings hold upload signatures: never log them.
            line = format % args
            self.server.log.write(f"{self.address_string()} {line.split('?')[0]}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.server.log is not None:
            path = self.path.split("?")[0]
            self.server.log.write(f"{self.command} {path} {code}\n")
            self.server.log.flush()


def make_server(
    root: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str | None = None,
    log: IO[str] | None = None,
    **options: Any,
) -> HubServer:
    """Create (not start) a server; ``port=0`` picks a free port (see ``server.url``)."""
    return HubServer((host, port), root, token=token, log=log, **options)


def serve(
    root: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8090,
    token: str | None = None,
    log: IO[str] | None = sys.stderr,
) -> None:
    """Serve until interrupted."""
    server = make_server(root, host=host, port=port, token=token, log=log)
    try:
        server.serve_forever()
    finally:
        server.server_close()

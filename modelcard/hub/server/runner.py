"""Serving the app: a listening socket, uvicorn, and the timeouts that bound idle clients.

- The socket is bound before uvicorn starts (``port=0`` picks a free port, known
  at once as ``server.url``), with a real listen backlog (2048).
- A connection must send a request's headers within ``header_timeout`` seconds
  of opening (or of its previous answer); idle keep-alive connections close
  after ``keep_alive`` seconds; a request body that stalls is answered 408
  (``Limits.body_timeout``). No thread is held per connection.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import threading
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import IO, Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from modelcard.errors import UsageError
from modelcard.hub.server.app import create_app
from modelcard.hub.server.state import HubState, Limits

BACKLOG = 2048


class HubServer:
    """A bound, not yet started server: ``serve_forever()``, then ``shutdown()`` from another thread."""

    def __init__(self, app: Starlette, sock: socket.socket, *, header_timeout: float, keep_alive: float) -> None:
        import uvicorn

        self.app = app
        self.socket = sock
        config = uvicorn.Config(
            app,
            http=_header_deadline_protocol(header_timeout),
            ws="none",
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            backlog=BACKLOG,
            timeout_keep_alive=int(keep_alive),
            timeout_graceful_shutdown=5,
        )
        self._server = uvicorn.Server(config)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def state(self) -> HubState:
        return self.app.state.hub

    @property
    def token(self) -> str | None:
        return self.state.token

    @property
    def store(self) -> Any:
        return self.state.store

    @property
    def stats(self) -> Any:
        return self.state.stats

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self.socket.getsockname()[:2]
        return host, port

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self, poll_interval: float | None = None) -> None:
        """Serve until :meth:`shutdown` (or SIGINT/SIGTERM when run in the main thread)."""
        self._stopped.clear()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving: answers in progress get a few seconds to finish."""
        self._server.should_exit = True
        self._stopped.wait(30)

    def server_close(self) -> None:
        self.socket.close()


def make_server(
    root: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    token: str | None = None,
    log: IO[str] | None = None,
    routes: Sequence[BaseRoute] = (),
    header_timeout: float = 15.0,
    keep_alive: float = 5.0,
    **limits: Any,
) -> HubServer:
    """Create (not start) a server; ``port=0`` picks a free port (see ``server.url``).

    ``limits`` are fields of :class:`Limits` (``multipart_threshold=1 << 20``...).

    Raises:
        UsageError: the root is not a usable folder, or the address cannot be bound.
    """
    unknown = set(limits) - {f.name for f in fields(Limits)}
    if unknown:
        raise TypeError(f"unknown server options: {', '.join(sorted(unknown))}")
    app = create_app(root, token=token, log=log, limits=replace(Limits(), **limits), routes=routes)
    return HubServer(app, bind(host, port), header_timeout=header_timeout, keep_alive=keep_alive)


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (IPv4 or IPv6; ``::`` also takes IPv4 where it can).

    Raises:
        UsageError: a port out of range, an address in use, unknown or not of this machine.
    """
    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} is out of range: use 0 to 65535 (0 picks a free port)")
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise UsageError(f"cannot serve on `{host}`: {e.strerror}") from None
    family, _, _, _, address = infos[0]
    dualstack = family == socket.AF_INET6 and host in ("::", "") and socket.has_dualstack_ipv6()
    try:
        return socket.create_server(address, family=family, backlog=BACKLOG, dualstack_ipv6=dualstack)
    except OSError as e:
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if e.errno == errno.EADDRINUSE:
            raise UsageError(f"cannot serve on {where}: the port is in use; choose another with --port (0 picks a free one)") from None
        if e.errno == errno.EACCES:
            raise UsageError(f"cannot serve on {where}: permission denied (ports below 1024 need privileges)") from None
        raise UsageError(f"cannot serve on {where}: {e.strerror or e}") from None


def _header_deadline_protocol(timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, closing a connection that sends no complete request headers in time.

    uvicorn times out idle connections only after an answer; a connection that
    opens and sends nothing, or sends its headers a byte at a time, would stay open.
    """
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeaderDeadline(H11Protocol):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            if not self.transport.is_closing():
                self._deadline = self.loop.call_later(timeout, self._expired)

        def _expired(self) -> None:
            self._deadline = None
            if self.cycle is None or self.cycle.response_complete:
                self.transport.close()

    return HeaderDeadline


def serve(
    root: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8090,
    token: str | None = None,
    log: IO[str] | None = None,
) -> None:
    """Serve until interrupted."""
    server = make_server(root, host=host, port=port, token=token, log=log)
    try:
        server.serve_forever()
    finally:
        server.server_close()

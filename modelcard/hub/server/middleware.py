"""ASGI middleware of the local Hub: routing on raw path segments, and the request log.

``SegmentPaths``: the client quotes a revision with nothing safe (``feat/x`` is
sent as ``feat%2Fx``), so a path must be split on its raw ``/`` before each
segment is decoded. The path the routes see has each segment decoded, except
``%``, ``/`` and control characters, which stay escaped (``messages.param`` undoes that). A segment
that is not UTF-8 once decoded is answered 400.

``RequestLog``: the last resort (an unexpected error is answered 500, its
traceback goes to the log, the server carries on) and one line per request (``METHOD /raw/path STATUS``, never the
query string, which holds upload signatures) to the log, and the same in
``Stats``, recorded before the answer leaves so a client never sees it first.
Status 0: the client went away before any answer.
"""

from __future__ import annotations

import json
import re
import traceback
from typing import IO
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from modelcard.hub.server.state import Stats


_KEEP_ESCAPED = re.compile(r"[%/\x00-\x1f\x7f]")


def segment_path(raw_path: bytes) -> str:
    """``/a%2Fb/c%25d`` -> ``/a%2Fb/c%25d``, ``/%E8%AF%B4`` -> ``/说``: decoded but for ``/``, ``%``
    and control characters (which route patterns would mishandle: ``$`` matches before a newline).

    Raises:
        UnicodeDecodeError: a segment is not UTF-8.
    """
    return "/".join(
        _KEEP_ESCAPED.sub(lambda m: f"%{ord(m.group()):02X}", unquote_to_bytes(segment).decode("utf-8"))
        for segment in raw_path.split(b"/")
    )


class SegmentPaths:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode()
            try:
                scope = {**scope, "path": segment_path(raw.split(b"?")[0])}
            except UnicodeDecodeError:
                await _plain_error(send, 400, "the request path is not UTF-8 once percent-decoded")
                return
        await self.app(scope, receive, send)


class RequestLog:
    def __init__(self, app: ASGIApp, stats: Stats, log: IO[str] | None) -> None:
        self.app = app
        self.stats = stats
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path = (scope.get("raw_path") or scope["path"].encode()).split(b"?")[0].decode("ascii", "backslashreplace")
        status = 0

        async def logged_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                self._record(method, path, status)
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        except Exception:  # noqa: BLE001 - a server answers 500 rather than dying
            if self.log is not None:
                self.log.write(traceback.format_exc())
            if status:
                raise  # the answer has begun: the connection is closed mid-answer
            await _plain_error(logged_send, 500, "internal server error", close=True)
        finally:
            if not status:
                self._record(method, path, 0)

    def _record(self, method: str, path: str, status: int) -> None:
        self.stats.record(method, path, status)
        if self.log is not None:
            self.log.write(f"{method} {path} {status}\n")
            self.log.flush()


async def _plain_error(send: Send, status: int, message: str, *, close: bool = False) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-error-message", message.encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})

"""Request bodies in (bounded, streamed) and answers out (JSON, safe headers).

Every body is read through :func:`body_chunks`: it counts bytes against a cap
whatever the client declared (a missing, chunked or lying ``Content-Length``),
answers 413 past the cap and 408 when the client stops sending.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote, unquote

import anyio
import anyio.lowlevel
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.state import HubState

_UNSAFE_HEADER = re.compile(r"[^\x20-\x7e]")


def hub(request: Request) -> HubState:
    return request.app.state.hub


def param(request: Request, name: str) -> str:
    """A path parameter as the client meant it (``feat%2Fx`` is the one segment ``feat/x``).

    The app routes on a path whose segments keep ``/``, ``%`` and control characters
    escaped (see ``middleware.SegmentPaths``); this undoes that escaping.
    """
    return unquote(request.path_params[name])


async def body_chunks(request: Request, limit: int) -> AsyncIterator[bytes]:
    """The request body in chunks, at most ``limit`` bytes in all.

    Raises:
        HttpError: 413 past ``limit`` (or a declared length beyond it), 408 when the
            client sends nothing for ``body_timeout`` seconds.
        ClientDisconnect: the client went away.
    """
    state = hub(request)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HttpError(413, f"request body larger than {limit} bytes")
    total = 0
    stream = request.stream().__aiter__()
    while True:
        try:
            with anyio.fail_after(state.limits.body_timeout):
                chunk = await stream.__anext__()
        except StopAsyncIteration:
            request.state.body_done = True
            return
        except TimeoutError:
            raise HttpError(408, f"no request body received for {state.limits.body_timeout:g} seconds") from None
        total += len(chunk)
        state.stats.add_bytes(len(chunk))
        if total > limit:
            raise HttpError(413, f"request body larger than {limit} bytes")
        if chunk:
            yield chunk
        # A client that sends as fast as it can never leaves the queue empty: give the others a turn.
        await anyio.lowlevel.checkpoint()


async def read_body(request: Request, limit: int | None = None) -> bytes:
    limit = hub(request).limits.json_body if limit is None else limit
    return b"".join([chunk async for chunk in body_chunks(request, limit)])


async def read_json(request: Request) -> Any:
    """The JSON object of the body (``{}`` when empty)."""
    raw = await read_body(request)
    try:
        # A big body is parsed off the event loop, which other clients share.
        value = json.loads(raw or b"{}") if len(raw) < (1 << 20) else await run_in_threadpool(json.loads, raw)
    except ValueError as e:
        raise HttpError(400, f"invalid JSON body: {e}") from None
    if not isinstance(value, dict):
        raise HttpError(400, "the JSON body must be an object")
    return value


async def body_lines(request: Request, line_limit: int, limit: int, max_lines: int) -> AsyncIterator[bytes]:
    """The non-blank lines of the body, each at most ``line_limit`` bytes, ``max_lines`` at most
    (blank ones count too), never the whole body in memory."""
    parts: list[bytes] = []  # the line being received, in pieces (joined once, when it ends)
    size = count = 0
    async for chunk in body_chunks(request, limit):
        if b"\n" in chunk:
            first, *lines, rest = chunk.split(b"\n")
            lines.insert(0, b"".join([*parts, first]))
            parts, size = [rest], len(rest)
            count += len(lines)
            if count > max_lines:
                raise HttpError(413, f"request body of more than {max_lines} lines")
            for line in lines:
                if len(line) > line_limit:
                    break
                if line.strip():
                    yield line
            else:
                continue
        else:
            parts.append(chunk)
            size += len(chunk)
            if size <= line_limit:
                continue
        raise HttpError(413, f"a line of the request body is larger than {line_limit} bytes")
    last = b"".join(parts)
    if len(last) > line_limit:
        raise HttpError(413, f"a line of the request body is larger than {line_limit} bytes")
    if last.strip():
        yield last


#: A refused request's body up to this size is read and dropped, so the client, still
#: sending, sees the answer rather than a broken connection (a refused upload part too).
DRAIN_LIMIT = 64 << 20


async def drain(request: Request) -> None:
    """Read and drop the unread body of a refused request when it is declared and small enough."""
    declared = request.headers.get("content-length", "")
    if not has_unread_body(request) or not declared.isdigit() or int(declared) > DRAIN_LIMIT:
        return
    try:
        async for _ in body_chunks(request, DRAIN_LIMIT):
            pass
    except (HttpError, ClientDisconnect, RuntimeError):
        pass  # answered with Connection: close instead


def header_value(text: str) -> str:
    """``text`` fit for a header: printable ASCII only (others escaped), no CR/LF, 500 characters at most."""
    return _UNSAFE_HEADER.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)[:500]


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the exact name (RFC 6266, RFC 5987 ``filename*``)."""
    fallback = re.sub(r'[^\x20-\x7e]|["\\]', "_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None, media_type: str = "application/json") -> Response:
    # default=str: YAML read from a repository may hold dates.
    return Response(json.dumps(value, default=str).encode(), status, headers, media_type)


def error_response(request: Request, status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None) -> Response:
    """``{"error": message}`` with ``X-Error-Message`` (and ``X-Error-Code``), as the Hub answers.

    When the request body was not read to its end, ``Connection: close`` tells the
    client not to send its next request on this connection.
    """
    extra = {k: header_value(v) for k, v in (headers or {}).items()}
    if code:
        extra["X-Error-Code"] = code
    extra.setdefault("X-Error-Message", header_value(message.replace("\n", " ")))
    if has_unread_body(request):
        extra["Connection"] = "close"
    return json_response({"error": message}, status, extra)


def has_unread_body(request: Request) -> bool:
    declared = request.headers.get("content-length", "0").strip()
    has_body = (declared.isdigit() and int(declared) > 0) or "transfer-encoding" in request.headers
    return has_body and not getattr(request.state, "body_done", False)


def base_url(request: Request) -> str:
    """The endpoint as the client reached it (``Host`` header), for URLs in answers."""
    host = request.headers.get("host")
    if not host or _UNSAFE_HEADER.search(host) or any(c in host for c in "/?#@\\ "):
        server = request.scope.get("server") or ("127.0.0.1", 80)
        host = f"[{server[0]}]:{server[1]}" if ":" in server[0] else f"{server[0]}:{server[1]}"
    return f"http://{host}"


__all__ = [
    "ClientDisconnect",
    "base_url",
    "body_chunks",
    "body_lines",
    "content_disposition",
    "error_response",
    "header_value",
    "hub",
    "json_response",
    "param",
    "read_body",
    "read_json",
]

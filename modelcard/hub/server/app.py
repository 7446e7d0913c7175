"""The local Hub as an ASGI app (Starlette): routes, errors, middleware.

:func:`create_app` builds it over one storage root. Each route is declared
beside its handler, in the ``ROUTES`` list of its module:

- ``routes_api``: ``/api/...`` (repositories, validate-yaml, preupload, commits, refs, trees),
- ``routes_lfs``: Git LFS batch, uploads and verification (``/_lfs/...``),
- ``routes_files``: downloads (``/{repo}/resolve/{rev}/{path}``).

Further routes, such as web pages (``modelcard.web``), are added in one place:
the ``routes`` argument of :func:`create_app` (``create_app(root, routes=web.ROUTES)``).
They are matched after the API and LFS routes and before the download route, share the
middleware (path segments, request log) and the error answers, and reach the store,
token and limits as ``request.app.state.hub`` (a :class:`~modelcard.hub.server.state.HubState`).
A path parameter is read with ``messages.param(request, name)``, which decodes ``%2F``.

Serving it (uvicorn, socket, timeouts) is ``modelcard.hub.server.runner``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import Receive, Scope, Send

from modelcard.errors import UsageError
from modelcard.hub.server import routes_api, routes_files, routes_lfs
from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.messages import drain, error_response
from modelcard.hub.server.middleware import RequestLog, SegmentPaths
from modelcard.hub.server.state import HubState, Limits
from modelcard.hub.server.store import Store, StoreError


def create_app(
    root: str | Path,
    *,
    token: str | None = None,
    log: IO[str] | None = None,
    limits: Limits | None = None,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """A Hub-compatible app over the repositories stored under ``root``.

    Args:
        root: storage folder (created if missing; interrupted uploads and writes are cleaned).
        token: bearer token required for writes and private repositories (None: none required).
        log: where the request log goes (None: nowhere).
        limits: bounds on request bodies, uploads and timeouts.
        routes: more routes (web pages), matched before the download route.

    Raises:
        UsageError: ``root`` is not a folder that can be used.
    """
    try:
        store = Store(root)
    except OSError as e:
        raise UsageError(f"cannot use `{root}` as the storage folder: {e.strerror or e}") from None
    state = HubState(store=store, token=token, limits=limits or Limits(), log=log)
    app = Starlette(
        routes=[*routes_api.ROUTES, *routes_lfs.ROUTES, *routes, *routes_files.ROUTES],
        middleware=[Middleware(RequestLog, stats=state.stats, log=log), Middleware(SegmentPaths)],
        exception_handlers={
            HttpError: _http_error,
            StoreError: _store_error,
            HTTPException: _starlette_error,
            ClientDisconnect: _gone,
        },
    )
    app.state.hub = state
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    if exc.status not in (408, 413):  # a body too big or too slow is not read on
        await drain(request)
    return error_response(request, exc.status, exc.message, exc.code, exc.headers)


async def _store_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StoreError)
    await drain(request)
    return error_response(request, exc.status, exc.message, exc.code)


async def _starlette_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    await drain(request)
    return error_response(request, exc.status_code, exc.detail, headers=dict(exc.headers or {}))


async def _gone(request: Request, exc: Exception) -> Response:
    return _NoAnswer()


class _NoAnswer(Response):
    """The client went away: nothing to send (the request log records status 0)."""

    def __init__(self) -> None:
        super().__init__()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        return None



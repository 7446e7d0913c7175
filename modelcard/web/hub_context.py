"""What every local Hub page shares: the guard, the repository a URL names, rendering, errors.

The pages are routes of the Hub's own app; they reach its store, token and
limits as ``request.app.state.hub``. Sessions and CSRF are :mod:`modelcard.web.security`.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.errors import ModelcardError
from modelcard.web.hub_repo import Repo
from modelcard.web.security import CSRF_FIELD, Forbidden, Guard, is_loopback, set_cookie

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

STATIC_URL = "/_web/static"
MAX_LISTED = 1000

Page = Callable[["Request"], Awaitable["Response"]]


class NotFound(Exception):
    """A repository, revision or file the session may not see or that does not exist."""


def hub_state(request: Request) -> Any:
    """The Hub's store, token and limits."""
    from modelcard.hub.server.messages import hub

    return hub(request)


def guard_of(request: Request) -> Guard:
    """The app's page guard, made on first use from the Hub's token and the address it listens on."""
    state = request.app.state
    guard = getattr(state, "web_guard", None)
    if guard is None:
        server = request.scope.get("server") or ("127.0.0.1", 0)
        guard = state.web_guard = Guard(write_token=hub_state(request).token, loopback_only=is_loopback(str(server[0])))
    return guard


def self_url(request: Request) -> str:
    """The URL of this server as the socket the request came in on (never the ``Host`` header)."""
    host, port = (request.scope.get("server") or ("127.0.0.1", 80))[:2]
    return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"


def param(request: Request, name: str) -> str:
    """A path parameter as the client meant it (``%2F`` decoded)."""
    from modelcard.hub.server.messages import param as path_param

    return path_param(request, name)


def repo_id_of(request: Request) -> str:
    return f"{param(request, 'ns')}/{param(request, 'name')}"


def may_read(request: Request, repo_id: str) -> None:
    from modelcard.hub.server.store import StoreError

    try:
        meta = hub_state(request).store.meta("model", repo_id)
    except StoreError:
        raise NotFound(f"no model `{repo_id}`") from None
    if meta.get("private") and not authenticated(request):
        raise NotFound(f"no model `{repo_id}`")


def authenticated(request: Request) -> bool:
    guard = guard_of(request)
    if not guard.needs_login:
        return True
    session = guard.session(request)
    return session is not None and session.may_write


def repo_at(request: Request, revision: str | None = None) -> Repo:
    from modelcard.hub.server.store import StoreError

    repo_id = repo_id_of(request)
    may_read(request, repo_id)
    rev = revision if revision is not None else param(request, "rev")
    try:
        return Repo.at(hub_state(request).store, repo_id, rev)
    except StoreError:
        raise NotFound(f"no revision `{rev}` in `{repo_id}`") from None


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page with the session's CSRF token (a new read-only session is opened when there is none)."""
    from modelcard.web.pages import page

    guard = guard_of(request)
    session, new_sid = guard.ensure(request)
    response = page(
        template,
        status_code,
        csrf=session.csrf,
        may_write=session.may_write,
        needs_login=guard.needs_login,
        static=STATIC_URL,
        csrf_field=CSRF_FIELD,
        request_path=request.url.path,
        **context,
    )
    if new_sid is not None:
        set_cookie(request, response, new_sid)
    return response


def page_route(handler: Page) -> Page:
    """Host check, and errors as pages: 404 for what is not there (or not visible), 403 for refusals."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        try:
            guard_of(request).check_host(request)
            return await handler(request)
        except NotFound as e:
            return render(request, "message.html", 404, title="Not found", message=str(e))
        except Forbidden as e:
            return render(request, "message.html", 403, title="Not allowed", message=str(e))
        except ModelcardError as e:
            return render(request, "message.html", 422, title="Cannot do that", message=str(e))

    return run


def when(timestamp: Any) -> str:
    if isinstance(timestamp, (int, float)):
        return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return str(timestamp or "")[:19].replace("T", " ")



def tabs(repo: Repo, active: str) -> dict[str, Any]:
    """The repository header and tabs of a page."""
    rev = quote(repo.revision, safe="")
    base = f"/{repo.repo_id}"
    return {
        "repo": repo,
        "rev": repo.revision,
        "active": active,
        "links": {
            "card": base if repo.revision == "main" else f"{base}?revision={rev}",
            "files": f"{base}/tree/{rev}",
            "commits": f"{base}/commits/{rev}",
            "refs": f"{base}/refs",
            "upload": f"{base}/upload/{rev}",
            "edit": f"{base}/edit/{rev}",
        },
    }

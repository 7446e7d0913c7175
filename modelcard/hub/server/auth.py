"""Bearer-token checks: writes and private repositories need the server's token (when it has one)."""

from __future__ import annotations

import hmac

from starlette.requests import Request

from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.messages import hub
from modelcard.hub.server.store import StoreError

INVALID = "Invalid credentials in Authorization header"


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    return value[7:].strip() if value.lower().startswith("bearer ") else None


def authenticated(request: Request) -> bool:
    token = hub(request).token
    if token is None:
        return True
    given = bearer(request)
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def require_write(request: Request) -> None:
    if not authenticated(request):
        raise HttpError(401, INVALID)


def require_read(request: Request, repo_type: str, repo_id: str) -> None:
    """A private repository is answered 404 to a client without the token, as if it did not exist."""
    meta = hub(request).store.meta(repo_type, repo_id)
    if meta.get("private") and not authenticated(request):
        raise StoreError(404, f"Repository `{repo_id}` not found", "RepoNotFound")

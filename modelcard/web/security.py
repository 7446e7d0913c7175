"""Who may read and write through the pages, and the headers every page carries.

- A session is a random cookie (HttpOnly, SameSite=Strict) the server maps to
  a CSRF token and whether the session may write. The editor opens one from a
  one-time token in the URL; the local Hub's pages from its ``--token`` typed
  into a form (or for anyone when the Hub has no token).
- A write needs that session, its CSRF token (a header from the editor's
  script, a hidden field in the Hub's forms) and, when the browser sends one, an
  ``Origin`` equal to the page's own.
- The ``Host`` header must name a loopback address when the server listens on
  one, which defeats DNS rebinding.
- Every page gets a strict Content-Security-Policy: scripts, styles and images
  from the server itself only, no frames, no plugins, no inline script.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

COOKIE = "modelcard_session"  # followed by the server's port: browsers share cookies across ports
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
MAX_SESSIONS = 1000

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: For files of a repository or a card's folder opened directly (an SVG with a script, an HTML file).
FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class Forbidden(Exception):
    """A request that may not do what it asks; the message says why."""


@dataclass
class Session:
    csrf: str
    may_write: bool


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The host part of a ``Host`` header (``[::1]:8080`` -> ``::1``)."""
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """Sessions, CSRF and host checks for one server.

    Args:
        login_token: the one-time token of the editor's URL (None: no such token).
        write_token: the token that makes a session writable when typed in (None:
            every session may write, as every API client may on a Hub without token).
        loopback_only: refuse ``Host`` headers that do not name a loopback address.
    """

    def __init__(self, *, login_token: str | None = None, write_token: str | None = None, loopback_only: bool = True) -> None:
        self._login_token = login_token
        self._write_token = write_token
        self._open = login_token is None and write_token is None
        self.loopback_only = loopback_only
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    # -- sessions -------------------------------------------------------------------

    def session(self, request: Request) -> Session | None:
        sid = request.cookies.get(cookie_name(request), "")
        found = self._sessions.get(sid)
        if found is not None:
            self._sessions.move_to_end(sid)
        return found

    def _open_session(self, may_write: bool) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        made = self._sessions[sid] = Session(secrets.token_urlsafe(32), may_write)
        while len(self._sessions) > MAX_SESSIONS:
            self._sessions.popitem(last=False)
        return sid, made

    def _new(self, request: Request, response: Response, may_write: bool) -> Session:
        sid, made = self._open_session(may_write)
        set_cookie(request, response, sid)
        return made

    def ensure(self, request: Request) -> tuple[Session, str | None]:
        """The request's session, or a new one (writable on a Hub without token) and its id to set as cookie."""
        found = self.session(request)
        if found is not None:
            return found, None
        sid, made = self._open_session(self._open)
        return made, sid

    def log_out(self, request: Request) -> None:
        self._sessions.pop(request.cookies.get(cookie_name(request), ""), None)

    def redeem(self, request: Request, token: str, response: Response) -> bool:
        """Open a writable session with the editor's one-time token; False when it is wrong or spent."""
        if self._login_token is None or not hmac.compare_digest(token.encode(), self._login_token.encode()):
            return False
        self._login_token = None
        self._new(request, response, True)
        return True

    def log_in(self, request: Request, token: str, response: Response) -> bool:
        """Open a writable session with the Hub's write token; False when it is wrong."""
        if self._write_token is None or not hmac.compare_digest(token.encode(), self._write_token.encode()):
            return False
        self._new(request, response, True)
        return True

    @property
    def needs_login(self) -> bool:
        return self._write_token is not None

    # -- checks -----------------------------------------------------------------------

    def check_host(self, request: Request) -> None:
        if not self.loopback_only:
            return
        if not is_loopback(host_name(request.headers.get("host", ""))):
            raise Forbidden("this server answers only requests addressed to 127.0.0.1 or localhost")

    def check_write(self, request: Request, csrf: str | None) -> Session:
        """The session of a write request; raises `Forbidden` when it may not write."""
        session = self.session(request)
        if session is None or not session.may_write:
            raise Forbidden("writing needs the token: open the link the server printed, or log in with the token")
        if not csrf or not hmac.compare_digest(csrf.encode(), session.csrf.encode()):
            raise Forbidden("the request did not come from this server's own page (CSRF token missing or wrong)")
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            raise Forbidden("the request came from another site")
        site = request.headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            raise Forbidden("the request came from another site")
        return session


def cookie_name(request: Request) -> str:
    """The session cookie of the server the request came to (one per port)."""
    server = request.scope.get("server") or ("", 0)
    return f"{COOKIE}_{server[1]}"


def set_cookie(request: Request, response: Response, sid: str) -> None:
    response.set_cookie(cookie_name(request), sid, httponly=True, samesite="strict", path="/")


def harden(response: Response, *, csp: str = CSP) -> Response:
    """Add the security headers to a response."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["content-security-policy"] = csp
    return response


class SecureHeaders:
    """ASGI middleware: the security headers on every response that lacks them (static files too)."""

    def __init__(self, app: object) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # type: ignore[operator]
            return

        async def send_hardened(message: dict) -> None:  # type: ignore[type-arg]
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)  # type: ignore[operator]

        await self.app(scope, receive, send_hardened)  # type: ignore[operator]

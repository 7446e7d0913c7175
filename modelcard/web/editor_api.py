"""The editor's JSON endpoints, shared by ``modelcard edit`` and the local Hub's "Edit card" page.

A card source (an `EditorSession` over a file, or a card at a branch of a
local Hub repository) gives the text, lints and renders drafts, and saves. The
endpoints are stateless otherwise: each request carries the draft's text.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from modelcard.errors import ModelcardError
from modelcard.web.findings import Linter, fix_all, fix_one
from modelcard.web.requests import BadRequest, read_json, text_field
from modelcard.web.security import CSRF_HEADER, Forbidden, Guard, harden

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

Handler = Callable[["Request"], Awaitable["Response"]]


class ChangedOnDisk(Exception):
    """The card changed where it is stored since the editor loaded it."""


class CardSource(Protocol):
    text: str
    linter: Linter
    disk_digest: str | None

    def load(self) -> None: ...

    def save(self, text: str, base_digest: str | None, *, force: bool = False, message: str | None = None) -> str:
        """Store ``text``; returns what was done, for the page ("saved README.md")."""
        ...

    def state(self, text: str) -> dict[str, Any]: ...


def json_response(data: Any, status_code: int = 200) -> Response:
    from starlette.responses import JSONResponse

    return harden(JSONResponse(data, status_code=status_code, headers={"cache-control": "no-store"}))


def error(message: str, status_code: int) -> Response:
    return json_response({"error": message}, status_code)


def guarded(guard: Guard, *, write: bool, read_needs_session: bool = True) -> Callable[[Handler], Handler]:
    """Wrap a handler: host check, session (and for writes the CSRF token), errors as JSON."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: Request) -> Response:
            try:
                guard.check_host(request)
                if write:
                    guard.check_write(request, request.headers.get(CSRF_HEADER))
                elif read_needs_session and guard.session(request) is None:
                    raise Forbidden("open the link the server printed: it holds the one-time token")
                return await handler(request)
            except Forbidden as e:
                return error(str(e), 403)
            except BadRequest as e:
                return error(str(e), 400)
            except ChangedOnDisk as e:
                return error(str(e), 409)
            except (ValueError, ModelcardError) as e:
                return error(str(e), 422)

        return run

    return wrap


SourceFor = Callable[["Request"], CardSource]


def endpoints(guard: Guard, source_for: SourceFor, *, read_needs_session: bool = True) -> dict[str, Handler]:
    """``state``, ``languages``, ``draft``, ``fix``, ``save``, ``reload`` handlers over a card source."""
    from starlette.concurrency import run_in_threadpool

    from modelcard.web.choices import choices

    def answer(source: CardSource, text: str, **extra: Any) -> Response:
        data = source.state(text)
        data["digest"] = source.disk_digest
        data.update(extra)
        return json_response(data)

    reading = guarded(guard, write=False, read_needs_session=read_needs_session)
    writing = guarded(guard, write=True)

    @reading
    async def state(request: Request) -> Response:
        source = source_for(request)
        return answer(source, source.text)

    @reading
    async def languages(request: Request) -> Response:
        return json_response(choices()["language"])

    @writing
    async def draft(request: Request) -> Response:
        from modelcard.web.draft import apply

        data = await read_json(request)
        form = data.get("form")
        if form is not None and not isinstance(form, dict):
            raise BadRequest("`form` must be an object")
        text = apply(
            text_field(data, "text") or "",
            form=form,
            front_matter=text_field(data, "front_matter", required=False),
            body=text_field(data, "body", required=False),
        )
        return answer(source_for(request), text)

    @writing
    async def fix(request: Request) -> Response:
        data = await read_json(request)
        source = source_for(request)
        text = text_field(data, "text") or ""
        if data.get("all"):
            fixed, applied = fix_all(source.linter, text)
            return answer(source, fixed, applied=applied)
        try:
            code, line, column = str(data["code"]), int(data["line"]), int(data["column"])
        except (KeyError, TypeError, ValueError):
            raise BadRequest("a fix names the finding: `code`, `line`, `column`") from None
        fixed = fix_one(source.linter, text, code=code, line=line, column=column)
        if fixed is None:
            return error(f"{code} at line {line} has no fix to apply (the draft changed?)", 409)
        return answer(source, fixed, applied=1)

    @writing
    async def save(request: Request) -> Response:
        data = await read_json(request)
        source = source_for(request)
        text = text_field(data, "text") or ""
        base = data.get("digest")
        message = text_field(data, "message", required=False)
        done = await run_in_threadpool(
            functools.partial(source.save, text, base if isinstance(base, str) else None, force=bool(data.get("force")), message=message)
        )
        return answer(source, text, message=done)

    @writing
    async def reload(request: Request) -> Response:
        source = source_for(request)
        source.load()
        return answer(source, source.text, message="reloaded")

    return {"state": state, "languages": languages, "draft": draft, "fix": fix, "save": save, "reload": reload}

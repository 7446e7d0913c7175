"""The ``modelcard edit`` web app: the page, its JSON endpoints, the card's files and rule docs.

Every route needs the session the one-time URL token opens; every write also
needs the page's CSRF token (see :mod:`modelcard.web.security`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.errors import ModelcardError
from modelcard.web.editor import ChangedOnDisk, EditorSession, regenerate
from modelcard.web.findings import fix_all, fix_one
from modelcard.web.requests import BadRequest, read_json, text_field
from modelcard.web.security import CSRF_HEADER, Forbidden, Guard, harden

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

Handler = Callable[["Request"], Awaitable["Response"]]


def file_url(relative: str) -> str:
    return "/file/" + quote(relative)


def docs_url(code: str) -> str:
    return "/rules/" + quote(code)


def _json(data: Any, status_code: int = 200) -> Response:
    from starlette.responses import JSONResponse

    return harden(JSONResponse(data, status_code=status_code, headers={"cache-control": "no-store"}))


def _error(message: str, status_code: int) -> Response:
    return _json({"error": message}, status_code)


def create_editor_app(session: EditorSession, token: str) -> Starlette:
    """The editor's ASGI app for one card; ``token`` opens the first browser session."""
    from starlette.applications import Starlette
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from modelcard.web.choices import choices
    from modelcard.web.files import file_response, inside
    from modelcard.web.guidance import GUIDANCE
    from modelcard.web.pages import STATIC, page

    guard = Guard(login_token=token)

    def guarded(write: bool) -> Callable[[Handler], Handler]:
        def wrap(handler: Handler) -> Handler:
            @functools.wraps(handler)
            async def run(request: Request) -> Response:
                try:
                    guard.check_host(request)
                    if write:
                        guard.check_write(request, request.headers.get(CSRF_HEADER))
                    elif guard.session(request) is None:
                        raise Forbidden("open the link `modelcard edit` printed: it holds the one-time token")
                    return await handler(request)
                except Forbidden as e:
                    return _error(str(e), 403)
                except BadRequest as e:
                    return _error(str(e), 400)
                except (ValueError, ModelcardError) as e:
                    return _error(str(e), 422)

            return run

        return wrap

    def state(text: str, **extra: Any) -> Response:
        data = session.state(text, file_url=file_url, docs_url=docs_url)
        data["digest"] = session.disk_digest
        data.update(extra)
        return _json(data)

    async def index(request: Request) -> Response:
        try:
            guard.check_host(request)
        except Forbidden as e:
            return _error(str(e), 403)
        given = request.query_params.get("token")
        if given is not None:
            response = RedirectResponse("/", status_code=303)
            if not guard.redeem(given, response):
                return page("message.html", 403, title="Link already used", message=(
                    "This link was already opened (or its token is wrong). Use the browser tab it opened, "
                    "or run `modelcard edit` again."))
            return harden(response)
        current = guard.session(request)
        if current is None:
            return page("message.html", 403, title="Token needed", message="Open the link `modelcard edit` printed: it holds the one-time token.")
        data = session.state(session.text, file_url=file_url, docs_url=docs_url)
        return page(
            "editor.html",
            csrf=current.csrf,
            name=str(session.path),
            state=data,
            choices=choices(),
            guidance=GUIDANCE,
            has_run=session.run_dir is not None,
            run_dir=str(session.run_dir) if session.run_dir else "",
            notes=session.notes,
        )

    @guarded(write=False)
    async def get_state(request: Request) -> Response:
        return state(session.text)

    @guarded(write=False)
    async def languages(request: Request) -> Response:
        return _json(choices()["language"])

    @guarded(write=True)
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
        return state(text)

    @guarded(write=True)
    async def fix(request: Request) -> Response:
        data = await read_json(request)
        text = text_field(data, "text") or ""
        if data.get("all"):
            fixed, applied = fix_all(session.linter, text)
            return state(fixed, applied=applied)
        try:
            code, line, column = str(data["code"]), int(data["line"]), int(data["column"])
        except (KeyError, TypeError, ValueError):
            raise BadRequest("a fix names the finding: `code`, `line`, `column`") from None
        fixed = fix_one(session.linter, text, code=code, line=line, column=column)
        if fixed is None:
            return _error(f"{code} at line {line} has no fix to apply (the draft changed?)", 409)
        return state(fixed, applied=1)

    @guarded(write=True)
    async def save(request: Request) -> Response:
        data = await read_json(request)
        text = text_field(data, "text") or ""
        base = data.get("digest")
        try:
            session.save(text, base if isinstance(base, str) else None, force=bool(data.get("force")))
        except ChangedOnDisk as e:
            return _error(str(e), 409)
        return state(text, message=f"saved {session.path.name}")

    @guarded(write=True)
    async def reload(request: Request) -> Response:
        session.load()
        return state(session.text, message=f"reloaded {session.path.name} from disk")

    @guarded(write=True)
    async def regenerate_route(request: Request) -> Response:
        if session.run_dir is None:
            return _error("no run: start the editor with --run RUN_DIR", 409)
        data = await read_json(request)
        made = regenerate(session.run_dir, text_field(data, "text"), session.path.name)
        session.plot = made.plot
        return state(made.text, message="regenerated from the logs; your own text is kept", missing=made.missing)

    @guarded(write=True)
    async def push_route(request: Request) -> Response:
        from modelcard.web.publish import push_folder

        data = await read_json(request)
        text = text_field(data, "text") or ""
        if not session.state(text, file_url=file_url, docs_url=docs_url)["saved"]:
            return _error("save the card first: the push sends the files on disk", 409)
        result = push_folder(
            session.folder,
            repo_id=text_field(data, "repo_id") or "",
            revision=text_field(data, "revision", required=False) or None,
            endpoint=text_field(data, "endpoint", required=False) or None,
            message=text_field(data, "message", required=False) or None,
            dry_run=bool(data.get("dry_run", True)),
        )
        return _json(result)

    @guarded(write=False)
    async def folder_file(request: Request) -> Response:
        from modelcard.generate.generate import PLOT_NAME

        relative = request.path_params["path"]
        if relative == PLOT_NAME and session.plot is not None:
            from starlette.responses import Response as Plain

            return harden(Plain(session.plot, media_type="image/png"))
        path = inside(session.folder, relative)
        if path is None:
            return _error(f"`{relative}` is not a file in the card's folder", 404)
        return file_response(path, path.name)

    @guarded(write=False)
    async def rule_doc(request: Request) -> Response:
        from modelcard.checks import registry
        from modelcard.web.preview import render_markdown

        rule = registry.get(request.path_params["code"])
        if rule is None:
            return _error("no such rule", 404)
        html = render_markdown(rule.doc, lambda _: None)
        return page("rule.html", rule=rule, html=html)

    routes = [
        Route("/", index),
        Route("/api/state", get_state),
        Route("/api/choices/language", languages),
        Route("/api/draft", draft, methods=["POST"]),
        Route("/api/fix", fix, methods=["POST"]),
        Route("/api/save", save, methods=["POST"]),
        Route("/api/reload", reload, methods=["POST"]),
        Route("/api/regenerate", regenerate_route, methods=["POST"]),
        Route("/api/push", push_route, methods=["POST"]),
        Route("/file/{path:path}", folder_file),
        Route("/rules/{code}", rule_doc),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    from starlette.middleware import Middleware

    from modelcard.web.security import SecureHeaders

    return Starlette(routes=routes, middleware=[Middleware(SecureHeaders)])

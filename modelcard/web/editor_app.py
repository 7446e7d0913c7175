"""The ``modelcard edit`` web app: the page, its JSON endpoints, the card's files and rule docs.

Every route needs the session the one-time URL token opens; every write also
needs the page's CSRF token (see :mod:`modelcard.web.security`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelcard.web.editor import EditorSession, regenerate
from modelcard.web.editor_api import endpoints, error, guarded, json_response
from modelcard.web.requests import read_json, text_field
from modelcard.web.security import Forbidden, Guard, SecureHeaders, harden

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response


def create_editor_app(session: EditorSession, token: str) -> Starlette:
    """The editor's ASGI app for one card; ``token`` opens the first browser session."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import RedirectResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from modelcard.web.files import file_response, inside
    from modelcard.web.pages import STATIC, editor_page, page, rule_page

    guard = Guard(login_token=token)
    api = endpoints(guard, lambda request: session)

    async def index(request: Request) -> Response:
        try:
            guard.check_host(request)
        except Forbidden as e:
            return error(str(e), 403)
        given = request.query_params.get("token")
        if given is not None:
            response = RedirectResponse("/", status_code=303)
            if guard.session(request) is None and not guard.redeem(request, given, response):
                return page("message.html", 403, title="Link already used", message=(
                    "This link was already opened (or its token is wrong). Use the browser tab it opened, "
                    "or run `modelcard edit` again."))
            return harden(response)
        current = guard.session(request)
        if current is None:
            return page("message.html", 403, title="Token needed", message="Open the link `modelcard edit` printed: it holds the one-time token.")
        return editor_page(
            csrf=current.csrf,
            api="/api",
            name=str(session.path),
            state=session.state(session.text),
            has_run=session.run_dir is not None,
            run_dir=str(session.run_dir or ""),
            notes=session.notes,
        )

    @guarded(guard, write=True)
    async def regenerate_route(request: Request) -> Response:
        if session.run_dir is None:
            return error("no run: start the editor with --run RUN_DIR", 409)
        data = await read_json(request)
        made = regenerate(session.run_dir, text_field(data, "text"), session.path.name)
        session.plot = made.plot
        data = session.state(made.text)
        data.update(digest=session.disk_digest, message="regenerated from the logs; your own text is kept", missing=made.missing)
        return json_response(data)

    @guarded(guard, write=True)
    async def push_route(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        from modelcard.web.publish import push_folder

        data = await read_json(request)
        if not session.is_saved(text_field(data, "text") or ""):
            return error("save the card first: the push sends the files on disk", 409)
        result = await run_in_threadpool(
            push_folder,
            session.folder,
            repo_id=text_field(data, "repo_id") or "",
            revision=text_field(data, "revision", required=False) or None,
            endpoint=text_field(data, "endpoint", required=False) or None,
            message=text_field(data, "message", required=False) or None,
            dry_run=bool(data.get("dry_run", True)),
        )
        return json_response(result)

    @guarded(guard, write=False)
    async def folder_file(request: Request) -> Response:
        from starlette.responses import Response as Plain

        from modelcard.generate.generate import PLOT_NAME

        relative = request.path_params["path"]
        if relative == PLOT_NAME and session.plot is not None:
            return harden(Plain(session.plot, media_type="image/png"))
        path = inside(session.folder, relative)
        if path is None:
            return error(f"`{relative}` is not a file in the card's folder", 404)
        return file_response(path, path.name)

    @guarded(guard, write=False)
    async def rule_doc(request: Request) -> Response:
        return rule_page(request.path_params["code"])

    routes = [
        Route("/", index),
        Route("/api/state", api["state"]),
        Route("/api/choices/language", api["languages"]),
        Route("/api/draft", api["draft"], methods=["POST"]),
        Route("/api/fix", api["fix"], methods=["POST"]),
        Route("/api/save", api["save"], methods=["POST"]),
        Route("/api/reload", api["reload"], methods=["POST"]),
        Route("/api/regenerate", regenerate_route, methods=["POST"]),
        Route("/api/push", push_route, methods=["POST"]),
        Route("/file/{path:path}", folder_file),
        Route("/rules/{code}", rule_doc),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return Starlette(routes=routes, middleware=[Middleware(SecureHeaders)])

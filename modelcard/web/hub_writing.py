"""The local Hub's pages that write: log in with the token, upload files, edit the card.

Both writes go through `modelcard.web.hub_repo.push_files`, the code path of ``modelcard push``.
"""

from __future__ import annotations

import hmac
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.errors import ModelcardError
from modelcard.web.hub_context import STATIC_URL, NotFound, Page, guard_of, hub_state, page_route, render, repo_at, self_url, tabs
from modelcard.web.hub_repo import CARD, HubCard, Repo, push_files, workspace
from modelcard.web.security import CSRF_FIELD, Forbidden, harden

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

MAX_UPLOAD_FILES = 100


@page_route
async def login(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    guard = guard_of(request)
    back = request.query_params.get("next", "/")
    back = back if back.startswith("/") and not back.startswith("//") else "/"
    if not guard.needs_login:
        return harden(RedirectResponse(back, status_code=303))  # a Hub without token: every session writes
    if request.method == "GET":
        return render(request, "hub_login.html", title="Log in", back=back)
    form = await request.form(max_files=0, max_fields=5)
    session = guard.session(request)
    csrf = str(form.get(CSRF_FIELD) or "")
    if session is None or not csrf or not hmac.compare_digest(csrf.encode(), session.csrf.encode()):
        raise Forbidden("the form did not come from this server's own page; reload it and try again")
    response = RedirectResponse(back, status_code=303)
    if not guard.log_in(request, str(form.get("token") or ""), response):
        return render(request, "hub_login.html", 403, title="Log in", back=back, error="That is not the server's token.")
    guard.log_out(request)
    return harden(response)


def writable(request: Request) -> Repo:
    repo = repo_at(request)
    if not repo.is_branch:
        raise Forbidden(f"`{repo.revision}` is not a branch: uploads and edits go to a branch")
    session = guard_of(request).session(request)
    if session is None or not session.may_write:
        raise Forbidden("writing needs the server's token: log in first")
    return repo


def login_link(request: Request) -> str:
    return "/_web/login?next=" + quote(request.url.path)


@page_route
async def upload(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    from modelcard.hub.names import InvalidName, check_repo_path

    repo = repo_at(request)
    session = guard_of(request).session(request)
    context = {"title": f"Upload to {repo.repo_id}", "login": login_link(request), **tabs(repo, "upload")}
    if request.method == "GET":
        return render(request, "hub_upload.html", parent=repo.commit, **context)
    repo = writable(request)
    limit = hub_state(request).limits.commit_body
    length = request.headers.get("content-length")
    if length is None or not length.isdigit() or int(length) > limit:
        return render(request, "hub_upload.html", 413, parent=repo.commit, error=f"an upload needs a Content-Length of at most {limit:,} bytes", **context)
    form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=10)
    guard_of(request).check_write(request, str(form.get(CSRF_FIELD) or ""))
    assert session is not None
    if form.get("parent") != repo.commit:
        return render(request, "hub_upload.html", 409, parent=repo.commit, error=f"`{repo.revision}` moved since this page was opened; nothing was committed. Choose the files again.", **context)
    folder_in_repo = str(form.get("folder") or "").strip().strip("/")
    message = str(form.get("message") or "").strip() or "Upload files through the web page"
    uploads = [f for f in form.getlist("files") if hasattr(f, "filename") and f.filename]
    if not uploads:
        return render(request, "hub_upload.html", 422, parent=repo.commit, error="choose at least one file", **context)
    names: list[str] = []
    with workspace(repo) as tmp:
        root = Path(tmp)
        try:
            for item in uploads:
                base = posixpath.basename(item.filename.replace("\\", "/"))
                names.append(check_repo_path(posixpath.join(folder_in_repo, base) if folder_in_repo else base))
                target = root / names[-1]
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    while chunk := await item.read(1 << 20):
                        out.write(chunk)
        except InvalidName as e:
            return render(request, "hub_upload.html", 422, parent=repo.commit, error=str(e), **context)
        if not (root / CARD).exists() and CARD not in repo.files():
            return render(request, "hub_upload.html", 422, parent=repo.commit, error=f"the branch has no {CARD}: upload the card with the files", **context)
        try:
            result = await run_in_threadpool(push_files, root, repo, endpoint=self_url(request), token=hub_state(request).token, message=message)
        except ModelcardError as e:
            return render(request, "hub_upload.html", 422, parent=repo.commit, error=str(e), **context)
    left_out = [name for name in result.ignored if name in names]
    if not result.created_commit:
        why = f"; left out as a push leaves them out: {', '.join(left_out)}" if left_out else ""
        return render(request, "hub_upload.html", 422, parent=repo.commit, error=f"nothing new to commit{why}", **context)
    target = f"/{repo.repo_id}/commits/{quote(repo.revision, safe='')}?done={quote(result.commit or '')}"
    if left_out:
        target += "&left_out=" + quote(", ".join(left_out))
    return harden(RedirectResponse(target, status_code=303))


@page_route
async def edit_page(request: Request) -> Response:
    from starlette.responses import RedirectResponse

    from modelcard.web.pages import editor_page

    repo = repo_at(request)
    session = guard_of(request).session(request)
    if session is None or not session.may_write:
        return harden(RedirectResponse(login_link(request), status_code=303))
    writable(request)
    source = HubCard(repo, endpoint=self_url(request), token=hub_state(request).token)
    rev = quote(repo.revision, safe="")
    return editor_page(
        csrf=session.csrf,
        api=f"/{repo.repo_id}/edit/{rev}/api",
        static=STATIC_URL,
        name=f"{repo.repo_id} · {CARD} on {repo.revision}",
        state=source.state(source.text),
        commit=repo.revision,
        back=f"/{repo.repo_id}" if repo.revision == "main" else f"/{repo.repo_id}?revision={rev}",
        home="/",
    )


def _edit_source(request: Request) -> HubCard:
    repo = repo_at(request)
    if not repo.is_branch:
        raise Forbidden(f"`{repo.revision}` is not a branch")
    return HubCard(repo, endpoint=self_url(request), token=hub_state(request).token)


def edit_api() -> dict[str, Any]:
    """The editor endpoints under ``/{ns}/{name}/edit/{rev}/api/``; the guard is found per request."""
    from modelcard.web.editor_api import endpoints

    def bound(name: str) -> Page:
        async def run(request: Request) -> Response:
            try:
                handlers = endpoints(guard_of(request), _edit_source)
                return await handlers[name](request)
            except NotFound as e:
                from modelcard.web.editor_api import error

                return error(str(e), 404)

        return run

    return {name: bound(name) for name in ("state", "languages", "draft", "fix", "save", "reload")}

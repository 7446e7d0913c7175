"""The local Hub's web pages, served by the same app as its API (``create_app(root, routes=ROUTES)``).

Reading works without JavaScript: the repository list, a model page (the
rendered card, metadata chips, results table, carbon figure), files, commit
history with the card's diffs, branches and tags. Writing (uploading files,
editing the card) needs the Hub's token, typed once into the login page, and
the page's CSRF token; both go through the same push code as ``modelcard push``.
Private repositories are shown only to sessions that gave the token.
"""

from __future__ import annotations

import difflib
import hmac
import functools
import posixpath
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.errors import ModelcardError
from modelcard.web.hub_repo import CARD, HubCard, Repo, push_files, workspace
from modelcard.web.security import CSRF_FIELD, FILE_CSP, Forbidden, Guard, harden, is_loopback, set_cookie

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

STATIC_URL = "/_web/static"
MAX_UPLOAD_FILES = 100
MAX_LISTED = 1000
MAX_DIFF_LINES = 3000
#: Line pairs a diff may compare (difflib's worst case is their product).
MAX_DIFF_WORK = 100_000_000

Page = Callable[["Request"], Awaitable["Response"]]


class NotFound(Exception):
    """A repository, revision or file the session may not see or that does not exist."""


# -- plumbing -------------------------------------------------------------------------


def _hub(request: Request) -> Any:
    from modelcard.hub.server.messages import hub

    return hub(request)


def guard_of(request: Request) -> Guard:
    """The app's page guard, made on first use from the Hub's token and the address it listens on."""
    state = request.app.state
    guard = getattr(state, "web_guard", None)
    if guard is None:
        server = request.scope.get("server") or ("127.0.0.1", 0)
        guard = state.web_guard = Guard(write_token=_hub(request).token, loopback_only=is_loopback(str(server[0])))
    return guard


def self_url(request: Request) -> str:
    """The URL of this server as the socket the request came in on (never the ``Host`` header)."""
    host, port = (request.scope.get("server") or ("127.0.0.1", 80))[:2]
    return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"


def _param(request: Request, name: str) -> str:
    from modelcard.hub.server.messages import param

    return param(request, name)


def _repo_id(request: Request) -> str:
    return f"{_param(request, 'ns')}/{_param(request, 'name')}"


def _may_read(request: Request, repo_id: str) -> None:
    from modelcard.hub.server.store import StoreError

    try:
        meta = _hub(request).store.meta("model", repo_id)
    except StoreError:
        raise NotFound(f"no model `{repo_id}`") from None
    if meta.get("private") and not _authenticated(request):
        raise NotFound(f"no model `{repo_id}`")


def _authenticated(request: Request) -> bool:
    guard = guard_of(request)
    if not guard.needs_login:
        return True
    session = guard.session(request)
    return session is not None and session.may_write


def _repo(request: Request, revision: str | None = None) -> Repo:
    from modelcard.hub.server.store import StoreError

    repo_id = _repo_id(request)
    _may_read(request, repo_id)
    rev = revision if revision is not None else _param(request, "rev")
    try:
        return Repo.at(_hub(request).store, repo_id, rev)
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


def _when(timestamp: Any) -> str:
    if isinstance(timestamp, (int, float)):
        return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return str(timestamp or "")[:19].replace("T", " ")


# -- reading ---------------------------------------------------------------------------


def card_view(repo: Repo) -> dict[str, Any]:
    """The card of ``repo`` as the model page shows it: metadata chips, rendered body, results, carbon."""
    from modelcard.card import Card
    from modelcard.errors import CardError
    from modelcard.web.preview import render_markdown
    from modelcard.web.results import eval_results_rows, model_index_rows
    from modelcard.web.state import carbon_text

    data = repo.read(CARD)
    view: dict[str, Any] = {"exists": data is not None, "html": "", "chips": [], "results": [], "carbon": "", "problem": ""}
    metadata: dict[Any, Any] = {}
    if data:
        try:
            card = Card.from_bytes(data, path=CARD)
            metadata, body = card.metadata, card.body
        except CardError as e:
            view["problem"] = str(e)
            from modelcard.web.draft import parts

            body = parts(data.decode("utf-8", "replace")).body
        view["html"] = render_markdown(body, repo.raw_url)
    view["chips"] = chips(metadata)
    view["results"] = model_index_rows(metadata) + eval_results_rows(repo.eval_files())
    view["carbon"] = carbon_text(metadata.get("co2_eq_emissions"))
    return view


def chips(metadata: dict[Any, Any]) -> list[tuple[str, str]]:
    """``(kind, text)`` for the metadata a model page shows at the top."""
    out: list[tuple[str, str]] = []
    for key, kind in (("pipeline_tag", "task"), ("library_name", "library"), ("license", "license")):
        value = metadata.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            out.append((kind, f"{'license: ' if kind == 'license' else ''}{value}"))
    for key, label in (("language", ""), ("datasets", "dataset: "), ("base_model", "base model: "), ("tags", "")):
        value = metadata.get(key)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                out.append(("tag", f"{label}{item}"))
    return out[:60]


@page_route
async def repo_list(request: Request) -> Response:
    store = _hub(request).store
    shown = []
    for repo_id in store.list_repos("model")[:MAX_LISTED]:
        meta = store.meta("model", repo_id)
        if meta.get("private") and not _authenticated(request):
            continue
        head = store.resolve("model", repo_id, "main")
        info = store.commit_info("model", repo_id, head)
        shown.append({"id": repo_id, "private": bool(meta.get("private")), "updated": _when(info.get("date") or info.get("time")), "title": info.get("title", "")})
    return render(request, "hub_list.html", title="Models", repos=shown)


def _tabs(repo: Repo, active: str) -> dict[str, Any]:
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


@page_route
async def model_page(request: Request) -> Response:
    repo = _repo(request, request.query_params.get("revision", "main"))
    return render(request, "hub_model.html", title=repo.repo_id, card=card_view(repo), **_tabs(repo, "card"))


@page_route
async def files_page(request: Request) -> Response:
    repo = _repo(request)
    rev = quote(repo.commit)
    files = [
        {"path": path, "size": entry.size, "lfs": entry.lfs, "download": f"/{repo.repo_id}/resolve/{rev}/{quote(path)}"}
        for path, entry in sorted(repo.files().items())
    ]
    return render(request, "hub_files.html", title=f"Files of {repo.repo_id}", files=files, total=sum(f["size"] for f in files), **_tabs(repo, "files"))


@page_route
async def commits_page(request: Request) -> Response:
    repo = _repo(request)
    history = repo.store.history("model", repo.repo_id, repo.commit)[:MAX_LISTED]
    commits = [{"id": c["id"], "title": c.get("title", ""), "when": _when(c.get("date") or c.get("time"))} for c in history]
    done, left_out = request.query_params.get("done"), request.query_params.get("left_out")
    return render(request, "hub_commits.html", title=f"Commits of {repo.repo_id}", commits=commits, done=done, left_out=left_out, **_tabs(repo, "commits"))


def card_diff(old: bytes | None, new: bytes | None) -> list[tuple[str, str]]:
    """``(kind, line)`` of the unified diff of two versions of the card (kind: add, del, hunk, same)."""
    a = (old or b"").decode("utf-8", "replace").splitlines()
    b = (new or b"").decode("utf-8", "replace").splitlines()
    if len(a) * len(b) > MAX_DIFF_WORK:
        return [("hunk", f"the card has {len(a):,} lines before and {len(b):,} after: too long to compare here")]
    out: list[tuple[str, str]] = []
    for line in difflib.unified_diff(a, b, f"{CARD} (before)", f"{CARD} (after)", lineterm="", n=3):
        kind = "hunk" if line.startswith(("@@", "---", "+++")) else "add" if line.startswith("+") else "del" if line.startswith("-") else "same"
        out.append((kind, line))
        if len(out) >= MAX_DIFF_LINES:
            out.append(("hunk", "… (the rest of the diff is not shown)"))
            break
    return out


@page_route
async def commit_page(request: Request) -> Response:
    repo = _repo(request, _param(request, "oid"))
    info = repo.store.commit_info("model", repo.repo_id, repo.commit)
    parent = Repo(repo.store, repo.repo_id, info["parents"][0], info["parents"][0]) if info["parents"] else None
    now, before = repo.files(), parent.files() if parent else {}
    changes = []
    for path in sorted(set(now) | set(before)):
        if path not in before:
            changes.append(("added", path, now[path].size))
        elif path not in now:
            changes.append(("deleted", path, before[path].size))
        elif now[path].sha256 != before[path].sha256:
            changes.append(("modified", path, now[path].size))
    diff = card_diff(parent.read(CARD) if parent else None, repo.read(CARD)) if any(c[1] == CARD for c in changes) else []
    return render(
        request, "hub_commit.html", title=info.get("title", repo.commit), info=info, when=_when(info.get("date") or info.get("time")),
        changes=changes, diff=diff, **_tabs(Repo(repo.store, repo.repo_id, "main", repo.commit), "commits"),
    )


@page_route
async def refs_page(request: Request) -> Response:
    repo = _repo(request, "main")
    refs = repo.store.refs("model", repo.repo_id)
    branches = sorted(refs["branches"].items())
    tags = sorted((name, tag["commit"]) for name, tag in refs["tags"].items())
    return render(request, "hub_refs.html", title=f"Branches and tags of {repo.repo_id}", branches=branches, tags=tags, **_tabs(repo, "refs"))


@page_route
async def raw_file(request: Request) -> Response:
    from starlette.responses import FileResponse

    from modelcard.web.files import INLINE, media_type

    repo = _repo(request)
    path = _param(request, "path")
    entry = repo.files().get(path)
    if entry is None:
        raise NotFound(f"no file `{path}` at `{repo.revision}`")
    kind = media_type(path)
    headers = {"cache-control": "no-store"}
    if kind.split(";")[0] not in INLINE:
        headers["content-disposition"] = "attachment"
    return harden(FileResponse(repo.store.blobs.path(entry.sha256), media_type=kind, headers=headers), csp=FILE_CSP)


@page_route
async def rule_doc(request: Request) -> Response:
    from modelcard.web.pages import rule_page

    return rule_page(request.path_params["code"], static=STATIC_URL)


# -- writing ---------------------------------------------------------------------------


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


def _writable(request: Request) -> Repo:
    repo = _repo(request)
    if not repo.is_branch:
        raise Forbidden(f"`{repo.revision}` is not a branch: uploads and edits go to a branch")
    session = guard_of(request).session(request)
    if session is None or not session.may_write:
        raise Forbidden("writing needs the server's token: log in first")
    return repo


def _login_link(request: Request) -> str:
    return "/_web/login?next=" + quote(request.url.path)


@page_route
async def upload(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import RedirectResponse

    from modelcard.hub.names import InvalidName, check_repo_path

    repo = _repo(request)
    session = guard_of(request).session(request)
    context = {"title": f"Upload to {repo.repo_id}", "login": _login_link(request), **_tabs(repo, "upload")}
    if request.method == "GET":
        return render(request, "hub_upload.html", parent=repo.commit, **context)
    repo = _writable(request)
    limit = _hub(request).limits.commit_body
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
            result = await run_in_threadpool(push_files, root, repo, endpoint=self_url(request), token=_hub(request).token, message=message)
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

    repo = _repo(request)
    session = guard_of(request).session(request)
    if session is None or not session.may_write:
        return harden(RedirectResponse(_login_link(request), status_code=303))
    _writable(request)
    source = HubCard(repo, endpoint=self_url(request), token=_hub(request).token)
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
    repo = _repo(request)
    if not repo.is_branch:
        raise Forbidden(f"`{repo.revision}` is not a branch")
    return HubCard(repo, endpoint=self_url(request), token=_hub(request).token)


def _edit_api() -> dict[str, Any]:
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


def routes() -> list[Any]:
    """The pages' routes, for ``create_app(root, routes=routes())``."""
    import nh3  # noqa: F401 - the card renderer's sanitiser: missing, the pages cannot start
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    from modelcard.web.pages import STATIC

    api = _edit_api()
    edit = "/{ns}/{name}/edit/{rev}/api"
    return [
        Route("/", repo_list),
        Route("/_web/login", login, methods=["GET", "POST"]),
        Route("/_web/rules/{code}", rule_doc),
        Mount(STATIC_URL, StaticFiles(directory=str(STATIC)), name="web-static"),
        Route("/{ns}/{name}", model_page),
        Route("/{ns}/{name}/tree/{rev}", files_page),
        Route("/{ns}/{name}/commits/{rev}", commits_page),
        Route("/{ns}/{name}/commit/{oid}", commit_page),
        Route("/{ns}/{name}/refs", refs_page),
        Route("/{ns}/{name}/raw/{rev}/{path:path}", raw_file),
        Route("/{ns}/{name}/upload/{rev}", upload, methods=["GET", "POST"]),
        Route("/{ns}/{name}/edit/{rev}", edit_page),
        Route(edit + "/state", api["state"]),
        Route(edit + "/choices/language", api["languages"]),
        Route(edit + "/draft", api["draft"], methods=["POST"]),
        Route(edit + "/fix", api["fix"], methods=["POST"]),
        Route(edit + "/save", api["save"], methods=["POST"]),
        Route(edit + "/reload", api["reload"], methods=["POST"]),
    ]

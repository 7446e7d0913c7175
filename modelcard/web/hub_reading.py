"""The local Hub's pages for reading (no JavaScript needed): list, model page, files, commits, refs."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.web.hub_context import MAX_LISTED, STATIC_URL, NotFound, authenticated, hub_state, page_route, param, render, repo_at, tabs, when
from modelcard.web.hub_repo import CARD, Repo
from modelcard.web.security import FILE_CSP, harden

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

MAX_DIFF_LINES = 3000
#: Line pairs a diff may compare (difflib's worst case is their product).
MAX_DIFF_WORK = 100_000_000


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
    store = hub_state(request).store
    shown = []
    for repo_id in store.list_repos("model")[:MAX_LISTED]:
        meta = store.meta("model", repo_id)
        if meta.get("private") and not authenticated(request):
            continue
        head = store.resolve("model", repo_id, "main")
        info = store.commit_info("model", repo_id, head)
        shown.append({"id": repo_id, "private": bool(meta.get("private")), "updated": when(info.get("date") or info.get("time")), "title": info.get("title", "")})
    return render(request, "hub_list.html", title="Models", repos=shown)


@page_route
async def model_page(request: Request) -> Response:
    repo = repo_at(request, request.query_params.get("revision", "main"))
    return render(request, "hub_model.html", title=repo.repo_id, card=card_view(repo), **tabs(repo, "card"))


@page_route
async def files_page(request: Request) -> Response:
    repo = repo_at(request)
    rev = quote(repo.commit)
    files = [
        {"path": path, "size": entry.size, "lfs": entry.lfs, "download": f"/{repo.repo_id}/resolve/{rev}/{quote(path)}"}
        for path, entry in sorted(repo.files().items())
    ]
    return render(request, "hub_files.html", title=f"Files of {repo.repo_id}", files=files, total=sum(f["size"] for f in files), **tabs(repo, "files"))


@page_route
async def commits_page(request: Request) -> Response:
    repo = repo_at(request)
    history = repo.store.history("model", repo.repo_id, repo.commit)[:MAX_LISTED]
    commits = [{"id": c["id"], "title": c.get("title", ""), "when": when(c.get("date") or c.get("time"))} for c in history]
    done, left_out = request.query_params.get("done"), request.query_params.get("left_out")
    return render(request, "hub_commits.html", title=f"Commits of {repo.repo_id}", commits=commits, done=done, left_out=left_out, **tabs(repo, "commits"))


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
    repo = repo_at(request, param(request, "oid"))
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
        request, "hub_commit.html", title=info.get("title", repo.commit), info=info, when=when(info.get("date") or info.get("time")),
        changes=changes, diff=diff, **tabs(Repo(repo.store, repo.repo_id, "main", repo.commit), "commits"),
    )


@page_route
async def refs_page(request: Request) -> Response:
    repo = repo_at(request, "main")
    refs = repo.store.refs("model", repo.repo_id)
    branches = sorted(refs["branches"].items())
    tags = sorted((name, tag["commit"]) for name, tag in refs["tags"].items())
    return render(request, "hub_refs.html", title=f"Branches and tags of {repo.repo_id}", branches=branches, tags=tags, **tabs(repo, "refs"))


@page_route
async def raw_file(request: Request) -> Response:
    from starlette.responses import FileResponse

    from modelcard.web.files import INLINE, media_type

    repo = repo_at(request)
    path = param(request, "path")
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

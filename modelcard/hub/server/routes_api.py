"""``/api/...`` routes: repositories, card validation, preupload, commits, refs, trees."""

from __future__ import annotations

import base64
import binascii
import json
import shutil
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from modelcard.hub.hashes import git_blob_sha1, lfs_pointer
from modelcard.hub.lfs import lfs_patterns, upload_mode
from modelcard.hub.server.auth import authenticated, require_read, require_write
from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.eval_results import eval_results
from modelcard.hub.server.messages import base_url, body_lines, hub, json_response, param, read_body, read_json
from modelcard.hub.server.store import FileEntry, Operation, StoreError, lfs_entry

PAGE = 50
PLURALS = {"models": "model", "datasets": "dataset", "spaces": "space"}
PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
REPO = "/api/{plural}/{ns}/{name}"


def repo_of(request: Request) -> tuple[str, str]:
    """``(repo_type, repo_id)`` of an ``/api/{plural}/{ns}/{name}/...`` path."""
    repo_type = PLURALS.get(request.path_params["plural"])
    if repo_type is None:
        raise HttpError(404, "Not Found")
    return repo_type, f"{param(request, 'ns')}/{param(request, 'name')}"


def repo_url(request: Request, repo_type: str, repo_id: str) -> str:
    return f"{base_url(request)}/{PREFIX[repo_type]}{repo_id}"


def flag(request: Request, name: str) -> bool:
    return request.query_params.get(name) in ("1", "true", "True")


# -- accounts and repositories -----------------------------------------------------


async def agent_harnesses(request: Request) -> Response:
    """The registry newer clients fetch once a day: an object, never a list."""
    return json_response({"standardEnvVars": [], "harnesses": {}})


async def whoami(request: Request) -> Response:
    require_write(request)
    return json_response({"type": "user", "name": "local", "fullname": "local", "orgs": []})


def _repo_of_body(body: dict[str, Any]) -> tuple[str, str]:
    repo_type = body.get("type") or "model"
    if repo_type not in PREFIX:
        raise HttpError(400, f"invalid repository type `{repo_type}`")
    return repo_type, f"{body.get('organization') or 'local'}/{body.get('name')}"


async def repos_create(request: Request) -> Response:
    require_write(request)
    body = await read_json(request)
    repo_type, repo_id = _repo_of_body(body)
    private = body.get("visibility") == "private" or bool(body.get("private"))
    created = await run_in_threadpool(hub(request).store.create_repo, repo_type, repo_id, private=private)
    url = repo_url(request, repo_type, repo_id)
    if created:
        return json_response({"url": url, "name": repo_id, "id": repo_id})
    return json_response({"error": "You already created this repo", "url": url}, 409)


async def repos_delete(request: Request) -> Response:
    require_write(request)
    repo_type, repo_id = _repo_of_body(await read_json(request))
    store = hub(request).store

    def delete() -> None:
        folder = store.repo_dir(repo_type, repo_id)
        store.refs(repo_type, repo_id)
        # Rename first: the repository disappears at once, the rest is cleanup.
        doomed = store.blobs.new_tmp(".deleted")
        doomed.unlink()
        folder.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    await run_in_threadpool(delete)
    return json_response({})


#: What the Hub warns when a card has no metadata (its words, so clients see the same).
NO_METADATA = "empty or missing yaml metadata in repo card (https://huggingface.co/docs/hub/model-cards#model-card-metadata)"


async def validate_yaml(request: Request) -> Response:
    """Check a card's metadata as the Hub does before a commit: 400 with ``errors`` refuses it.

    Answer: ``{"errors": [{"message"}], "warnings": [{"message"}]}``, 200 when there are no
    errors. Like the Hub, only the metadata is judged (the file and YAML rules, MC0xx, and for
    model cards the metadata rules, MC1xx); the body is the author's business.
    """
    body = await read_json(request)
    content = body.get("content")
    if not isinstance(content, str):
        return json_response({"errors": [{"message": '"content" must be a string'}], "warnings": []}, 400)
    repo_type = body.get("repoType") or "model"
    answer = await run_in_threadpool(_lint_metadata, content, repo_type)
    return json_response(answer, 400 if answer["errors"] else 200)


def _lint_metadata(content: str, repo_type: str) -> dict[str, list[dict[str, str]]]:
    from modelcard.checks import lint, registry
    from modelcard.checks.config import Config, Layer
    from modelcard.diagnostics import Severity

    # The metadata rules only, whatever configuration lies around the server's folder.
    # Bytes, never text: a one-line text naming a file would be read as a path.
    select = ("MC0", "MC1") if repo_type == "model" else ("MC0",)
    diagnostics = lint(content.encode(), config=Config(layers=(Layer(select=select),)), path="README.md")

    def render(d: Any) -> dict[str, str]:
        rule = registry.get(d.code)
        if rule is not None and rule.no_metadata:
            return {"message": NO_METADATA}
        return {"message": f"{d.message} ({d.code} at line {d.location.line}, column {d.location.column})"}

    return {
        "errors": [render(d) for d in diagnostics if d.severity == Severity.ERROR],
        "warnings": [render(d) for d in diagnostics if d.severity != Severity.ERROR],
    }


async def list_repos(request: Request) -> Response:
    """``list_models``/``list_datasets``: ``author`` and ``search`` filters, ``limit``; private ones with the token."""
    repo_type = PLURALS.get(request.path_params["plural"])
    if repo_type is None:
        raise HttpError(404, "Not Found")
    store = hub(request).store
    author = request.query_params.get("author")
    search = (request.query_params.get("search") or "").lower()
    limit = _int_query(request, "limit", 1000)
    allowed = authenticated(request)
    items = []
    for repo_id in store.list_repos(repo_type):
        namespace = repo_id.split("/")[0]
        if (author and namespace != author) or search not in repo_id.lower():
            continue
        private = bool(store.meta(repo_type, repo_id).get("private"))
        if private and not allowed:
            continue
        items.append({"_id": repo_id, "id": repo_id, "modelId": repo_id, "author": namespace, "private": private})
        if len(items) >= limit:
            break
    return json_response(items)


async def auth_check(request: Request) -> Response:
    """``auth_check``: 200 when this client may read the repository (as if it did not exist otherwise)."""
    repo_type, repo_id = repo_of(request)
    require_read(request, repo_type, repo_id)
    return json_response({})


async def repo_info(request: Request) -> Response:
    """``model_info``/``repo_info``: the repository at a revision.

    With ``expand=...`` (repeated, or ``expand[]``), only those properties are
    answered, beside ``_id`` and ``id``, as the Hub does; ``evalResults`` lists
    the results of ``.eval_results/*.yaml``.
    """
    repo_type, repo_id = repo_of(request)
    revision = param(request, "rev") if "rev" in request.path_params else "main"
    store = hub(request).store
    require_read(request, repo_type, repo_id)
    oid = store.resolve(repo_type, repo_id, revision)
    info = store.commit_info(repo_type, repo_id, oid)
    files = store.files(repo_type, repo_id, oid)
    with_blobs = flag(request, "blobs")
    siblings = []
    for path, entry in files.items():
        sibling: dict[str, Any] = {"rfilename": path}
        if with_blobs:
            sibling.update(size=entry.size, blobId=entry.oid)
            if entry.lfs:
                sibling["lfs"] = {"sha256": entry.sha256, "size": entry.size, "pointerSize": _pointer_size(entry)}
        siblings.append(sibling)
    meta = store.meta(repo_type, repo_id)
    answer: dict[str, Any] = {
        "_id": repo_id,
        "id": repo_id,
        "modelId": repo_id,
        "author": repo_id.split("/")[0],
        "sha": oid,
        "lastModified": info["date"],
        "createdAt": meta.get("created"),
        "private": bool(meta.get("private")),
        "disabled": False,
        "gated": False,
        "downloads": 0,
        "likes": 0,
        "tags": [],
        "siblings": siblings,
    }
    expand = request.query_params.getlist("expand") + request.query_params.getlist("expand[]")
    if not expand:
        return json_response(answer)
    if "evalResults" in expand and repo_type == "model":
        answer["evalResults"] = await run_in_threadpool(eval_results, store, files)
    return json_response({k: v for k, v in answer.items() if k in ("_id", "id", *expand)})


# -- uploads -----------------------------------------------------------------------


async def preupload(request: Request) -> Response:
    """Tell regular from LFS files and give the oid of what is already there."""
    require_write(request)
    repo_type, repo_id = repo_of(request)
    revision = param(request, "rev")
    store = hub(request).store
    body = await read_json(request)
    store.refs(repo_type, repo_id)
    if request.query_params.get("create_pr") == "1":
        revision = "main"
    try:
        files = store.files(repo_type, repo_id, store.resolve(repo_type, repo_id, revision))
    except StoreError:
        files = {}
    attributes = files.get(".gitattributes")
    patterns = lfs_patterns(store.blobs.read(attributes.sha256).decode(errors="replace")) if attributes else []
    if isinstance(body.get("gitAttributes"), str):
        patterns = lfs_patterns(body["gitAttributes"])
    answer = []
    for item in body.get("files") or []:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise HttpError(400, "each of `files` needs a `path`")
        path = item["path"]
        try:
            sample = base64.b64decode(item.get("sample") or "")
            size = int(item.get("size") or 0)
        except (binascii.Error, ValueError, TypeError):
            sample, size = b"", 0
        entry = files.get(path)
        out: dict[str, Any] = {"path": path, "uploadMode": upload_mode(path, size, sample, patterns), "shouldIgnore": False}
        if entry is not None:
            out["oid"] = entry.sha256 if entry.lfs else entry.oid
        answer.append(out)
    return json_response({"files": answer})


async def commit(request: Request) -> Response:
    """Apply an NDJSON commit: header, file, lfsFile, deletedFile, deletedFolder.

    Read line by line: a file sent inline is stored as its line arrives, so the
    whole commit is never held in memory.
    """
    require_write(request)
    repo_type, repo_id = repo_of(request)
    revision = param(request, "rev")
    state = hub(request)
    store = state.store
    store.refs(repo_type, repo_id)
    header: dict[str, Any] = {}
    operations: list[Operation] = []
    limits = state.limits
    async for line in body_lines(request, limits.commit_line, limits.commit_body, limits.commit_lines):
        try:
            item = json.loads(line)
            key, value = item["key"], item["value"]
            if not isinstance(value, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise HttpError(400, "malformed commit payload: expected one JSON object per line") from None
        if key == "header":
            header = value
            continue
        path = value.get("path")
        if not isinstance(path, str):
            raise HttpError(400, f"`{key}` without a `path`")
        if key == "file":
            data = _decode_content(value)
            sha = await run_in_threadpool(store.blobs.put_bytes, data)
            operations.append(Operation("file", path, FileEntry(sha, len(data), git_blob_sha1(data), False)))
        elif key == "lfsFile":
            oid = str(value.get("oid", ""))
            size = value.get("size")
            if size is None:
                size = store.blobs.size(oid)
            if not isinstance(size, int):
                raise HttpError(400, f"`{path}`: no uploaded object with oid `{oid}`")
            operations.append(Operation("lfsFile", path, lfs_entry(oid, size)))
        elif key in ("deletedFile", "deletedFolder"):
            operations.append(Operation(key, path))
        else:
            raise HttpError(400, f"unknown commit operation `{key}`")
    summary = header.get("summary") or ""
    if not isinstance(summary, str) or not summary:
        raise HttpError(400, "commit summary is empty")
    create_pr = request.query_params.get("create_pr") == "1"
    description = header.get("description") or ""
    parent = header.get("parentCommit")
    oid, pr_num = await run_in_threadpool(
        lambda: store.commit(
            repo_type,
            repo_id,
            branch=revision,
            operations=operations,
            summary=summary,
            description=str(description),
            parent=parent if isinstance(parent, str) else None,
            create_pr=create_pr,
        )
    )
    url = repo_url(request, repo_type, repo_id)
    answer: dict[str, Any] = {"commitOid": oid, "commitUrl": f"{url}/commit/{oid}", "success": True}
    if pr_num is not None:
        answer["pullRequestUrl"] = f"{url}/discussions/{pr_num}"
    return json_response(answer)


# -- refs --------------------------------------------------------------------------


async def refs(request: Request) -> Response:
    repo_type, repo_id = repo_of(request)
    require_read(request, repo_type, repo_id)
    current = hub(request).store.refs(repo_type, repo_id)
    return json_response(
        {
            "branches": [
                {"name": n, "ref": f"refs/heads/{n}", "targetCommit": c} for n, c in sorted(current["branches"].items())
            ],
            "tags": [
                {"name": n, "ref": f"refs/tags/{n}", "targetCommit": t["commit"]} for n, t in sorted(current["tags"].items())
            ],
            "converts": [],
            "pullRequests": [
                {"name": f"refs/pr/{n}", "ref": f"refs/pr/{n}", "targetCommit": c}
                for n, c in sorted(current["pulls"].items(), key=lambda nc: int(nc[0]))
            ],
        }
    )


async def branch_create(request: Request) -> Response:
    require_write(request)
    repo_type, repo_id = repo_of(request)
    body = await read_json(request)
    start = body.get("startingPoint")
    await run_in_threadpool(
        hub(request).store.create_branch, repo_type, repo_id, param(request, "ref"), start if isinstance(start, str) else None
    )
    return json_response({})


async def branch_delete(request: Request) -> Response:
    require_write(request)
    repo_type, repo_id = repo_of(request)
    await run_in_threadpool(hub(request).store.delete_branch, repo_type, repo_id, param(request, "ref"))
    return json_response({})


async def tag_create(request: Request) -> Response:
    require_write(request)
    repo_type, repo_id = repo_of(request)
    body = await read_json(request)
    tag, message = body.get("tag"), body.get("message") or ""
    if not tag or not isinstance(tag, str):
        raise HttpError(400, "`tag` is required")
    await run_in_threadpool(hub(request).store.create_tag, repo_type, repo_id, tag, param(request, "ref"), str(message))
    return json_response({})


async def tag_delete(request: Request) -> Response:
    require_write(request)
    repo_type, repo_id = repo_of(request)
    await run_in_threadpool(hub(request).store.delete_tag, repo_type, repo_id, param(request, "ref"))
    return json_response({})


# -- history and trees -------------------------------------------------------------


def _int_query(request: Request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not value.isdigit():
        raise HttpError(400, f"`{name}` must be a non-negative integer")
    return int(value)


async def commits(request: Request) -> Response:
    repo_type, repo_id = repo_of(request)
    store = hub(request).store
    require_read(request, repo_type, repo_id)
    history = store.history(repo_type, repo_id, store.resolve(repo_type, repo_id, param(request, "rev")))
    page = _int_query(request, "p", 0)
    limit = max(1, min(_int_query(request, "limit", PAGE), 1000))
    items = [
        {
            "id": c["id"],
            "title": c["title"],
            "message": c["message"],
            "date": c["date"],
            "authors": [{"user": a} for a in c["authors"]],
        }
        for c in history[page * limit : (page + 1) * limit]
    ]
    headers = {"X-Total-Count": str(len(history))}
    if (page + 1) * limit < len(history):
        path = request.scope.get("raw_path", b"").decode("ascii", "replace")
        headers["Link"] = f'<{base_url(request)}{path}?p={page + 1}&limit={limit}>; rel="next"'
    return json_response(items, headers=headers)


async def tree(request: Request) -> Response:
    repo_type, repo_id = repo_of(request)
    revision = param(request, "rev")
    path = param(request, "path") if "path" in request.path_params else ""
    store = hub(request).store
    require_read(request, repo_type, repo_id)
    files = store.files(repo_type, repo_id, store.resolve(repo_type, repo_id, revision))
    recursive = flag(request, "recursive")
    prefix = path.strip("/") + "/" if path.strip("/") else ""
    items: dict[str, dict[str, Any]] = {}
    for file_path, entry in files.items():
        if not file_path.startswith(prefix):
            continue
        rest = file_path[len(prefix) :].split("/")
        depth = len(rest) if recursive else 1
        for i in range(1, min(depth, len(rest) - 1) + 1):
            folder = prefix + "/".join(rest[:i])
            items.setdefault(folder, {"type": "directory", "oid": git_blob_sha1(folder.encode()), "size": 0, "path": folder})
        if recursive or len(rest) == 1:
            items[file_path] = _file_item(file_path, entry)
    if prefix and not items:
        raise HttpError(404, f"`{path}` does not exist at `{revision}`", "EntryNotFound")
    return json_response([items[k] for k in sorted(items)])


async def paths_info(request: Request) -> Response:
    repo_type, repo_id = repo_of(request)
    store = hub(request).store
    require_read(request, repo_type, repo_id)
    raw = await read_body(request)
    try:
        if request.headers.get("content-type", "").startswith("application/json"):
            paths = json.loads(raw or b"{}").get("paths", [])
        else:
            paths = parse_qs(raw.decode()).get("paths", [])
    except (ValueError, AttributeError):
        raise HttpError(400, "expected `paths` as JSON or a form") from None
    files = store.files(repo_type, repo_id, store.resolve(repo_type, repo_id, param(request, "rev")))
    out = []
    for p in paths if isinstance(paths, list) else []:
        p = str(p).strip("/")
        if p in files:
            out.append(_file_item(p, files[p]))
        elif any(f.startswith(p + "/") for f in files):
            out.append({"type": "directory", "oid": git_blob_sha1(p.encode()), "path": p})
    return json_response(out)


async def no_xet(request: Request) -> Response:
    raise HttpError(404, "this server does not speak Xet: upload large files with Git LFS")


def _pointer_size(entry: FileEntry) -> int:
    return len(lfs_pointer(entry.sha256, entry.size))


def _file_item(path: str, entry: FileEntry) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "file", "oid": entry.oid, "size": entry.size, "path": path}
    if entry.lfs:
        item["lfs"] = {"oid": entry.sha256, "size": entry.size, "pointerSize": _pointer_size(entry)}
    return item


def _decode_content(value: dict[str, Any]) -> bytes:
    content = value.get("content", "")
    if value.get("encoding", "base64") != "base64":
        return str(content).encode()
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise HttpError(400, f"`{value.get('path')}`: content is not valid base64") from None


ROUTES = [
    Route("/api/agent-harnesses", agent_harnesses, methods=["GET"]),
    Route("/api/whoami-v2", whoami, methods=["GET"]),
    Route("/api/validate-yaml", validate_yaml, methods=["POST"]),
    Route("/api/repos/create", repos_create, methods=["POST"]),
    Route("/api/repos/delete", repos_delete, methods=["DELETE"]),
    Route("/api/{plural}", list_repos, methods=["GET"]),
    Route(REPO, repo_info, methods=["GET"]),
    Route(REPO + "/auth-check", auth_check, methods=["GET"]),
    Route(REPO + "/revision/{rev:path}", repo_info, methods=["GET"]),
    Route(REPO + "/preupload/{rev:path}", preupload, methods=["POST"]),
    Route(REPO + "/commit/{rev:path}", commit, methods=["POST"]),
    Route(REPO + "/commits/{rev:path}", commits, methods=["GET"]),
    Route(REPO + "/refs", refs, methods=["GET"]),
    Route(REPO + "/branch/{ref:path}", branch_create, methods=["POST"]),
    Route(REPO + "/branch/{ref:path}", branch_delete, methods=["DELETE"]),
    Route(REPO + "/tag/{ref:path}", tag_create, methods=["POST"]),
    Route(REPO + "/tag/{ref:path}", tag_delete, methods=["DELETE"]),
    Route(REPO + "/tree/{rev}", tree, methods=["GET"]),
    Route(REPO + "/tree/{rev}/{path:path}", tree, methods=["GET"]),
    Route(REPO + "/paths-info/{rev:path}", paths_info, methods=["POST"]),
    Route(REPO + "/xet-write-token/{rev:path}", no_xet, methods=["GET"]),
    Route(REPO + "/xet-read-token/{rev:path}", no_xet, methods=["GET"]),
]

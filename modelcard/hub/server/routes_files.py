"""``/{repo}/resolve/{rev}/{path}``: file downloads with the headers the client reads."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from modelcard.hub.server.auth import require_read
from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.messages import content_disposition, hub, param

TYPES = {"datasets": "dataset", "spaces": "space"}


async def resolve(request: Request) -> Response:
    """Serve a file directly (200, never a redirect), ranges included.

    Every answer, errors too, carries ``X-Repo-Commit`` once the revision is
    known, and an ETag: the sha256 for LFS files, the git blob id otherwise.
    The file name travels in ``Content-Disposition`` as RFC 5987 ``filename*``
    (any Unicode name) with an ASCII fallback; nothing of it reaches a header raw.
    """
    plural = request.path_params.get("plural")
    repo_type = TYPES.get(plural, "") if plural else "model"
    if not repo_type:
        raise HttpError(404, "Not Found")
    repo_id = f"{param(request, 'ns')}/{param(request, 'name')}"
    revision, path = param(request, "rev"), param(request, "path")
    store = hub(request).store
    require_read(request, repo_type, repo_id)
    oid = store.resolve(repo_type, repo_id, revision)
    entry = store.files(repo_type, repo_id, oid).get(path)
    if entry is None:
        raise HttpError(404, f"Entry not found: `{path}` at `{revision}`", "EntryNotFound", headers={"X-Repo-Commit": oid})
    etag = f'"{entry.sha256 if entry.lfs else entry.oid}"'
    headers = {
        "X-Repo-Commit": oid,
        "ETag": etag,
        "X-Linked-Etag": etag,
        "X-Linked-Size": str(entry.size),
        "Content-Disposition": content_disposition(path.rsplit("/", 1)[-1]),
    }
    return FileResponse(store.blobs.path(entry.sha256), headers=headers, media_type="application/octet-stream")


ROUTES = [
    Route("/{plural}/{ns}/{name}/resolve/{rev}/{path:path}", resolve, methods=["GET", "HEAD"]),
    Route("/{ns}/{name}/resolve/{rev}/{path:path}", resolve, methods=["GET", "HEAD"]),
]

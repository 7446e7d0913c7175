"""``/{repo}/resolve/{rev}/{path}``: file downloads with the headers the client reads."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from modelcard.hub.server.errors import HttpError

if TYPE_CHECKING:
    from modelcard.hub.server.app import Handler

    _Base = Handler
else:
    _Base = object

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class FileRoutes(_Base):
    def route_resolve(self, repo_type: str, repo_id: str, revision: str, path: str) -> None:
        """Serve a file directly (200, never a redirect), ranges included.

        Every answer, errors too, carries ``X-Repo-Commit`` once the revision
        is known, and an ETag: the sha256 for LFS files, the git blob id otherwise.
        """
        store = self.server.store
        self.require_read(repo_type, repo_id)
        oid = store.resolve(repo_type, repo_id, revision)
        entry = store.files(repo_type, repo_id, oid).get(path)
        if entry is None:
            raise HttpError(
                404, f"Entry not found: `{path}` at `{revision}`", "EntryNotFound", headers={"X-Repo-Commit": oid}
            )
        etag = f'"{entry.sha256 if entry.lfs else entry.oid}"'
        headers = {
            "X-Repo-Commit": oid,
            "ETag": etag,
            "X-Linked-Etag": etag,
            "X-Linked-Size": str(entry.size),
            "Accept-Ranges": "bytes",
            "Content-Disposition": f'attachment; filename="{os.path.basename(path)}"',
        }
        start, end = 0, entry.size
        status = 200
        requested = self.headers.get("Range")
        if requested and entry.size:
            match = RANGE.match(requested.strip())
            if not match or (not match.group(1) and not match.group(2)):
                raise HttpError(416, "invalid range", headers={"Content-Range": f"bytes */{entry.size}", **headers})
            if match.group(1):
                start = int(match.group(1))
                end = min(int(match.group(2)) + 1, entry.size) if match.group(2) else entry.size
            else:
                start = max(0, entry.size - int(match.group(2)))
            if start >= entry.size or start >= end:
                raise HttpError(416, "range not satisfiable", headers={"Content-Range": f"bytes */{entry.size}", **headers})
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{entry.size}"
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        with open(store.blobs.path(entry.sha256), "rb") as f:
            self.wfile.flush()
            self.connection.sendfile(f, start, end - start)

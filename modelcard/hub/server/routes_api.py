"""``/api/...`` routes: repositories, card validation, preupload, commits, refs, trees."""

from __future__ import annotations

import base64
import binascii
import json
import shutil
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from modelcard.hub.modes import lfs_patterns, upload_mode
from modelcard.hub.server.files import git_blob_sha1, lfs_pointer
from modelcard.hub.server.store import FileEntry, Operation, StoreError, lfs_entry

from modelcard.hub.server.errors import HttpError

if TYPE_CHECKING:
    from modelcard.hub.server.app import Handler

    _Base = Handler
else:
    _Base = object

PAGE = 50
PLURALS = {"models": "model", "datasets": "dataset", "spaces": "space"}
PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}


class ApiRoutes(_Base):
    def route_table_api(self, method: str, seg: list[str]) -> tuple[str, dict[str, Any]]:
        simple = {
            ("GET", "agent-harnesses"): "agent_harnesses",
            ("GET", "whoami-v2"): "whoami",
            ("POST", "validate-yaml"): "validate_yaml",
        }
        if len(seg) == 1 and (method, seg[0]) in simple:
            return simple[(method, seg[0])], {}
        if seg[:2] == ["repos", "create"] and method == "POST":
            return "repos_create", {}
        if seg[:2] == ["repos", "delete"] and method == "DELETE":
            return "repos_delete", {}
        if len(seg) >= 3 and seg[0] in PLURALS:
            repo = {"repo_type": PLURALS[seg[0]], "repo_id": f"{seg[1]}/{seg[2]}"}
            rest = seg[3:]
            head = rest[0] if rest else ""
            tail = "/".join(rest[1:])
            table = {
                ("GET", ""): ("repo_info", {"revision": "main"}),
                ("GET", "revision"): ("repo_info", {"revision": tail}),
                ("POST", "preupload"): ("preupload", {"revision": tail}),
                ("POST", "commit"): ("commit", {"revision": tail}),
                ("GET", "commits"): ("commits", {"revision": tail}),
                ("GET", "refs"): ("refs", {}),
                ("POST", "branch"): ("branch_create", {"name": tail}),
                ("DELETE", "branch"): ("branch_delete", {"name": tail}),
                ("POST", "tag"): ("tag_create", {"revision": tail}),
                ("DELETE", "tag"): ("tag_delete", {"name": tail}),
            }
            if (method, head) in table:
                name, kwargs = table[(method, head)]
                return name, {**repo, **kwargs}
            if method == "GET" and head == "tree" and len(rest) >= 2:
                return "tree", {**repo, "revision": rest[1], "path": "/".join(rest[2:])}
            if method == "POST" and head == "paths-info" and len(rest) >= 2:
                return "paths_info", {**repo, "revision": "/".join(rest[1:])}
            if head in ("xet-write-token", "xet-read-token"):
                raise HttpError(404, "this server does not speak Xet: upload large files with Git LFS")
        raise HttpError(404, "Not Found")

    # -- accounts and repositories ----------------------------------------------

    def route_agent_harnesses(self) -> None:
        """The registry newer clients fetch once a day: an object, never a list."""
        self.send_json(200, {"standardEnvVars": [], "harnesses": {}})

    def route_whoami(self) -> None:
        self.require_write()
        self.send_json(200, {"type": "user", "name": "local", "fullname": "local", "orgs": []})

    def repo_url(self, repo_type: str, repo_id: str) -> str:
        return f"{self.base_url()}/{PREFIX[repo_type]}{repo_id}"

    def route_repos_create(self) -> None:
        self.require_write()
        body = self.read_json()
        repo_type = body.get("type") or "model"
        repo_id = f"{body.get('organization') or 'local'}/{body.get('name')}"
        private = body.get("visibility") == "private" or bool(body.get("private"))
        created = self.server.store.create_repo(repo_type, repo_id, private=private)
        url = self.repo_url(repo_type, repo_id)
        if created:
            self.send_json(200, {"url": url, "name": repo_id, "id": repo_id})
        else:
            self.send_json(409, {"error": "You already created this repo", "url": url})

    def route_repos_delete(self) -> None:
        self.require_write()
        body = self.read_json()
        repo_type = body.get("type") or "model"
        repo_id = f"{body.get('organization') or 'local'}/{body.get('name')}"
        store = self.server.store
        folder = store.repo_dir(repo_type, repo_id)
        store.refs(repo_type, repo_id)
        # Rename first: the repository disappears at once, the rest is cleanup.
        doomed = store.blobs.new_tmp(".deleted")
        doomed.unlink()
        folder.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)
        self.send_json(200, {})

    def route_validate_yaml(self) -> None:
        """Lint a card with the project's own rules; errors refuse it (400)."""
        from modelcard.checks import lint
        from modelcard.checks.config import Config
        from modelcard.diagnostics import Severity

        body = self.read_json()
        content = body.get("content")
        if not isinstance(content, str):
            self.send_json(400, {"errors": [{"message": "`content` must be a string"}], "warnings": []})
            return
        # Bytes, never text: a one-line text naming a file would be read as a path.
        # The default rules, whatever configuration lies around the server's folder.
        diagnostics = lint(content.encode(), config=Config(), path="README.md")
        errors = [d for d in diagnostics if d.severity == Severity.ERROR]
        warnings = [d for d in diagnostics if d.severity != Severity.ERROR]

        def render(d: Any) -> dict[str, str]:
            return {"message": f"{d.location.line}:{d.location.column}: {d.code} {d.message}"}

        answer = {"errors": [render(d) for d in errors], "warnings": [render(d) for d in warnings]}
        self.send_json(400 if errors else 200, answer)

    def route_repo_info(self, repo_type: str, repo_id: str, revision: str) -> None:
        store = self.server.store
        self.require_read(repo_type, repo_id)
        oid = store.resolve(repo_type, repo_id, revision)
        info = store.commit_info(repo_type, repo_id, oid)
        files = store.files(repo_type, repo_id, oid)
        with_blobs = self.query.get("blobs") in ("1", "true", "True")
        siblings = []
        for path, entry in files.items():
            sibling: dict[str, Any] = {"rfilename": path}
            if with_blobs:
                sibling.update(size=entry.size, blobId=entry.oid)
                if entry.lfs:
                    sibling["lfs"] = {"sha256": entry.sha256, "size": entry.size, "pointerSize": _pointer_size(entry)}
            siblings.append(sibling)
        meta = store.meta(repo_type, repo_id)
        self.send_json(
            200,
            {
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
            },
        )

    # -- uploads ------------------------------------------------------------

    def route_preupload(self, repo_type: str, repo_id: str, revision: str) -> None:
        """Tell regular from LFS files and give the oid of what is already there."""
        self.require_write()
        store = self.server.store
        body = self.read_json()
        store.refs(repo_type, repo_id)
        if self.query.get("create_pr") == "1":
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
        for item in body.get("files", []):
            path = item["path"]
            try:
                sample = base64.b64decode(item.get("sample", ""))
            except (binascii.Error, ValueError):
                sample = b""
            mode = upload_mode(path, int(item.get("size", 0)), sample, patterns)
            entry = files.get(path)
            out: dict[str, Any] = {"path": path, "uploadMode": mode, "shouldIgnore": False}
            if entry is not None:
                out["oid"] = entry.sha256 if entry.lfs else entry.oid
            answer.append(out)
        self.send_json(200, {"files": answer})

    def route_commit(self, repo_type: str, repo_id: str, revision: str) -> None:
        """Apply an NDJSON commit: header, file, lfsFile, deletedFile, deletedFolder."""
        self.require_write()
        store = self.server.store
        store.refs(repo_type, repo_id)
        header: dict[str, Any] = {}
        operations: list[Operation] = []
        for line in self.read_body().splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                key, value = item["key"], item["value"]
            except (ValueError, KeyError, TypeError):
                raise HttpError(400, "malformed commit payload: expected one JSON object per line") from None
            if key == "header":
                header = value
            elif key == "file":
                data = _decode_content(value)
                sha = store.blobs.put_bytes(data)
                operations.append(Operation("file", value["path"], FileEntry(sha, len(data), git_blob_sha1(data), False)))
            elif key == "lfsFile":
                oid = str(value.get("oid", ""))
                size = value.get("size")
                if size is None:
                    size = store.blobs.size(oid)
                if size is None:
                    raise HttpError(400, f"`{value.get('path')}`: no uploaded object with oid `{oid}`")
                operations.append(Operation("lfsFile", value["path"], lfs_entry(oid, int(size))))
            elif key in ("deletedFile", "deletedFolder"):
                operations.append(Operation(key, value["path"]))
            else:
                raise HttpError(400, f"unknown commit operation `{key}`")
        summary = header.get("summary") or ""
        if not summary:
            raise HttpError(400, "commit summary is empty")
        create_pr = self.query.get("create_pr") == "1"
        oid, pr_num = store.commit(
            repo_type,
            repo_id,
            branch=revision,
            operations=operations,
            summary=summary,
            description=header.get("description") or "",
            parent=header.get("parentCommit"),
            create_pr=create_pr,
        )
        url = self.repo_url(repo_type, repo_id)
        answer: dict[str, Any] = {"commitOid": oid, "commitUrl": f"{url}/commit/{oid}", "success": True}
        if pr_num is not None:
            answer["pullRequestUrl"] = f"{url}/discussions/{pr_num}"
        self.send_json(200, answer)

    # -- refs ---------------------------------------------------------------

    def route_refs(self, repo_type: str, repo_id: str) -> None:
        self.require_read(repo_type, repo_id)
        refs = self.server.store.refs(repo_type, repo_id)
        self.send_json(
            200,
            {
                "branches": [
                    {"name": n, "ref": f"refs/heads/{n}", "targetCommit": c} for n, c in sorted(refs["branches"].items())
                ],
                "tags": [
                    {"name": n, "ref": f"refs/tags/{n}", "targetCommit": t["commit"]}
                    for n, t in sorted(refs["tags"].items())
                ],
                "converts": [],
                "pullRequests": [
                    {"name": f"refs/pr/{n}", "ref": f"refs/pr/{n}", "targetCommit": c}
                    for n, c in sorted(refs["pulls"].items(), key=lambda nc: int(nc[0]))
                ],
            },
        )

    def route_branch_create(self, repo_type: str, repo_id: str, name: str) -> None:
        self.require_write()
        body = self.read_json()
        self.server.store.create_branch(repo_type, repo_id, name, body.get("startingPoint"))
        self.send_json(200, {})

    def route_branch_delete(self, repo_type: str, repo_id: str, name: str) -> None:
        self.require_write()
        self.server.store.delete_branch(repo_type, repo_id, name)
        self.send_json(200, {})

    def route_tag_create(self, repo_type: str, repo_id: str, revision: str) -> None:
        self.require_write()
        body = self.read_json()
        if not body.get("tag"):
            raise HttpError(400, "`tag` is required")
        self.server.store.create_tag(repo_type, repo_id, body["tag"], revision, body.get("message") or "")
        self.send_json(200, {})

    def route_tag_delete(self, repo_type: str, repo_id: str, name: str) -> None:
        self.require_write()
        self.server.store.delete_tag(repo_type, repo_id, name)
        self.send_json(200, {})

    # -- history and trees --------------------------------------------------------

    def route_commits(self, repo_type: str, repo_id: str, revision: str) -> None:
        store = self.server.store
        self.require_read(repo_type, repo_id)
        history = store.history(repo_type, repo_id, store.resolve(repo_type, repo_id, revision))
        page = int(self.query.get("p", 0))
        limit = max(1, min(int(self.query.get("limit", PAGE)), 1000))
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
        headers = {}
        if (page + 1) * limit < len(history):
            path = self.path.split("?")[0]
            headers["Link"] = f'<{self.base_url()}{path}?p={page + 1}&limit={limit}>; rel="next"'
        headers["X-Total-Count"] = str(len(history))
        self.send_json(200, items, headers)

    def route_tree(self, repo_type: str, repo_id: str, revision: str, path: str) -> None:
        store = self.server.store
        self.require_read(repo_type, repo_id)
        oid = store.resolve(repo_type, repo_id, revision)
        files = store.files(repo_type, repo_id, oid)
        recursive = self.query.get("recursive") in ("1", "true", "True")
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
        self.send_json(200, [items[k] for k in sorted(items)])

    def route_paths_info(self, repo_type: str, repo_id: str, revision: str) -> None:
        store = self.server.store
        self.require_read(repo_type, repo_id)
        raw = self.read_body()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            paths = json.loads(raw or b"{}").get("paths", [])
        else:
            paths = parse_qs(raw.decode()).get("paths", [])
        files = store.files(repo_type, repo_id, store.resolve(repo_type, repo_id, revision))
        out = []
        for p in paths:
            p = p.strip("/")
            if p in files:
                out.append(_file_item(p, files[p]))
            elif any(f.startswith(p + "/") for f in files):
                out.append({"type": "directory", "oid": git_blob_sha1(p.encode()), "path": p})
        self.send_json(200, out)


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
    except (binascii.Error, ValueError):
        raise HttpError(400, f"`{value.get('path')}`: content is not valid base64") from None


"""Durable repository storage: blobs, immutable commit snapshots and refs.

Layout under the root folder::

    blobs/ab/cd/<sha256>                 file contents, named by their sha256
    tmp/                                 uploads in flight (emptied at start)
    **/.tmp-*                            atomic writes in flight (stale ones removed at start)
    secret                               key that signs upload URLs
    repos/<type>/<ns>/<name>/repo.json   visibility
    repos/<type>/<ns>/<name>/commits/<id>.json   one snapshot per commit
    repos/<type>/<ns>/<name>/refs.json   branches, tags, pull requests
    repos/<type>/<ns>/<name>/objects/<sha256>    large files uploaded to this repository

Write order makes a crash harmless: blobs before the commit that names them,
the commit before the refs that point at it, each file written to a
temporary name, fsynced and renamed. Refs change only under a lock shared by
threads and processes, and a commit made against a stale parent is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelcard.hub.hashes import git_blob_sha1, lfs_pointer
from modelcard.hub.lfs import GITATTRIBUTES
from modelcard.hub.names import InvalidName, check_ref_name, check_repo_id, check_repo_path
from modelcard.hub.server.blobs import BlobStore
from modelcard.hub.server.files import file_lock, read_json, write_atomic, write_json

REPO_TYPES = ("model", "dataset", "space")
COMMIT_ID = re.compile(r"^[0-9a-f]{40}\Z")
SHORT_ID = re.compile(r"^[0-9a-f]{7,39}\Z")
#: Temporary files of atomic writes older than this are left by a crash (a write takes milliseconds).
STALE_TMP_SECONDS = 60
STALE_PARENT = "A commit has happened since. Please refresh and try again."


class StoreError(Exception):
    """A request the store refuses; ``status`` and ``code`` map to the HTTP answer."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass(frozen=True)
class FileEntry:
    """A file of a snapshot. ``oid`` is the git blob id (of the pointer for LFS files)."""

    sha256: str
    size: int
    oid: str
    lfs: bool

    def to_json(self) -> list[Any]:
        return [self.sha256, self.size, self.oid, self.lfs]

    @classmethod
    def from_json(cls, value: list[Any]) -> FileEntry:
        return cls(value[0], value[1], value[2], value[3])


@dataclass(frozen=True)
class Operation:
    """One line of a commit: ``kind`` is file, lfsFile, deletedFile or deletedFolder."""

    kind: str
    path: str
    entry: FileEntry | None = None


def check_path(path: str) -> str:
    try:
        return check_repo_path(path)
    except InvalidName as e:
        raise StoreError(400, str(e)) from None


class Store:
    """All repositories under one root folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(self.root / "blobs")
        self.blobs.clean_tmp()
        self.clean_stale_writes()
        secret_path = self.root / "secret"
        if not secret_path.exists():
            write_atomic(secret_path, secrets.token_hex(32).encode())
            secret_path.chmod(0o600)
        self.secret = secret_path.read_bytes()

    def clean_stale_writes(self) -> int:
        """Remove the ``.tmp-*`` files that atomic writes interrupted by a crash left; return how many.

        Only files older than a minute: another process serving the same root may be writing one now.
        """
        count = 0
        cutoff = time.time() - STALE_TMP_SECONDS
        for path in [*self.root.glob(".tmp-*"), *(self.root / "repos").rglob(".tmp-*")]:
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    count += 1
        return count

    # -- repositories -------------------------------------------------------

    def repo_dir(self, repo_type: str, repo_id: str) -> Path:
        if repo_type not in REPO_TYPES:
            raise StoreError(400, f"invalid repository type `{repo_type}`")
        try:
            namespace, name = check_repo_id(repo_id).split("/")
        except InvalidName as e:
            raise StoreError(400, str(e)) from None
        return self.root / "repos" / repo_type / namespace / name

    def exists(self, repo_type: str, repo_id: str) -> bool:
        return (self.repo_dir(repo_type, repo_id) / "refs.json").exists()

    def meta(self, repo_type: str, repo_id: str) -> dict[str, Any]:
        path = self.repo_dir(repo_type, repo_id) / "repo.json"
        if not (path.parent / "refs.json").exists():
            raise StoreError(404, f"Repository `{repo_id}` not found", "RepoNotFound")
        return read_json(path)

    def create_repo(self, repo_type: str, repo_id: str, *, private: bool = False) -> bool:
        """Create a repository with an initial commit on ``main``; False if it exists."""
        folder = self.repo_dir(repo_type, repo_id)
        with file_lock(folder / "lock"):
            if (folder / "refs.json").exists():
                return False
            write_json(folder / "repo.json", {"private": private, "created": _now()})
            data = GITATTRIBUTES.encode()
            sha = self.blobs.put_bytes(data)
            files = {".gitattributes": FileEntry(sha, len(data), git_blob_sha1(data), False)}
            oid = self._write_commit(folder, [], files, "initial commit", "", repo_id.split("/")[0])
            write_json(folder / "refs.json", {"branches": {"main": oid}, "tags": {}, "pulls": {}})
        return True

    def list_repos(self, repo_type: str) -> list[str]:
        base = self.root / "repos" / repo_type
        if not base.is_dir():
            return []
        return sorted(
            f"{ns.name}/{name.name}" for ns in base.iterdir() for name in ns.iterdir() if (name / "refs.json").exists()
        )

    # -- reading ------------------------------------------------------------

    def refs(self, repo_type: str, repo_id: str) -> dict[str, Any]:
        path = self.repo_dir(repo_type, repo_id) / "refs.json"
        if not path.exists():
            raise StoreError(404, f"Repository `{repo_id}` not found", "RepoNotFound")
        return read_json(path)

    def resolve(self, repo_type: str, repo_id: str, revision: str) -> str:
        """The commit id a revision names: branch, then tag, then (short) commit id."""
        refs = self.refs(repo_type, repo_id)
        name = revision
        if name.startswith("refs/heads/"):
            name = name[len("refs/heads/") :]
        elif name.startswith("refs/tags/"):
            tag = refs["tags"].get(name[len("refs/tags/") :])
            if tag:
                return tag["commit"]
        elif name.startswith("refs/pr/"):
            pull = refs["pulls"].get(name[len("refs/pr/") :])
            if pull:
                return pull
        if name in refs["branches"]:
            return refs["branches"][name]
        if name in refs["tags"]:
            return refs["tags"][name]["commit"]
        commits = self.repo_dir(repo_type, repo_id) / "commits"
        if COMMIT_ID.match(name) and (commits / f"{name}.json").exists():
            return name
        if SHORT_ID.match(name):
            found = [p.stem for p in commits.glob(f"{name}*.json")]
            if len(found) == 1:
                return found[0]
        raise StoreError(404, f"Invalid rev id: {revision}", "RevisionNotFound")

    def commit_info(self, repo_type: str, repo_id: str, oid: str) -> dict[str, Any]:
        return read_json(self.repo_dir(repo_type, repo_id) / "commits" / f"{oid}.json")

    def files(self, repo_type: str, repo_id: str, oid: str) -> dict[str, FileEntry]:
        info = self.commit_info(repo_type, repo_id, oid)
        return {path: FileEntry.from_json(v) for path, v in info["files"].items()}

    def history(self, repo_type: str, repo_id: str, oid: str) -> list[dict[str, Any]]:
        """Commits reachable from ``oid`` following first parents, newest first."""
        out = []
        current: str | None = oid
        while current:
            info = self.commit_info(repo_type, repo_id, current)
            out.append(info)
            current = info["parents"][0] if info["parents"] else None
        return out

    # -- large-file objects of a repository ------------------------------------

    def grant(self, repo_type: str, repo_id: str, sha256: str) -> None:
        """Record that ``sha256`` was uploaded to this repository (blobs are shared, access is not)."""
        marker = self.repo_dir(repo_type, repo_id) / "objects" / sha256
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()

    def holds(self, repo_type: str, repo_id: str, sha256: str) -> bool:
        """Whether this repository may use the large-file object ``sha256``: uploaded to it, or
        in a file of one of its branches or tags. Another repository's objects are not its own,
        so their existence is never revealed and their content never reachable from here."""
        folder = self.repo_dir(repo_type, repo_id)
        if (folder / "objects" / sha256).exists():
            return True
        refs = self.refs(repo_type, repo_id)
        heads = {*refs["branches"].values(), *(t["commit"] for t in refs["tags"].values()), *refs["pulls"].values()}
        return any(
            e.lfs and e.sha256 == sha256 for head in heads for e in self.files(repo_type, repo_id, head).values()
        )

    # -- writing ------------------------------------------------------------

    def commit(
        self,
        repo_type: str,
        repo_id: str,
        *,
        branch: str,
        operations: list[Operation],
        summary: str,
        description: str = "",
        parent: str | None = None,
        create_pr: bool = False,
    ) -> tuple[str, int | None]:
        """Apply ``operations`` on top of ``branch`` as one new commit.

        Returns:
            The new commit id and, with ``create_pr``, the pull request number.

        Raises:
            StoreError: 404 unknown branch or file, 412 stale ``parent``, 400 missing blob.
        """
        for op in operations:
            check_path(op.path.rstrip("/") if op.kind == "deletedFolder" else op.path)
            if op.entry is not None and (
                self.blobs.size(op.entry.sha256) != op.entry.size
                or (op.entry.lfs and not self.holds(repo_type, repo_id, op.entry.sha256))
            ):
                raise StoreError(
                    400,
                    f"`{op.path}`: no uploaded object with oid `{op.entry.sha256}` and size {op.entry.size}",
                )
        with self._changing_refs(repo_type, repo_id) as refs:
            head = (parent if create_pr else None) or refs["branches"].get(branch)
            if head is None:
                raise StoreError(404, f"Invalid rev id: {branch}", "RevisionNotFound")
            if not create_pr and parent is not None and parent != head:
                raise StoreError(412, STALE_PARENT)
            files = dict(self.files(repo_type, repo_id, head))
            for op in operations:
                _apply(files, op)
            author = repo_id.split("/")[0]
            oid = self._write_commit(self.repo_dir(repo_type, repo_id), [head], files, summary, description, author)
            pr_num = None
            if create_pr:
                pr_num = max((int(n) for n in refs["pulls"]), default=0) + 1
                refs["pulls"][str(pr_num)] = oid
            else:
                refs["branches"][branch] = oid
        return oid, pr_num

    def create_branch(self, repo_type: str, repo_id: str, name: str, starting_point: str | None) -> str:
        _check_ref_name(name, "branch")
        with self._changing_refs(repo_type, repo_id) as refs:
            if name in refs["branches"]:
                raise StoreError(409, f"Reference already exists: refs/heads/{name}")
            oid = self.resolve(repo_type, repo_id, starting_point or "main")
            refs["branches"][name] = oid
        return oid

    def delete_branch(self, repo_type: str, repo_id: str, name: str) -> None:
        with self._changing_refs(repo_type, repo_id) as refs:
            if name not in refs["branches"]:
                raise StoreError(404, f"Invalid rev id: {name}", "RevisionNotFound")
            if name == "main":
                raise StoreError(403, "the default branch cannot be deleted")
            del refs["branches"][name]

    def create_tag(self, repo_type: str, repo_id: str, tag: str, revision: str, message: str = "") -> str:
        _check_ref_name(tag, "tag")
        with self._changing_refs(repo_type, repo_id) as refs:
            if tag in refs["tags"]:
                raise StoreError(409, f"Tag already exists: {tag}")
            oid = self.resolve(repo_type, repo_id, revision)
            refs["tags"][tag] = {"commit": oid, "message": message}
        return oid

    def delete_tag(self, repo_type: str, repo_id: str, tag: str) -> None:
        with self._changing_refs(repo_type, repo_id) as refs:
            if tag not in refs["tags"]:
                raise StoreError(404, f"Invalid rev id: {tag}", "RevisionNotFound")
            del refs["tags"][tag]

    @contextlib.contextmanager
    def _changing_refs(self, repo_type: str, repo_id: str) -> Iterator[dict[str, Any]]:
        """The repository's refs under its lock, written back when the block ends without an error."""
        folder = self.repo_dir(repo_type, repo_id)
        with file_lock(folder / "lock"):
            refs = self.refs(repo_type, repo_id)
            yield refs
            write_json(folder / "refs.json", refs)

    def _write_commit(
        self,
        folder: Path,
        parents: list[str],
        files: dict[str, FileEntry],
        summary: str,
        description: str,
        author: str,
    ) -> str:
        body = {
            "parents": parents,
            "title": summary,
            "message": f"{summary}\n\n{description}" if description else summary,
            "date": _now(),
            "authors": [author],
            "files": {path: files[path].to_json() for path in sorted(files)},
        }
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        oid = hashlib.sha1(b"commit %d\0" % len(canonical) + canonical).hexdigest()
        write_json(folder / "commits" / f"{oid}.json", {"id": oid, **body})
        return oid


def lfs_entry(sha256: str, size: int) -> FileEntry:
    return FileEntry(sha256, size, git_blob_sha1(lfs_pointer(sha256, size)), True)


def _check_ref_name(name: str, kind: str) -> None:
    try:
        check_ref_name(name, kind)
    except InvalidName as e:
        raise StoreError(400, str(e)) from None


def _apply(files: dict[str, FileEntry], op: Operation) -> None:
    if op.kind in ("file", "lfsFile"):
        assert op.entry is not None
        files[op.path] = op.entry
    elif op.kind == "deletedFile":
        if op.path not in files:
            raise StoreError(404, f"A file with this name doesn't exist: `{op.path}`", "EntryNotFound")
        del files[op.path]
    elif op.kind == "deletedFolder":
        prefix = op.path.rstrip("/") + "/"
        doomed = [p for p in files if p.startswith(prefix)]
        if not doomed:
            raise StoreError(404, f"A folder with this name doesn't exist: `{op.path}`", "EntryNotFound")
        for p in doomed:
            del files[p]
    else:
        raise StoreError(400, f"unknown commit operation `{op.kind}`")


def _now() -> str:
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z"

"""Push a model folder (card, weights, config, tokenizer) to the Hub in one commit."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.diagnostics import Diagnostic, Severity
from modelcard.errors import HubError, UsageError
from modelcard.hub.client import (
    check_repo_id,
    hub_error,
    make_api,
    progress_on_terminal,
    speaks_xet,
    status_of,
    transport_errors,
    xet_disabled,
)
from modelcard.hub.hashes import file_sha256, git_blob_sha1
from modelcard.hub.lfs import GITATTRIBUTES, lfs_patterns, upload_mode
from modelcard.hub.select import select_files

if TYPE_CHECKING:
    from huggingface_hub import HfApi

CARD = "README.md"
DEFAULT_MESSAGE = "Upload model card and weights"


@dataclass(frozen=True)
class PlannedFile:
    """One file of a push: ``mode`` is ``regular`` or ``lfs``; ``status`` ``new``, ``changed`` or ``unchanged``."""

    path: str
    size: int
    mode: str
    status: str


@dataclass(frozen=True)
class PushResult:
    """What a push did (or, with ``dry_run``, would do).

    Attributes:
        parent: the head of the branch when the push started (None: no repository yet).
        commit: the commit now at the head of the branch (or pull request);
            equal to ``parent`` when nothing changed; None for a dry run.
        xet: whether large files went through Xet (False: Git LFS).
    """

    repo_id: str
    revision: str
    endpoint: str
    files: tuple[PlannedFile, ...]
    ignored: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    verified: bool
    dry_run: bool
    parent: str | None = None
    commit: str | None = None
    commit_url: str | None = None
    pr_url: str | None = None
    tag: str | None = None
    xet: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> tuple[PlannedFile, ...]:
        return tuple(f for f in self.files if f.status != "unchanged")

    @property
    def created_commit(self) -> bool:
        return self.commit is not None and self.commit != self.parent


def push(
    folder: str | Path,
    repo_id: str,
    *,
    revision: str | None = None,
    tag: str | None = None,
    private: bool = False,
    create_pr: bool = False,
    message: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    endpoint: str | None = None,
    token: str | None = None,
    verify: bool = True,
    dry_run: bool = False,
    scrub: bool = False,
) -> PushResult:
    """Lint the card, then push the folder as exactly one commit.

    The commit is made against the head the push started from: if the branch
    moved meanwhile, the push fails with a conflict and overwrites nothing.
    Unchanged files (same oid on the remote) are not sent again.

    Args:
        folder: the model folder; it must hold ``README.md``.
        repo_id: ``namespace/name``.
        revision: the branch to push to (created from ``main`` if missing).
        tag: a tag to create on the new commit.
        private: visibility of a repository created by this push.
        create_pr: open a pull request against ``main`` instead of pushing to it.
        message: the commit title.
        include: globs that bring back files ignored by default.
        exclude: globs of more files to leave out.
        endpoint: the Hub URL (default: ``HF_ENDPOINT``, else huggingface.co).
        token: the access token (default: ``HF_TOKEN`` or the saved login).
        verify: refuse a card with lint errors before anything is sent (files
            holding a secret are refused whatever this says).
        dry_run: contact the Hub only to read; return the plan.
        scrub: send JSON files that hold secrets (``training_args.json``) with the
            secret keys and values left out, as the training callbacks write them;
            the files on disk are not changed. Other files with a secret still refuse.

    Before anything is sent, every text file to push is scanned for secrets (the
    rules of MC401): one found refuses the push, naming the file and line. A
    symbolic link to a file outside ``folder`` refuses it too; FIFOs, sockets and
    devices are skipped, never opened (``notes`` says so).

    Raises:
        HubError: a secret in a file to send, a link to outside the folder, lint
            errors, a conflict, a refused or failed request.
        UsageError: an invalid repository id, a folder without a card,
            contradictory options (all found before any request).
    """
    from modelcard.checks import lint

    check_repo_id(repo_id)
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(f"`{folder}` is not a folder")
    if create_pr and revision not in (None, "main"):
        raise UsageError("a pull request is opened against `main`: leave out --revision with --create-pr")
    paths, ignored, outside, skipped = select_files(root, include=include, exclude=exclude)
    if CARD not in paths:
        raise UsageError(f"`{root / CARD}` is missing or excluded: a push needs the model card")
    if outside:
        links = ", ".join(f"`{path}`" for path in outside[:8]) + (f" and {len(outside) - 8} more" if len(outside) > 8 else "")
        raise HubError(
            f"{links}: symbolic link(s) to files outside `{folder}`; nothing was sent. "
            "Copy the file into the folder, or leave the link out with --exclude"
        )
    scrubbed = _refuse_secrets(root, paths, scrub=scrub)

    # Findings in files beside the card (.eval_results/*.yaml) gate the push too, when those files are sent.
    diagnostics = tuple(d for d in lint(root / CARD) if _in_repo(root, d.path) in (CARD, *paths))
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if errors and verify:
        lines = "\n".join(
            f"  {_in_repo(root, d.path)}:{d.location.line}:{d.location.column}: {d.code} {d.message}" for d in errors
        )
        raise HubError(
            f"the card has {len(errors)} error(s); nothing was sent:\n{lines}\n"
            "fix them (`modelcard lint`), or push anyway with --no-verify"
        )

    api = make_api(endpoint, token)
    branch = revision or "main"
    base = _Push(api, repo_id, branch, create_pr)
    try:
        head = base.prepare(private=private, tag=tag, create=not dry_run)
        remote = base.preupload(root, paths, scrubbed) if head else {}
    except transport_errors() as e:
        raise hub_error(e, f"cannot read `{repo_id}` on {api.endpoint}", api.token) from None

    plan, hashes = _plan(root, paths, remote, scrubbed)
    planned = PushResult(
        repo_id=base.repo_id,
        revision=branch,
        endpoint=api.endpoint,
        files=tuple(plan),
        ignored=tuple(ignored),
        diagnostics=diagnostics,
        verified=verify,
        dry_run=dry_run,
        parent=head,
        tag=tag,
        notes=(
            *(f"skipped `{path}`: {kind}, not a file" for path, kind in skipped),
            *(f"`{path}` is sent without its secrets (--scrub); the file on disk is unchanged" for path in scrubbed),
        ),
    )
    if dry_run:
        return planned
    with progress_on_terminal():
        return base.commit(root, planned, hashes, scrubbed, message=message or DEFAULT_MESSAGE)


def _in_repo(root: Path, shown: str) -> str:
    """The path in the repository of a linted file (``README.md``, ``.eval_results/hle.yaml``)."""
    return Path(os.path.relpath(shown, root)).as_posix()


def _refuse_secrets(root: Path, paths: list[str], *, scrub: bool) -> dict[str, bytes]:
    """Refuse the push when a file to send holds a secret (whatever ``verify`` says).

    With ``scrub``, a JSON file is sent without its secrets instead: returns
    those files' new bytes by path.
    """
    from modelcard.hub.secret_scan import scan_files, scrubbed_json

    hits = scan_files(root, paths)
    scrubbed: dict[str, bytes] = {}
    if scrub:
        for path in dict.fromkeys(hit.path for hit in hits):
            data = scrubbed_json(root / path)
            if data is not None:
                scrubbed[path] = data
        hits = [hit for hit in hits if hit.path not in scrubbed]
    if not hits:
        return scrubbed
    lines = "\n".join(f"  {hit}" for hit in hits[:20])
    more = f"\n  and {len(hits) - 20} more" if len(hits) > 20 else ""
    advice = "remove the secrets (and revoke any real one), or leave the files out with --exclude"
    if not scrub and any(hit.path.endswith(".json") for hit in hits):
        advice += "; or send JSON files such as `training_args.json` without their secrets: --scrub"
    raise HubError(f"{len(hits)} secret(s) in the files to push; nothing was sent:\n{lines}{more}\n{advice}")


class _Push:
    """The steps of one push against one repository and branch."""

    def __init__(self, api: HfApi, repo_id: str, branch: str, create_pr: bool) -> None:
        self.api = api
        self.read_ref = branch
        self.repo_id = repo_id
        self.branch = branch
        self.create_pr = create_pr

    def prepare(self, *, private: bool, tag: str | None, create: bool) -> str | None:
        """Create what is missing (repository, branch); return the head to build on."""
        from huggingface_hub.errors import RepositoryNotFoundError

        api = self.api
        try:
            refs = api.list_repo_refs(self.repo_id)
        except RepositoryNotFoundError:
            if not create:
                return None
            url = api.create_repo(self.repo_id, private=private, exist_ok=True)
            self.repo_id = url.repo_id or self.repo_id
            refs = api.list_repo_refs(self.repo_id)
        branches = {b.name: b.target_commit for b in refs.branches}
        if tag is not None:
            existing = {t.name: t.target_commit for t in refs.tags}
            if tag in existing:
                raise HubError(f"tag `{tag}` already exists in `{self.repo_id}` (at {existing[tag][:12]}); nothing was sent")
        if self.create_pr:
            self.read_ref = "main"
            return branches.get("main")
        if self.branch not in branches:
            if not create:
                self.read_ref = "main"
                return branches.get("main")
            api.create_branch(self.repo_id, branch=self.branch, exist_ok=True)
            branches = {b.name: b.target_commit for b in api.list_repo_refs(self.repo_id).branches}
        return branches[self.branch]

    def preupload(self, root: Path, paths: list[str], scrubbed: dict[str, bytes]) -> dict[str, dict[str, Any]]:
        """Ask the server how it would store each file and what it already holds."""
        from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status

        files = []
        for path in paths:
            sample, size = _head(root, path, scrubbed)
            files.append({"path": path, "sample": base64.b64encode(sample).decode(), "size": size})
        url = f"{self.api.endpoint}/api/models/{self.repo_id}/preupload/{quote(self.read_ref, safe='')}"
        answer: dict[str, dict[str, Any]] = {}
        for start in range(0, len(files), 256):
            response = get_session().post(
                url, json={"files": files[start : start + 256]}, headers=build_hf_headers(token=self.api.token)
            )
            hf_raise_for_status(response)
            answer.update({item["path"]: item for item in response.json()["files"]})
        return answer

    def commit(
        self, root: Path, planned: PushResult, hashes: dict[str, str], scrubbed: dict[str, bytes], *, message: str
    ) -> PushResult:
        """Upload what changed and make the one commit on top of ``planned.parent``."""
        from huggingface_hub import CommitOperationAdd

        api = self.api
        head, tag, changed = planned.parent, planned.tag, planned.changed
        if not changed:
            if tag is not None and head is not None:
                self._tag(tag, head)
            return replace(planned, commit=head, notes=(*planned.notes, "nothing changed: no commit was made"))

        target = "main" if self.create_pr else self.branch
        xet = speaks_xet(api, self.repo_id, revision=target, create_pr=self.create_pr)
        operations = []
        for f in changed:
            op = CommitOperationAdd(path_in_repo=f.path, path_or_fileobj=scrubbed.get(f.path) or str(root / f.path))
            if f.path in hashes:
                op.upload_info.sha256 = bytes.fromhex(hashes[f.path])
            operations.append(op)
        try:
            with xet_disabled(not xet):
                info = api.create_commit(
                    self.repo_id,
                    operations=operations,
                    commit_message=message,
                    commit_description="",
                    revision=None if self.create_pr else self.branch,
                    parent_commit=head,
                    create_pr=self.create_pr,
                )
        except transport_errors() as e:
            if status_of(e) in (409, 412):
                raise self._conflict(head) from None
            raise hub_error(e, f"push to `{self.repo_id}@{target}` failed; the branch was not changed", api.token) from None
        except RuntimeError as e:
            # huggingface_hub wraps a file upload that failed after its retries
            # ("Error while uploading 'x' to the Hub."): nothing was committed.
            if not isinstance(e.__cause__, transport_errors()):
                raise
            action = f"push to `{self.repo_id}@{target}` failed: {e} The upload was interrupted"
            raise HubError(
                f"{str(hub_error(e.__cause__, action, api.token)).rstrip('.')}. The branch was not changed; "
                "run the push again: files that arrived are not sent twice"
            ) from None
        if tag is not None:
            self._tag(tag, info.oid)
        return replace(planned, commit=info.oid, commit_url=info.commit_url, pr_url=info.pr_url, xet=xet)

    def _tag(self, tag: str, commit: str) -> None:
        try:
            self.api.create_tag(self.repo_id, tag=tag, revision=commit)
        except transport_errors() as e:
            raise hub_error(e, f"commit {commit[:12]} was pushed but tag `{tag}` could not be created", self.api.token) from None

    def _conflict(self, head: str | None) -> HubError:
        now = "?"
        try:
            refs = self.api.list_repo_refs(self.repo_id)
            now = next((b.target_commit[:12] for b in refs.branches if b.name == self.branch), "?")
        except transport_errors():
            pass
        started = head[:12] if head else "?"
        return HubError(
            f"conflict: `{self.repo_id}@{self.branch}` moved from {started} to {now} while pushing; "
            "nothing was overwritten. Pull the new head, check it, and push again"
        )


def _head(root: Path, path: str, scrubbed: dict[str, bytes]) -> tuple[bytes, int]:
    """The first 512 bytes of a file as it will be sent, and its size."""
    if path in scrubbed:
        return scrubbed[path][:512], len(scrubbed[path])
    local = root / path
    with open(local, "rb") as f:
        return f.read(512), os.fstat(f.fileno()).st_size


def _plan(
    root: Path, paths: list[str], remote: dict[str, dict[str, Any]], scrubbed: dict[str, bytes]
) -> tuple[list[PlannedFile], dict[str, str]]:
    """Each file's mode and status; sha256 of the LFS files that had to be hashed."""
    patterns = lfs_patterns(GITATTRIBUTES)
    plan: list[PlannedFile] = []
    hashes: dict[str, str] = {}
    for path in paths:
        local = root / path
        sample, size = _head(root, path, scrubbed)
        info = remote.get(path)
        mode = info["uploadMode"] if info is not None else upload_mode(path, size, sample, patterns)
        remote_oid = info.get("oid") if info else None
        if remote_oid is None:
            status = "new"
        elif path in scrubbed:
            data = scrubbed[path]
            oid = hashlib.sha256(data).hexdigest() if mode == "lfs" else git_blob_sha1(data)
            status = "unchanged" if oid == remote_oid else "changed"
        elif mode == "lfs":
            hashes[path] = file_sha256(local)
            status = "unchanged" if hashes[path] == remote_oid else "changed"
        else:
            status = "unchanged" if git_blob_sha1(local.read_bytes()) == remote_oid else "changed"
        plan.append(PlannedFile(path, size, mode, status))
    return plan, hashes

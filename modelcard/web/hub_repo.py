"""What the local Hub's pages read from its store, and how they write: through `modelcard.hub.push`.

Writes from a page go through the same code path as ``modelcard push``: the
files are laid out in a temporary folder (with the branch's card when the
upload does not bring one) and pushed to the server itself over HTTP, so the
card is linted first, the same files are refused, and the result is one commit.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from modelcard.errors import HubError
from modelcard.web.editor_api import ChangedOnDisk
from modelcard.web.findings import Linter, encode
from modelcard.web.state import build_state

if TYPE_CHECKING:
    from modelcard.hub.push import PushResult
    from modelcard.hub.server.store import FileEntry, Store

CARD = "README.md"
MAX_CARD = 10_000_000
MAX_EVAL_FILES = 100
#: The token a page's push presents to a Hub that needs none (never the user's own token).
NO_TOKEN = "modelcard-local-page"


@dataclass(frozen=True)
class Repo:
    """A model repository of the store at one revision (``commit`` resolved)."""

    store: Store
    repo_id: str
    revision: str
    commit: str

    @classmethod
    def at(cls, store: Store, repo_id: str, revision: str) -> Repo:
        return cls(store, repo_id, revision, store.resolve("model", repo_id, revision))

    def files(self) -> dict[str, FileEntry]:
        return self.store.files("model", self.repo_id, self.commit)

    def read(self, path: str, limit: int = MAX_CARD) -> bytes | None:
        entry = self.files().get(path)
        if entry is None or entry.size > limit:
            return None
        return self.store.blobs.path(entry.sha256).read_bytes()

    def eval_files(self) -> list[tuple[str, bytes]]:
        found = []
        for path in sorted(self.files()):
            if path.startswith(".eval_results/") and path.endswith((".yaml", ".yml")) and len(found) < MAX_EVAL_FILES:
                data = self.read(path, 1 << 20)
                if data is not None:
                    found.append((path, data))
        return found

    def raw_url(self, relative: str) -> str:
        return f"/{self.repo_id}/raw/{quote(self.commit)}/{quote(relative)}"

    @property
    def is_branch(self) -> bool:
        return self.revision in self.store.refs("model", self.repo_id)["branches"]


def workspace(repo: Repo) -> tempfile.TemporaryDirectory[str]:
    """A temporary folder in the store's root (so files can be hard-linked into it)."""
    return tempfile.TemporaryDirectory(dir=repo.store.root, prefix=".web-")


def lay_out(repo: Repo, folder: Path) -> None:
    """Put the branch's files into ``folder`` (hard links to the stored blobs), leaving files already there.

    The card is then linted beside the files it links to, and the push finds them unchanged.
    """
    import os
    import shutil

    for path, entry in repo.files().items():
        target = folder / path
        if target.exists() or path == ".gitattributes":
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = repo.store.blobs.path(entry.sha256)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def push_files(folder: Path, repo: Repo, *, endpoint: str, token: str | None, message: str) -> PushResult:
    """Push ``folder`` (laid out over the branch's files) to ``repo``'s branch on the server at ``endpoint``."""
    from modelcard.hub import push

    lay_out(repo, folder)
    return push(folder, repo.repo_id, revision=repo.revision, endpoint=endpoint, token=token or NO_TOKEN, message=message)


def docs_url(code: str) -> str:
    return "/_web/rules/" + quote(code)


class HubCard:
    """The card of a branch, as a source for the editor: saving commits it (see `push_files`)."""

    def __init__(self, repo: Repo, *, endpoint: str, token: str | None) -> None:
        from modelcard.checks.config import Config

        self.repo = repo
        self.endpoint = endpoint
        self.token = token
        self.linter = Linter(Config(), None, CARD)
        self.text = ""
        self.bom = False
        self.disk_digest: str | None = None
        self.load()

    def load(self) -> None:
        from modelcard.card.decode import decode
        from modelcard.errors import CardError

        self.disk_digest = self.repo.commit
        data = self.repo.read(CARD)
        if not data:
            from modelcard.web.editor import starter_text

            self.text, self.bom = starter_text(self.repo.repo_id.split("/")[1]), False
            return
        try:
            self.text, self.bom = decode(data, CARD)
        except CardError as e:
            raise HubError(f"the card cannot be edited here: {e}") from None

    def save(self, text: str, base_digest: str | None, *, force: bool = False, message: str | None = None) -> str:
        head = self.repo.store.resolve("model", self.repo.repo_id, self.repo.revision)
        if head != base_digest and not force:
            raise ChangedOnDisk(f"`{self.repo.revision}` moved since the editor loaded the card; nothing was committed")
        with workspace(self.repo) as tmp:
            Path(tmp, CARD).write_bytes(encode(text, self.bom))
            result = push_files(Path(tmp), self.repo, endpoint=self.endpoint, token=self.token, message=message or f"Update {CARD}")
        self.repo = Repo(self.repo.store, self.repo.repo_id, self.repo.revision, result.commit or head)
        self.disk_digest = self.repo.commit
        self.text = text
        if result.commit == head:
            return f"nothing to commit: `{self.repo.revision}` already holds this card"
        return f"committed {self.repo.commit[:12]} to {self.repo.revision}"

    def state(self, text: str) -> dict[str, Any]:
        on_branch = self.repo.read(CARD) or b""
        return build_state(
            text,
            linter=self.linter,
            bom=self.bom,
            saved=hashlib.sha256(encode(text, self.bom)).digest() == hashlib.sha256(on_branch).digest(),
            eval_files=self.repo.eval_files(),
            file_url=self.repo.raw_url,
            docs_url=docs_url,
        )

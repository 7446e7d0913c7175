"""Content-addressed blobs: named by their sha256, verified before they are kept.

An upload streams into a temporary file under ``tmp/`` while it is hashed;
only a complete upload whose bytes hash to the announced oid is fsynced and
renamed into ``blobs/``. A crash leaves at most a temporary file, removed at
the next start.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from modelcard.hub.server.files import fsync_dir

SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1 << 20


class BlobError(Exception):
    """An upload that cannot be stored (wrong size, wrong hash, cut short)."""


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root.parent / "tmp"
        self.root.mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(parents=True, exist_ok=True)

    def clean_tmp(self) -> int:
        """Remove what interrupted uploads left behind; return how many."""
        count = 0
        for entry in self.tmp.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            count += 1
        return count

    def path(self, sha256: str) -> Path:
        if not SHA256.match(sha256):
            raise BlobError(f"invalid sha256 `{sha256}`")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def size(self, sha256: str) -> int | None:
        """The size of a stored blob, or None when it is not stored."""
        try:
            return self.path(sha256).stat().st_size
        except (OSError, BlobError):
            return None

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def put_bytes(self, data: bytes) -> str:
        """Store small content (regular files of a commit); return its sha256."""
        sha = hashlib.sha256(data).hexdigest()
        if self.size(sha) == len(data):
            return sha
        fd, tmp = tempfile.mkstemp(dir=self.tmp)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        self._publish(Path(tmp), sha)
        return sha

    def receive(self, read: Callable[[int], bytes], length: int, sha256: str) -> None:
        """Stream ``length`` bytes from ``read`` into the blob ``sha256``, verified.

        Raises:
            BlobError: the stream ended early or the bytes do not hash to ``sha256``.
        """
        target = self.path(sha256)
        fd, tmp = tempfile.mkstemp(dir=self.tmp)
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as f:
                remaining = length
                while remaining:
                    chunk = read(min(CHUNK, remaining))
                    if not chunk:
                        raise BlobError(f"upload cut short: {length - remaining} of {length} bytes")
                    digest.update(chunk)
                    f.write(chunk)
                    remaining -= len(chunk)
                if digest.hexdigest() != sha256:
                    raise BlobError(f"uploaded bytes hash to `{digest.hexdigest()}`, not `{sha256}`")
                f.flush()
                os.fsync(f.fileno())
            if target.exists():
                os.unlink(tmp)
                return
            self._publish(Path(tmp), sha256)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def adopt(self, tmp: Path, sha256: str) -> None:
        """Move an already verified and fsynced temporary file into place."""
        self._publish(tmp, sha256)

    def new_tmp(self, suffix: str = "") -> Path:
        fd, tmp = tempfile.mkstemp(dir=self.tmp, suffix=suffix)
        os.close(fd)
        return Path(tmp)

    def _publish(self, tmp: Path, sha256: str) -> None:
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, target)
        fsync_dir(target.parent)

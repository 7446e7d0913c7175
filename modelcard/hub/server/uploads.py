"""Multipart uploads in flight: parts land at their offset in one file, hashed as they line up.

Bounded: at most ``limit`` uploads at once, each expiring ``ttl`` seconds after
it started; an expired upload's file is removed when the registry is next used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelcard.hub.server.blobs import CHUNK, BlobStore


class UploadRefused(Exception):
    """Too many uploads in flight."""


@dataclass
class Multipart:
    """A multipart upload in flight."""

    oid: str
    size: int
    chunk: int
    path: Path
    expires: float
    repo: tuple[str, str]  # (repo_type, repo_id) it is uploaded to
    etags: dict[int, str] = field(default_factory=dict)
    hasher: Any = field(default_factory=hashlib.sha256)
    hashed: int = 0  # bytes fed to ``hasher`` so far, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def parts(self) -> int:
        return max(1, -(-self.size // self.chunk))

    def part_range(self, number: int) -> tuple[int, int]:
        """Offset and length of part ``number`` (1-based)."""
        offset = (number - 1) * self.chunk
        return offset, min(self.chunk, self.size - offset)

    def advance_hash(self) -> None:
        """Feed the running sha256 with every part now contiguous from the start (call under ``lock``)."""
        with open(self.path, "rb") as f:
            while self.hashed < self.size:
                number = self.hashed // self.chunk + 1
                if number not in self.etags:
                    break
                f.seek(self.hashed)
                end = min(number * self.chunk, self.size)
                while self.hashed < end:
                    data = f.read(min(CHUNK, end - self.hashed))
                    self.hasher.update(data)
                    self.hashed += len(data)


class Uploads:
    def __init__(self, blobs: BlobStore, chunk: int, limit: int, ttl: float) -> None:
        self.blobs = blobs
        self.chunk = chunk
        self.limit = limit
        self.ttl = ttl
        self._uploads: dict[str, Multipart] = {}
        self._lock = threading.Lock()

    def start(self, oid: str, size: int, repo: tuple[str, str]) -> Multipart:
        """Reserve a file of ``size`` bytes (sparse) for a new upload.

        Raises:
            UploadRefused: ``limit`` uploads are already in flight.
        """
        self.expire()
        with self._lock:
            if len(self._uploads) >= self.limit:
                raise UploadRefused(f"{self.limit} multipart uploads are already in flight; try again later")
            upload = Multipart(oid, size, self.chunk, self.blobs.new_tmp(".multipart"), time.monotonic() + self.ttl, repo)
            self._uploads[upload.id] = upload
        with open(upload.path, "r+b") as f:
            f.truncate(size)
        return upload

    def get(self, upload_id: str) -> Multipart | None:
        self.expire()
        with self._lock:
            return self._uploads.get(upload_id)

    def finish(self, upload: Multipart) -> None:
        with self._lock:
            self._uploads.pop(upload.id, None)

    def expire(self) -> int:
        """Drop the uploads past their time and their files; return how many."""
        now = time.monotonic()
        with self._lock:
            expired = [u for u in self._uploads.values() if u.expires <= now]
            for upload in expired:
                del self._uploads[upload.id]
        for upload in expired:
            with contextlib.suppress(OSError):
                os.unlink(upload.path)
        return len(expired)

    def __len__(self) -> int:
        with self._lock:
            return len(self._uploads)

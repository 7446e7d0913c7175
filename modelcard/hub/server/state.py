"""What the app keeps between requests: the store, the token, limits, uploads in flight, counters."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import IO

from modelcard.hub.server.store import Store
from modelcard.hub.server.uploads import Uploads


@dataclass(frozen=True)
class Limits:
    """Bounds on what one request may cost.

    Attributes:
        json_body: bytes of a JSON request body (answered 413 beyond).
        commit_line: bytes of one line of an NDJSON commit (a file sent inline, base64).
        commit_body: bytes of a whole NDJSON commit (read line by line, never held whole).
        commit_lines: lines of an NDJSON commit (one per file added or deleted).
        file_size: bytes of one uploaded file (Git LFS, basic or multipart).
        multipart_threshold: files above this size are uploaded in parts, when the client can.
        multipart_chunk: bytes of one part.
        multipart_uploads: multipart uploads in flight at once.
        multipart_ttl: seconds before an unfinished multipart upload expires.
        body_timeout: seconds a request body may go without sending a byte (408 after).
    """

    json_body: int = 32 << 20
    commit_line: int = 48 << 20
    commit_body: int = 2 << 30
    commit_lines: int = 100_000
    file_size: int = 50 << 30
    multipart_threshold: int = 512 << 20
    multipart_chunk: int = 64 << 20
    multipart_uploads: int = 64
    multipart_ttl: float = 24 * 3600
    body_timeout: float = 60.0


@dataclass
class Stats:
    """What the server received: the latest requests (method, path, status) and the body bytes."""

    requests: deque[tuple[str, str, int]] = field(default_factory=lambda: deque(maxlen=100_000))
    bytes_in: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((method, path, status))

    def add_bytes(self, n: int) -> None:
        with self.lock:
            self.bytes_in += n

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.bytes_in = 0


@dataclass
class HubState:
    """Shared by every request of one app (``request.app.state.hub``)."""

    store: Store
    token: str | None
    limits: Limits
    log: IO[str] | None = None
    stats: Stats = field(default_factory=Stats)
    uploads: Uploads = field(init=False)

    def __post_init__(self) -> None:
        self.uploads = Uploads(self.store.blobs, self.limits.multipart_chunk, self.limits.multipart_uploads, self.limits.multipart_ttl)

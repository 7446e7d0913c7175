"""Git LFS: the batch endpoint, basic and multipart uploads, verification.

Upload URLs carry an HMAC signature (keyed by the store's secret) instead of
the bearer token: the client sends uploads without its ``Authorization``
header, and the URLs may appear in its logs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelcard.hub.server.blobs import CHUNK, SHA256, BlobError

from modelcard.hub.server.errors import HttpError

if TYPE_CHECKING:
    from modelcard.hub.server.app import Handler

    _Base = Handler
else:
    _Base = object

LFS_JSON = "application/vnd.git-lfs+json"


@dataclass
class Multipart:
    """A multipart upload in flight: parts land at their offset in one file."""

    oid: str
    size: int
    chunk: int
    path: Path
    etags: dict[int, str] = field(default_factory=dict)
    hasher: Any = field(default_factory=hashlib.sha256)
    hashed: int = 0  # bytes fed to ``hasher`` so far, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def parts(self) -> int:
        return max(1, -(-self.size // self.chunk))


class LfsRoutes(_Base):
    def route_table_lfs(self, method: str, seg: list[str]) -> tuple[str, dict[str, Any]]:
        if len(seg) >= 2 and SHA256.match(seg[0]) and seg[1].isdigit():
            base = {"oid": seg[0], "size": int(seg[1])}
            rest = seg[2:]
            if method == "PUT" and not rest:
                return "lfs_put", base
            if method == "PUT" and len(rest) == 2 and rest[0] == "part" and rest[1].isdigit():
                return "lfs_put_part", {**base, "number": int(rest[1])}
            if method == "POST" and rest == ["complete"]:
                return "lfs_complete", base
            if method == "POST" and rest == ["verify"]:
                return "lfs_verify", base
        raise HttpError(404, "Not Found")

    def _sign(self, oid: str, size: int, upload: str = "") -> str:
        message = f"{oid}:{size}:{upload}".encode()
        return hmac.new(self.server.store.secret, message, hashlib.sha256).hexdigest()[:40]

    def _check_signature(self, oid: str, size: int) -> str:
        upload = self.query.get("upload", "")
        if not hmac.compare_digest(self.query.get("sig", ""), self._sign(oid, size, upload)):
            raise HttpError(403, "invalid or missing upload signature")
        return upload

    def route_lfs_batch(self, repo_type: str, repo_id: str) -> None:
        self.require_write()
        body = self.read_json()
        self.server.store.refs(repo_type, repo_id)
        if body.get("operation") != "upload":
            raise HttpError(400, "only the `upload` operation is supported; download files with /resolve/")
        transfers = body.get("transfers") or ["basic"]
        multipart = "multipart" in transfers
        objects = []
        for obj in body.get("objects", []):
            oid, size = obj.get("oid"), obj.get("size")
            if not (isinstance(oid, str) and SHA256.match(oid) and isinstance(size, int) and size >= 0):
                objects.append({"oid": str(oid), "size": int(size or 0), "error": {"code": 422, "message": "invalid object"}})
                continue
            if self.server.store.blobs.size(oid) == size:
                objects.append({"oid": oid, "size": size})
                continue
            base = f"{self.base_url()}/_lfs/{oid}/{size}"
            verify = {"href": f"{base}/verify"}
            if multipart and size > self.server.multipart_threshold:
                upload = self._start_multipart(oid, size)
                sig = self._sign(oid, size, upload.path.name)
                query = f"upload={upload.path.name}&sig={sig}"
                header = {"chunk_size": str(upload.chunk)}
                header.update({str(n): f"{base}/part/{n}?{query}" for n in range(1, upload.parts + 1)})
                actions = {"upload": {"href": f"{base}/complete?{query}", "header": header}, "verify": verify}
            else:
                actions = {"upload": {"href": f"{base}?sig={self._sign(oid, size)}"}, "verify": verify}
            objects.append({"oid": oid, "size": size, "authenticated": True, "actions": actions})
        answer = {"transfer": "multipart" if multipart else "basic", "objects": objects}
        self.send_bytes(200, _json(answer), LFS_JSON)

    def _start_multipart(self, oid: str, size: int) -> Multipart:
        upload = Multipart(oid, size, self.server.multipart_chunk, self.server.store.blobs.new_tmp(".multipart"))
        with open(upload.path, "r+b") as f:
            f.truncate(size)
        with self.server.multipart_lock:
            self.server.multipart[upload.path.name] = upload
        return upload

    def _counting_read(self):  # type: ignore[no-untyped-def]
        stats = self.server.stats

        def read(n: int) -> bytes:
            data = self.rfile.read(n)
            stats.add_bytes(len(data))
            return data

        return read

    def _content_length(self, expected: int) -> int:
        self.body_read = True
        length = int(self.headers.get("Content-Length") or -1)
        if length != expected:
            self.close_connection = True
            raise HttpError(400, f"expected {expected} bytes, got Content-Length {length}")
        return length

    def route_lfs_put(self, oid: str, size: int) -> None:
        self._check_signature(oid, size)
        length = self._content_length(size)
        try:
            self.server.store.blobs.receive(self._counting_read(), length, oid)
        except BlobError as e:
            self.close_connection = True
            raise HttpError(400, str(e)) from None
        self.send_json(200, {})

    def route_lfs_put_part(self, oid: str, size: int, number: int) -> None:
        upload = self._multipart(oid, size)
        if not 1 <= number <= upload.parts:
            raise HttpError(400, f"part {number} out of range 1..{upload.parts}")
        offset = (number - 1) * upload.chunk
        length = self._content_length(min(upload.chunk, size - offset))
        read = self._counting_read()
        digest = hashlib.sha256()
        fd = os.open(upload.path, os.O_WRONLY)
        try:
            pos = offset
            while pos < offset + length:
                data = read(min(CHUNK, offset + length - pos))
                if not data:
                    raise ConnectionError("upload cut short")
                os.pwrite(fd, data, pos)
                digest.update(data)
                pos += len(data)
        finally:
            os.close(fd)
        etag = digest.hexdigest()
        with upload.lock:
            upload.etags[number] = etag
            self._advance_hash(upload)
        self.send_json(200, {}, {"ETag": f'"{etag}"'})

    def _advance_hash(self, upload: Multipart) -> None:
        """Feed the running sha256 with every part now contiguous from the start."""
        with open(upload.path, "rb") as f:
            while upload.hashed < upload.size:
                number = upload.hashed // upload.chunk + 1
                if number not in upload.etags:
                    break
                f.seek(upload.hashed)
                end = min(number * upload.chunk, upload.size)
                while upload.hashed < end:
                    data = f.read(min(CHUNK, end - upload.hashed))
                    upload.hasher.update(data)
                    upload.hashed += len(data)

    def _multipart(self, oid: str, size: int) -> Multipart:
        upload_id = self._check_signature(oid, size)
        with self.server.multipart_lock:
            upload = self.server.multipart.get(upload_id)
        if upload is None or upload.oid != oid:
            raise HttpError(404, "unknown or expired multipart upload: request a new one from the batch endpoint")
        return upload

    def route_lfs_complete(self, oid: str, size: int) -> None:
        upload = self._multipart(oid, size)
        body = self.read_json()
        parts = {int(p["partNumber"]): str(p["etag"]).strip('"') for p in body.get("parts", [])}
        with upload.lock:
            if parts != upload.etags or len(parts) != upload.parts:
                raise HttpError(400, "multipart completion does not match the uploaded parts")
            self._advance_hash(upload)
            if upload.hasher.hexdigest() != oid:
                raise HttpError(400, f"uploaded bytes do not hash to `{oid}`")
            with open(upload.path, "rb+") as f:
                os.fsync(f.fileno())
            self.server.store.blobs.adopt(upload.path, oid)
        with self.server.multipart_lock:
            self.server.multipart.pop(upload.path.name, None)
        self.send_json(200, {})

    def route_lfs_verify(self, oid: str, size: int) -> None:
        self.read_body()
        if self.server.store.blobs.size(oid) != size:
            raise HttpError(404, f"object `{oid}` of size {size} was not uploaded")
        self.send_json(200, {"oid": oid, "size": size})


def _json(value: Any) -> bytes:
    import json

    return json.dumps(value).encode()


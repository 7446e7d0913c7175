"""Git LFS: the batch endpoint, basic and multipart uploads, verification.

Upload and verify URLs carry an HMAC signature (keyed by the store's secret)
of the object and the repository, instead of the bearer token: the client
sends uploads without its ``Authorization`` header, and the URLs may appear in
its logs. Blobs are stored once for all repositories, but a repository holds
only the objects uploaded to it (or in its branches and tags): the batch
endpoint asks for an upload of an object stored for another repository, and
``verify`` and commits answer for this repository only, so no client learns
whether another repository holds an object, or reaches its content by its oid.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
from urllib.parse import quote
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from modelcard.hub.server.auth import require_write
from modelcard.hub.server.blobs import SHA256
from modelcard.hub.server.errors import HttpError
from modelcard.hub.server.messages import base_url, body_chunks, hub, json_response, param, read_json
from modelcard.hub.server.routes_api import PLURALS
from modelcard.hub.server.uploads import Multipart, UploadRefused

LFS_JSON = "application/vnd.git-lfs+json"


def _sign(request: Request, oid: str, size: int, purpose: str, repo: str) -> str:
    message = f"{oid}:{size}:{purpose}:{repo}".encode()
    return hmac.new(hub(request).store.secret, message, hashlib.sha256).hexdigest()[:40]


def _repo_key(repo_type: str, repo_id: str) -> str:
    return f"{repo_type}/{repo_id}"


def _repo_of_key(key: str) -> tuple[str, str]:
    repo_type, _, repo_id = key.partition("/")
    return repo_type, repo_id


def _object(request: Request) -> tuple[str, int]:
    oid, size = request.path_params["oid"], request.path_params["size"]
    if not SHA256.fullmatch(oid):
        raise HttpError(404, "Not Found")
    return oid, size


def _check_signature(request: Request, oid: str, size: int, purpose: str) -> tuple[str, str]:
    """The repository the signed URL was given for."""
    repo = request.query_params.get("repo", "")
    if not hmac.compare_digest(request.query_params.get("sig", ""), _sign(request, oid, size, purpose, repo)):
        raise HttpError(403, "invalid or missing upload signature")
    return _repo_of_key(repo)


async def batch(request: Request) -> Response:
    """``POST {repo}.git/info/lfs/objects/batch``: where to upload each object, if anywhere."""
    require_write(request)
    name = param(request, "name")
    if not name.endswith(".git"):
        raise HttpError(404, "Not Found")
    plural = request.path_params.get("plural", "models")
    if plural not in ("datasets", "spaces") and "plural" in request.path_params:
        raise HttpError(404, "Not Found")
    state = hub(request)
    repo_type, repo_id = PLURALS[plural], f"{param(request, 'ns')}/{name[:-4]}"
    state.store.refs(repo_type, repo_id)
    repo = _repo_key(repo_type, repo_id)
    body = await read_json(request)
    if body.get("operation") != "upload":
        raise HttpError(400, "only the `upload` operation is supported; download files with /resolve/")
    multipart = "multipart" in (body.get("transfers") or ["basic"])
    objects = []
    for obj in body.get("objects") or []:
        oid, size = (obj.get("oid"), obj.get("size")) if isinstance(obj, dict) else (None, None)
        if not (isinstance(oid, str) and SHA256.fullmatch(oid) and isinstance(size, int) and size >= 0):
            objects.append({"oid": str(oid)[:64], "size": 0, "error": {"code": 422, "message": "invalid object"}})
            continue
        if size > state.limits.file_size:
            message = f"object larger than this server's limit of {state.limits.file_size} bytes"
            objects.append({"oid": oid, "size": size, "error": {"code": 422, "message": message}})
            continue
        if state.store.blobs.size(oid) == size and state.store.holds(repo_type, repo_id, oid):
            objects.append({"oid": oid, "size": size})
            continue
        base = f"{base_url(request)}/_lfs/{oid}/{size}"
        where = f"repo={quote(repo, safe='')}"
        verify = {"href": f"{base}/verify?{where}&sig={_sign(request, oid, size, 'verify', repo)}"}
        if multipart and size > state.limits.multipart_threshold:
            upload = await run_in_threadpool(_start_multipart, request, oid, size, (repo_type, repo_id))
            query = f"upload={upload.id}&{where}&sig={_sign(request, oid, size, upload.id, repo)}"
            header = {"chunk_size": str(upload.chunk)}
            header.update({str(n): f"{base}/part/{n}?{query}" for n in range(1, upload.parts + 1)})
            actions = {"upload": {"href": f"{base}/complete?{query}", "header": header}, "verify": verify}
        else:
            actions = {"upload": {"href": f"{base}?{where}&sig={_sign(request, oid, size, '', repo)}"}, "verify": verify}
        objects.append({"oid": oid, "size": size, "authenticated": True, "actions": actions})
    answer = {"transfer": "multipart" if multipart else "basic", "objects": objects}
    return json_response(answer, media_type=LFS_JSON)


def _start_multipart(request: Request, oid: str, size: int, repo: tuple[str, str]) -> Multipart:
    state = hub(request)
    _room_for(state.store, size)
    try:
        return state.uploads.start(oid, size, repo)
    except UploadRefused as e:
        raise HttpError(503, str(e), headers={"Retry-After": "60"}) from None


def _expect_length(request: Request, expected: int) -> None:
    declared = request.headers.get("content-length", "")
    if declared != str(expected):
        raise HttpError(400, f"expected {expected} bytes, got Content-Length {declared or 'none'}")


async def put(request: Request) -> Response:
    """``PUT /_lfs/{oid}/{size}``: one object in one request, verified before it is kept."""
    oid, size = _object(request)
    repo_type, repo_id = _check_signature(request, oid, size, "")
    _expect_length(request, size)
    store = hub(request).store
    _room_for(store, size)
    blobs = store.blobs
    tmp = blobs.new_tmp()
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as f:
            async for data in _batches(request, size):
                await run_in_threadpool(_absorb, digest, f.write, data)
            received = f.tell()
        if received != size:
            raise HttpError(400, f"upload cut short: {received} of {size} bytes")
        if digest.hexdigest() != oid:
            raise HttpError(400, f"uploaded bytes hash to `{digest.hexdigest()}`, not `{oid}`")
        await run_in_threadpool(_keep, blobs, tmp, oid)
        await run_in_threadpool(store.grant, repo_type, repo_id, oid)
    finally:
        tmp.unlink(missing_ok=True)
    return json_response({})


#: Bytes received before they are hashed and written, off the event loop (which other clients share).
WRITE_BATCH = 4 << 20


async def _batches(request: Request, limit: int) -> AsyncIterator[bytes]:
    pending: list[bytes] = []
    size = 0
    async for chunk in body_chunks(request, limit):
        pending.append(chunk)
        size += len(chunk)
        if size >= WRITE_BATCH:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _absorb(digest: Any, write: Callable[[bytes], object], data: bytes) -> None:
    digest.update(data)
    write(data)


def _room_for(store: Any, size: int) -> None:
    free = shutil.disk_usage(store.blobs.tmp).free
    if size > free:
        raise HttpError(507, f"not enough disk space for {size} bytes ({free} free)")


def _keep(blobs: Any, tmp: Any, oid: str) -> None:
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    blobs.adopt(tmp, oid)


def _multipart(request: Request, oid: str, size: int) -> Multipart:
    upload_id = request.query_params.get("upload", "")
    repo = _check_signature(request, oid, size, upload_id)
    upload = hub(request).uploads.get(upload_id)
    if upload is None or upload.oid != oid or upload.repo != repo:
        raise HttpError(404, "unknown or expired multipart upload: request a new one from the batch endpoint")
    return upload


async def put_part(request: Request) -> Response:
    """``PUT /_lfs/{oid}/{size}/part/{n}``: one part, written at its offset; its sha256 is the ETag."""
    oid, size = _object(request)
    upload = _multipart(request, oid, size)
    number = request.path_params["number"]
    if not 1 <= number <= upload.parts:
        raise HttpError(400, f"part {number} out of range 1..{upload.parts}")
    offset, length = upload.part_range(number)
    _expect_length(request, length)
    digest = hashlib.sha256()
    fd = os.open(upload.path, os.O_WRONLY)
    try:
        pos = offset
        async for data in _batches(request, length):
            await run_in_threadpool(_absorb, digest, lambda d, at=pos: os.pwrite(fd, d, at), data)
            pos += len(data)
    finally:
        os.close(fd)
    if pos != offset + length:
        raise HttpError(400, f"part {number} cut short: {pos - offset} of {length} bytes")
    etag = digest.hexdigest()

    def record() -> None:
        with upload.lock:
            upload.etags[number] = etag
            upload.advance_hash()

    await run_in_threadpool(record)
    return json_response({}, headers={"ETag": f'"{etag}"'})


async def complete(request: Request) -> Response:
    """``POST /_lfs/{oid}/{size}/complete``: the parts listed must be the parts received, hashing to ``oid``."""
    oid, size = _object(request)
    upload = _multipart(request, oid, size)
    body = await read_json(request)
    try:
        parts = {int(p["partNumber"]): str(p["etag"]).strip('"') for p in body.get("parts") or []}
    except (KeyError, TypeError, ValueError):
        raise HttpError(400, "`parts` must list `partNumber` and `etag`") from None
    state = hub(request)

    def finish() -> None:
        with upload.lock:
            if parts != upload.etags or len(parts) != upload.parts:
                raise HttpError(400, "multipart completion does not match the uploaded parts")
            upload.advance_hash()
            if upload.hasher.hexdigest() != oid:
                raise HttpError(400, f"uploaded bytes do not hash to `{oid}`")
            with open(upload.path, "rb+") as f:
                os.fsync(f.fileno())
            state.store.blobs.adopt(upload.path, oid)
            state.store.grant(*upload.repo, oid)
        state.uploads.finish(upload)

    await run_in_threadpool(finish)
    return json_response({})


async def verify(request: Request) -> Response:
    """``POST /_lfs/{oid}/{size}/verify``: whether the object arrived, for the client that uploaded it."""
    oid, size = _object(request)
    require_write(request)
    repo_type, repo_id = _check_signature(request, oid, size, "verify")
    await read_json(request)
    store = hub(request).store
    if store.blobs.size(oid) != size or not store.holds(repo_type, repo_id, oid):
        raise HttpError(404, f"object `{oid}` of size {size} was not uploaded")
    return json_response({"oid": oid, "size": size})


OBJECT = "/_lfs/{oid}/{size:int}"
ROUTES = [
    Route("/{ns}/{name}/info/lfs/objects/batch", batch, methods=["POST"]),
    Route("/{plural}/{ns}/{name}/info/lfs/objects/batch", batch, methods=["POST"]),
    Route(OBJECT, put, methods=["PUT"]),
    Route(OBJECT + "/part/{number:int}", put_part, methods=["PUT"]),
    Route(OBJECT + "/complete", complete, methods=["POST"]),
    Route(OBJECT + "/verify", verify, methods=["POST"]),
]

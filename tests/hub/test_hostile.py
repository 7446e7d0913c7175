"""Hostile traffic: bounded bodies, no header injection, refused names, idle clients cut off.

Every wait here is bounded (socket timeouts); nothing asserts how fast the server is.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import threading
import time
from urllib.parse import quote

import pytest
from huggingface_hub import CommitOperationAdd, HfApi, hf_hub_download, snapshot_download

REPO = "acme/tiny-sentiment"
MiB = 1 << 20


def _address(hub) -> tuple[str, int]:
    return hub.server.server_address


def _raw(hub, data: bytes, *, timeout: float = 10) -> bytes:
    """Send ``data`` on a fresh connection; everything the server answers until it closes or goes quiet."""
    with socket.create_connection(_address(hub), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
                if b"\r\n\r\n" in out and _complete(out):
                    break
        except (ConnectionResetError, TimeoutError):
            pass
        return out


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _headers(answer: bytes) -> dict[str, str]:
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")[1:]
    return {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head)}


def _post(path: str, body: bytes, *, token: str, extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\n{extra}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


# -- bodies ------------------------------------------------------------------------


def test_a_negative_content_length_is_refused_without_reading(hub):
    answer = _raw(hub, b"POST /api/validate-yaml HTTP/1.1\r\nHost: hub\r\nContent-Length: -1\r\n\r\n" + b"x" * MiB)
    assert _status(answer) == 400
    assert hub.stats.bytes_in == 0


def test_a_chunked_body_stops_at_the_cap(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", json_body=MiB)
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"a" * 64 * 1024)
    head = f"POST /api/validate-yaml HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n\r\n"
    answer = _raw(hub, head.encode() + chunk * 64 + b"0\r\n\r\n")  # 4 MiB offered
    assert _status(answer) == 413
    assert json.loads(answer.partition(b"\r\n\r\n")[2]) == {"error": f"request body larger than {MiB} bytes"}
    assert _headers(answer)["connection"] == "close"
    assert hub.stats.bytes_in < 2 * MiB  # read up to the cap (and what arrived with it), not the 4 MiB


def test_a_declared_body_over_the_cap_is_refused_before_it_is_read(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", json_body=MiB)
    hub.store.create_repo("model", REPO)
    # A legal JSON body of 3 MiB, to an endpoint that reads JSON.
    body = json.dumps({"files": [{"path": "x" * 100, "sample": "", "size": 1}] * 25_000}).encode()
    assert len(body) > 3 * MiB
    answer = _raw(hub, _post(f"/api/models/{REPO}/preupload/main", body, token=token))
    assert _status(answer) == 413
    assert hub.stats.bytes_in == 0


def test_a_commit_is_read_line_by_line_not_whole(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", json_body=MiB, commit_line=2 * MiB)
    hub.store.create_repo("model", REPO)
    api = HfApi(endpoint=hub.url, token=token)
    files = {f"data/{i}.txt": os.urandom(600 * 1024).hex()[:900_000].encode() for i in range(4)}  # 3.6 MB inline
    api.create_commit(
        REPO,
        operations=[CommitOperationAdd(path_in_repo=p, path_or_fileobj=d) for p, d in files.items()],
        commit_message="many small files",
    )
    stored = hub.store.files("model", REPO, hub.commits(REPO)[0])
    assert {p: stored[p].size for p in files} == {p: len(d) for p, d in files.items()}
    # One line (one file sent inline) over its cap is refused.
    line = json.dumps({"key": "file", "value": {"path": "big.txt", "encoding": "base64", "content": "A" * (3 * MiB)}})
    header = json.dumps({"key": "header", "value": {"summary": "too big"}})
    answer = _raw(hub, _post(f"/api/models/{REPO}/commit/main", f"{header}\n{line}\n".encode(), token=token))
    assert _status(answer) == 413
    assert len(hub.commits(REPO)) == 2


def test_a_commit_of_endless_lines_is_refused(hub, token):
    hub.store.create_repo("model", REPO)
    header = json.dumps({"key": "header", "value": {"summary": "blank lines"}}).encode()
    answer = _raw(hub, _post(f"/api/models/{REPO}/commit/main", header + b"\n" * 200_000, token=token))
    assert _status(answer) == 413 and b"more than 100000 lines" in answer
    assert len(hub.commits(REPO)) == 1


def test_a_stalled_body_is_answered_408(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", body_timeout=0.5)
    with socket.create_connection(_address(hub), timeout=10) as s:
        s.sendall(_post("/api/validate-yaml", b'{"content": "x"}', token=token)[:-4])  # the last 4 bytes never come
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
    assert _status(answer) == 408
    assert b"no request body received" in answer


# -- headers and names -----------------------------------------------------------------


def test_no_header_injection_through_the_url(hub):
    answer = _raw(hub, b"GET /acme/x%0D%0ASet-Cookie:%20a=b/resolve/main/f HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert _status(answer) == 400
    assert "set-cookie" not in _headers(answer)
    assert "\\r\\n" in _headers(answer)["x-error-message"]  # shown escaped
    raw_cr = _raw(hub, b"GET /acme/x\rSet-Cookie: a=b/resolve/main/f HTTP/1.1\r\nHost: hub\r\n\r\n")
    assert _status(raw_cr) == 400 and "set-cookie" not in _headers(raw_cr)


@pytest.mark.parametrize(
    "path",
    ["a\x00b.txt", "dir\\file.txt", "C:\\Windows\\x.txt", "C:/x.txt", "a\rSet-Cookie: x.txt", "a\nb.txt",
     "\uff0e\uff0e/escape.txt", "../escape.txt", "a/./b.txt", "/abs.txt", ".git/config", "a//b.txt"],
)
def test_commit_paths_that_no_client_could_address_are_refused(hub, token, path):
    hub.store.create_repo("model", REPO)
    lines = [
        {"key": "header", "value": {"summary": "hostile"}},
        {"key": "file", "value": {"path": path, "encoding": "base64", "content": base64.b64encode(b"x").decode()}},
    ]
    body = "\n".join(json.dumps(line) for line in lines).encode()
    status, headers, answer = hub.request(
        f"{hub.url}/api/models/{REPO}/commit/main", method="POST", body=body, token=token,
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert status == 400
    assert json.loads(answer)["error"].startswith("invalid path in repository `")
    assert headers["X-Error-Message"].isascii() and "\r" not in headers["X-Error-Message"]
    assert len(hub.commits(REPO)) == 1


@pytest.mark.parametrize("name", ["x\n", "x\r", "x y", "x\x00", "\u8bf4\u660e", "..", "x/y"])
def test_repository_names_are_refused_with_a_clear_400(hub, token, name):
    status, _, answer = hub.request(
        f"{hub.url}/api/repos/create", method="POST", body={"name": name, "organization": "acme"}, token=token
    )
    assert status == 400
    assert json.loads(answer)["error"].startswith("invalid repository id `acme/")
    assert hub.store.list_repos("model") == []


@pytest.mark.parametrize("name", ["main\n", "dev\r", "a..b", "-x", "x.lock", "refs/heads/x", "a b", "\u00e9t\u00e9"])
def test_branch_and_tag_names_are_refused_with_a_clear_400(hub, token, name):
    hub.store.create_repo("model", REPO)
    branch = hub.request(f"{hub.url}/api/models/{REPO}/branch/{quote(name, safe='')}", method="POST", body={}, token=token)
    tag = hub.request(f"{hub.url}/api/models/{REPO}/tag/main", method="POST", body={"tag": name}, token=token)
    assert json.loads(branch[2])["error"].startswith("invalid branch name `") and branch[0] == 400
    assert json.loads(tag[2])["error"].startswith("invalid tag name `") and tag[0] == 400
    assert hub.store.refs("model", REPO) == {"branches": {"main": hub.commits(REPO)[0]}, "tags": {}, "pulls": {}}


def test_a_non_latin1_file_name_can_be_pushed_and_pulled(hub, token, tmp_path):
    hub.store.create_repo("model", REPO)
    api = HfApi(endpoint=hub.url, token=token)
    name = "docs/\u8bf4\u660e \"notes\".txt"
    api.upload_file(path_or_fileobj="\u4f60\u597d\n".encode(), path_in_repo=name, repo_id=REPO)
    got = hf_hub_download(REPO, name, endpoint=hub.url, cache_dir=tmp_path / "cache")
    assert open(got, encoding="utf-8").read() == "\u4f60\u597d\n"
    folder = snapshot_download(REPO, endpoint=hub.url, local_dir=tmp_path / "snap")
    assert (tmp_path / "snap" / name).read_text(encoding="utf-8") == "\u4f60\u597d\n" and folder
    _, headers, _ = hub.request(f"{hub.url}/{REPO}/resolve/main/{quote(name)}", method="HEAD")
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"__ _notes_.txt\"; filename*=UTF-8''%E8%AF%B4%E6%98%8E%20%22notes%22.txt"
    )
    # A repository id that is not ASCII is refused in words, not by dropping the connection.
    answer = _raw(hub, f"GET /acme/{quote(chr(0x8BF4))}/resolve/main/x HTTP/1.1\r\nHost: hub\r\n\r\n".encode())
    assert _status(answer) == 400 and b"invalid repository id" in answer


# -- connections ---------------------------------------------------------------------


def test_many_fresh_connections_at_once_are_all_answered(hub):
    answers: list[int] = []
    lock = threading.Lock()

    def one() -> None:
        answer = _raw(hub, b"GET /api/agent-harnesses HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n", timeout=20)
        with lock:
            answers.append(_status(answer) if answer else 0)

    threads = [threading.Thread(target=one) for _ in range(300)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers == [200] * 300


def test_idle_connections_are_closed(hub_factory, tmp_path):
    hub = hub_factory(tmp_path / "root", header_timeout=0.5, keep_alive=1)
    silent = socket.create_connection(_address(hub), timeout=10)
    slow = socket.create_connection(_address(hub), timeout=10)
    slow.sendall(b"GET /api/agent-harnesses HTTP/1.1\r\nHo")  # headers that never end
    kept = socket.create_connection(_address(hub), timeout=10)
    kept.sendall(b"GET /api/agent-harnesses HTTP/1.1\r\nHost: hub\r\n\r\n")
    answer = b""
    while not (b"\r\n\r\n" in answer and _complete(answer)):
        answer += kept.recv(65536)
    assert _status(answer) == 200  # answered, then kept alive until idle too long
    for s in (silent, slow, kept):
        rest = b""
        while chunk := s.recv(65536):  # the server closes it: recv returns b"" (or the socket times out: fail)
            rest += chunk
        assert rest == b""
        s.close()


def test_others_are_answered_while_hostile_clients_hold_the_server(hub_factory, tmp_path, token):
    """A slow body, a huge body and hundreds of idle connections, and a normal client still gets its answer."""
    hub = hub_factory(tmp_path / "root")
    hub.store.create_repo("model", REPO)
    stop = threading.Event()
    idle = [socket.create_connection(_address(hub), timeout=30) for _ in range(300)]

    def slow_body() -> None:
        with socket.create_connection(_address(hub), timeout=30) as s:
            s.sendall(_post("/api/validate-yaml", b"x" * 10_000, token=token)[:-10_000])
            while not stop.is_set():
                s.sendall(b"x")
                stop.wait(0.2)

    def huge_body() -> None:
        head = f"POST /api/models/{REPO}/commit/main HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n\r\n"
        piece = b"%x\r\n%s\r\n" % (MiB, b"\n" * MiB)  # blank lines: legal, endless
        while not stop.is_set():  # refused (413), it comes back at once
            try:
                with socket.create_connection(_address(hub), timeout=30) as s:
                    s.sendall(head.encode())
                    while not stop.is_set():
                        s.sendall(piece)
            except OSError:
                pass

    hostile = [threading.Thread(target=slow_body, daemon=True), threading.Thread(target=huge_body, daemon=True)]
    for t in hostile:
        t.start()
    try:
        time.sleep(0.5)  # let them get going (not a measurement)
        info = HfApi(endpoint=hub.url, token=token).model_info(REPO, timeout=10)
        assert info.sha == hub.commits(REPO)[0]
        data = b"notes\n" * 1000
        oid = hashlib.sha256(data).hexdigest()
        api = HfApi(endpoint=hub.url, token=token)
        api.upload_file(path_or_fileobj=data, path_in_repo="notes.txt", repo_id=REPO)
        assert hub.store.blobs.size(oid) == len(data)
    finally:
        stop.set()
        for s in idle:
            s.close()
        for t in hostile:
            t.join(10)


# -- storage and uploads -------------------------------------------------------------


def test_files_left_by_an_interrupted_write_are_removed_at_start(tmp_path):
    from modelcard.hub.server.store import Store

    store = Store(tmp_path)
    store.create_repo("model", REPO)
    folder = store.repo_dir("model", REPO)
    crashed = [folder / ".tmp-refs", folder / "commits" / ".tmp-abc", tmp_path / ".tmp-secret"]
    for path in crashed:
        path.write_bytes(b"half")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    in_flight = folder / ".tmp-being-written"  # another process serving this root may be writing it now
    in_flight.write_bytes(b"now")
    Store(tmp_path)
    assert [p.exists() for p in crashed] == [False, False, False]
    assert in_flight.exists()


def _batch(hub, token, objects, transfers=("basic", "multipart")):
    status, _, body = hub.request(
        f"{hub.url}/{REPO}.git/info/lfs/objects/batch",
        method="POST",
        body={"operation": "upload", "transfers": list(transfers), "objects": objects},
        token=token,
    )
    assert status == 200
    return json.loads(body)["objects"]


def test_multipart_uploads_are_capped_in_size_and_number_and_expire(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", file_size=10 * MiB, multipart_threshold=MiB, multipart_chunk=MiB, multipart_uploads=2)
    hub.store.create_repo("model", REPO)
    huge = _batch(hub, token, [{"oid": "a" * 64, "size": 10 << 40}])  # 10 TB declared
    assert huge[0]["error"] == {"code": 422, "message": f"object larger than this server's limit of {10 * MiB} bytes"}
    first = _batch(hub, token, [{"oid": "b" * 64, "size": 3 * MiB}, {"oid": "c" * 64, "size": 3 * MiB}])
    assert all("actions" in o for o in first)
    status, headers, body = hub.request(
        f"{hub.url}/{REPO}.git/info/lfs/objects/batch", method="POST", token=token,
        body={"operation": "upload", "transfers": ["multipart"], "objects": [{"oid": "d" * 64, "size": 3 * MiB}]},
    )
    assert status == 503 and headers["Retry-After"] == "60"
    assert b"multipart uploads are already in flight" in body


def test_an_expired_multipart_upload_is_refused_and_its_file_removed(hub_factory, tmp_path, token):
    hub = hub_factory(tmp_path / "root", multipart_threshold=MiB, multipart_chunk=MiB, multipart_ttl=0)
    hub.store.create_repo("model", REPO)
    [planned] = _batch(hub, token, [{"oid": "b" * 64, "size": 3 * MiB}])
    part = planned["actions"]["upload"]["header"]["1"]
    status, _, body = hub.request(part, method="PUT", body=b"x" * MiB)
    assert status == 404 and b"unknown or expired multipart upload" in body
    assert [p for p in hub.store.blobs.tmp.iterdir() if p.name.endswith(".multipart")] == []


def test_verify_tells_nothing_without_the_signed_url_and_the_token(hub, token):
    hub.store.create_repo("model", REPO)
    data = b"weights" * 1000
    oid = hashlib.sha256(data).hexdigest()
    [planned] = _batch(hub, token, [{"oid": oid, "size": len(data)}], transfers=("basic",))
    assert hub.request(planned["actions"]["upload"]["href"], method="PUT", body=data)[0] == 200
    verify = planned["actions"]["verify"]["href"]
    body = {"oid": oid, "size": len(data)}
    assert hub.request(verify.split("?")[0], method="POST", body=body, token=token)[0] == 403  # unsigned
    assert hub.request(verify, method="POST", body=body)[0] == 401  # signed, but no token
    assert hub.request(verify, method="POST", body=body, token=token)[0] == 200
    other = hashlib.sha256(b"other").hexdigest()
    probe = verify.replace(oid, other)  # a signature is for one object only
    assert hub.request(probe, method="POST", body={"oid": other, "size": 5}, token=token)[0] == 403


def test_an_object_of_one_repository_is_neither_revealed_nor_reachable_from_another(hub, token):
    data = b"private weights" * 1000
    oid = hashlib.sha256(data).hexdigest()
    hub.store.create_repo("model", REPO, private=True)
    [planned] = _batch(hub, token, [{"oid": oid, "size": len(data)}], transfers=("basic",))
    assert hub.request(planned["actions"]["upload"]["href"], method="PUT", body=data)[0] == 200
    assert "actions" not in _batch(hub, token, [{"oid": oid, "size": len(data)}])[0]  # stored for this repository

    other = "mallory/probe"
    hub.store.create_repo("model", other)
    status, _, body = hub.request(
        f"{hub.url}/{other}.git/info/lfs/objects/batch", method="POST", token=token,
        body={"operation": "upload", "transfers": ["basic"], "objects": [{"oid": oid, "size": len(data)}]},
    )
    [asked] = json.loads(body)["objects"]
    assert "actions" in asked  # as for any object it does not hold: upload it
    verify = asked["actions"]["verify"]["href"]
    assert hub.request(verify, method="POST", body={"oid": oid, "size": len(data)}, token=token)[0] == 404
    pointer = [
        {"key": "header", "value": {"summary": "take it"}},
        {"key": "lfsFile", "value": {"path": "stolen.bin", "algo": "sha256", "oid": oid, "size": len(data)}},
    ]
    status, _, body = hub.request(
        f"{hub.url}/api/models/{other}/commit/main", method="POST", token=token,
        body="\n".join(json.dumps(line) for line in pointer).encode(), headers={"Content-Type": "application/x-ndjson"},
    )
    assert status == 400 and b"no uploaded object" in body
    assert len(hub.commits(other)) == 1

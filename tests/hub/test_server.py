"""The server's own guarantees: verified blobs, durable refs, protocol details."""

from __future__ import annotations

import hashlib
import json
import socket

import pytest
from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import EntryNotFoundError, RevisionNotFoundError

from modelcard.hub import load, push
from modelcard.hub.server.store import Operation, Store, StoreError, lfs_entry

REPO = "acme/tiny-sentiment"


def test_uploaded_bytes_must_hash_to_their_oid(hub, token):
    hub.store.create_repo("model", REPO)
    data = b"weights" * 1000
    oid = hashlib.sha256(data).hexdigest()
    status, _, body = hub.request(
        f"{hub.url}/{REPO}.git/info/lfs/objects/batch",
        method="POST",
        body={"operation": "upload", "transfers": ["basic"], "objects": [{"oid": oid, "size": len(data)}]},
        token=token,
    )
    assert status == 200
    href = json.loads(body)["objects"][0]["actions"]["upload"]["href"]
    forged = b"W" + data[1:]
    status, _, body = hub.request(href, method="PUT", body=forged)
    assert status == 400 and b"hash" in body
    assert hub.store.blobs.size(oid) is None
    status, _, _ = hub.request(href.split("?")[0], method="PUT", body=data)
    assert status == 403  # unsigned
    status, _, _ = hub.request(href, method="PUT", body=data)
    assert status == 200 and hub.store.blobs.size(oid) == len(data)
    # committing an oid that was never uploaded is refused
    with pytest.raises(StoreError, match="no uploaded object"):
        hub.store.commit("model", REPO, branch="main", operations=[Operation("lfsFile", "x.bin", lfs_entry("0" * 64, 3))], summary="x")


def test_writes_need_the_token(hub):
    status, headers, _ = hub.request(f"{hub.url}/api/repos/create", method="POST", body={"name": "x", "organization": "acme"})
    assert status == 401
    assert headers["X-Error-Message"] == "Invalid credentials in Authorization header"
    assert hub.store.list_repos("model") == []
    # The refused request's body is read to its end, so the connection serves the next request.
    body = b'{"name": "x", "organization": "acme"}'
    refused = b"POST /api/repos/create HTTP/1.1\r\nHost: hub\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    with socket.create_connection(hub.server.server_address, timeout=10) as s:
        s.sendall(refused + b"GET /api/agent-harnesses HTTP/1.1\r\nHost: hub\r\n\r\n")
        answers = b""
        while answers.count(b"HTTP/1.1 ") < 2 or not answers.endswith(b"}"):
            answers += s.recv(65536)
    assert answers.startswith(b"HTTP/1.1 401 ") and b"HTTP/1.1 200 OK" in answers


def test_multipart_upload(hub_factory, model_dir, tmp_path):
    hub = hub_factory(tmp_path / "root", multipart_threshold=1 << 20, multipart_chunk=1 << 20)
    result = push(model_dir, REPO, endpoint=hub.url)
    parts = [r for r in hub.stats.requests if "/part/" in r[1]]
    assert len(parts) == 4  # 3 MiB and a header: four 1 MiB parts
    model = load(REPO, endpoint=hub.url, local_dir=tmp_path / "dl")
    assert model.commit == result.commit


def test_download_headers_and_errors(hub, model_dir, tmp_path, token):
    result = push(model_dir, REPO, endpoint=hub.url)
    sha = hashlib.sha256((model_dir / "model.safetensors").read_bytes()).hexdigest()
    status, headers, body = hub.request(f"{hub.url}/{REPO}/resolve/main/model.safetensors", method="HEAD")
    assert status == 200 and body == b""
    assert headers["X-Repo-Commit"] == result.commit
    assert headers["X-Linked-Etag"] == f'"{sha}"'
    assert headers["X-Linked-Size"] == headers["Content-Length"] == str((model_dir / "model.safetensors").stat().st_size)
    status, headers, body = hub.request(
        f"{hub.url}/{REPO}/resolve/main/config.json", headers={"Range": "bytes=2-5"}
    )
    assert status == 206 and body == (model_dir / "config.json").read_bytes()[2:6]
    status, headers, _ = hub.request(f"{hub.url}/{REPO}/resolve/main/missing.txt")
    assert status == 404 and headers["X-Error-Code"] == "EntryNotFound" and headers["X-Repo-Commit"] == result.commit
    with pytest.raises(EntryNotFoundError):
        hf_hub_download(REPO, "missing.txt", endpoint=hub.url, cache_dir=tmp_path / "c")
    with pytest.raises(RevisionNotFoundError):
        hf_hub_download(REPO, "config.json", revision="nope", endpoint=hub.url, cache_dir=tmp_path / "c")


def test_commit_list_pages(hub, token):
    hub.store.create_repo("model", REPO)
    api = HfApi(endpoint=hub.url, token=token)
    for i in range(60):
        api.upload_file(path_or_fileobj=f"{i}\n".encode(), path_in_repo="n.txt", repo_id=REPO, commit_message=f"c{i}")
    commits = api.list_repo_commits(REPO)
    assert len(commits) == 61 and commits[0].title == "c59" and commits[-1].title == "initial commit"
    assert sum(1 for r in hub.stats.requests if "/commits/" in r[1]) == 2


def test_store_survives_a_crash_between_commit_and_refs(tmp_path):
    store = Store(tmp_path)
    store.create_repo("model", REPO)
    head = store.resolve("model", REPO, "main")
    # A commit snapshot written but refs never updated (the process died in between).
    folder = store.repo_dir("model", REPO)
    orphan = folder / "commits" / ("f" * 40 + ".json")
    orphan.write_text(json.dumps({"id": "f" * 40, "parents": [head], "files": {}}))
    (store.blobs.tmp / "upload-in-flight").write_bytes(b"partial")

    reopened = Store(tmp_path)
    assert reopened.resolve("model", REPO, "main") == head
    assert list(reopened.blobs.tmp.iterdir()) == []
    oid, _ = reopened.commit("model", REPO, branch="main", operations=[], summary="next", parent=head)
    with pytest.raises(StoreError) as stale:
        reopened.commit("model", REPO, branch="main", operations=[], summary="late", parent=head)
    assert stale.value.status == 412
    assert reopened.resolve("model", REPO, "main") == oid


def test_deletions(hub, model_dir, tmp_path, token):
    (model_dir / "tokenizer").mkdir()
    (model_dir / "tokenizer" / "vocab.txt").write_text("[UNK]\n")
    push(model_dir, REPO, endpoint=hub.url)
    api = HfApi(endpoint=hub.url, token=token)
    api.delete_file("tokenizer.json", repo_id=REPO)
    api.delete_folder("tokenizer", repo_id=REPO)
    files = {f.path for f in api.list_repo_tree(REPO, recursive=True)}
    assert files == {".gitattributes", "README.md", "config.json", "model.safetensors"}
    with pytest.raises(EntryNotFoundError):
        api.delete_file("tokenizer.json", repo_id=REPO)
    assert len(hub.commits(REPO)) == 4


def test_branches_and_tags(hub, token):
    from huggingface_hub.errors import HfHubHTTPError

    hub.store.create_repo("model", REPO)
    api = HfApi(endpoint=hub.url, token=token)
    main = hub.store.resolve("model", REPO, "main")
    api.create_branch(REPO, branch="dev")
    api.upload_file(path_or_fileobj=b"x\n", path_in_repo="x.txt", repo_id=REPO, revision="dev")
    dev = hub.store.resolve("model", REPO, "dev")
    assert dev != main and hub.store.resolve("model", REPO, "main") == main
    api.create_tag(REPO, tag="v1", revision="dev", tag_message="first")
    assert hub.store.resolve("model", REPO, "refs/tags/v1") == dev
    assert hub.store.refs("model", REPO)["tags"]["v1"] == {"commit": dev, "message": "first"}
    with pytest.raises(HfHubHTTPError) as exists:
        api.create_branch(REPO, branch="dev")
    assert exists.value.response.status_code == 409
    with pytest.raises(HfHubHTTPError) as exists:
        api.create_tag(REPO, tag="v1")
    assert exists.value.response.status_code == 409
    with pytest.raises(StoreError, match="invalid branch name `refs/heads/x`"):
        hub.store.create_branch("model", REPO, "refs/heads/x", None)
    with pytest.raises(HfHubHTTPError) as default:
        api.delete_branch(REPO, branch="main")
    assert default.value.response.status_code == 403
    api.delete_tag(REPO, tag="v1")
    api.delete_branch(REPO, branch="dev")
    assert hub.store.refs("model", REPO) == {"branches": {"main": main}, "tags": {}, "pulls": {}}
    with pytest.raises(RevisionNotFoundError):
        api.delete_tag(REPO, tag="v1")

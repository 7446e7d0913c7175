"""Faults during a push leave the repository unchanged or complete, never half."""

from __future__ import annotations

import json
import re
import threading

import anyio
import pytest

from modelcard.errors import HubError
from modelcard.hub import load, push

REPO = "acme/tiny-sentiment"


def _once(count: int = 1):
    """A thread-safe countdown: true the first ``count`` times."""
    left = [count]
    lock = threading.Lock()

    def take() -> bool:
        with lock:
            left[0] -= 1
            return left[0] >= 0

    return take


def _state(hub):
    return hub.store.refs("model", REPO), hub.commits(REPO)


COMMIT = re.compile(r"^/api/models/[^/]+/[^/]+/commit/")


async def _answer(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _drain(receive) -> None:
    while (await receive()).get("more_body"):
        pass


def test_500_on_commit_changes_nothing_and_a_retry_succeeds(hub_factory, model_dir, tmp_path):
    fail = _once()

    class FailingCommit:
        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] == "http" and COMMIT.match(scope["path"]) and fail():
                await _drain(receive)
                await _answer(send, 500, "internal server error")
                return
            await self.app(scope, receive, send)

    hub = hub_factory(tmp_path / "root", middleware=FailingCommit)
    hub.store.create_repo("model", REPO)
    before = _state(hub)
    with pytest.raises(HubError, match="the branch was not changed"):
        push(model_dir, REPO, endpoint=hub.url)
    assert _state(hub) == before

    hub.stats.reset()
    result = push(model_dir, REPO, endpoint=hub.url)
    assert hub.commits(REPO) == [result.commit, *before[1]]
    assert hub.stats.bytes_in < 20_000  # the weights uploaded by the failed push were kept


def test_connection_dropped_mid_upload_is_retried(hub_factory, cutting_proxy, model_dir, tmp_path):
    hub = hub_factory(tmp_path / "root")
    proxy = cutting_proxy(hub.url, b"PUT /_lfs/", forward=1 << 20)  # headers and 1 MiB of 3 MiB, then cut
    result = push(model_dir, REPO, endpoint=proxy.url)
    puts = [r for r in hub.stats.requests if r[0] == "PUT"]
    assert [status for _, _, status in puts] == [0, 200]  # the first went unanswered, its retry arrived
    assert hub.commits(REPO)[0] == result.commit
    assert len(hub.store.files("model", REPO, result.commit)) == 5
    assert list(hub.store.blobs.tmp.iterdir()) == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_connection_dropped_on_commit(hub_factory, cutting_proxy, model_dir, tmp_path, when):
    hub = hub_factory(tmp_path / "root")
    hub.store.create_repo("model", REPO)
    start = hub.commits(REPO)
    # before: the request never reaches the server; after: the commit is made, the answer is lost.
    proxy = cutting_proxy(hub.url, b"POST /api/models/acme/tiny-sentiment/commit/", forward=0 if when == "before" else None)
    with pytest.raises(HubError):
        push(model_dir, REPO, endpoint=proxy.url)
    after = hub.commits(REPO)
    if when == "before":
        assert after == start
    else:
        assert len(after) == len(start) + 1
        assert len(hub.store.files("model", REPO, after[0])) == 5

    retry = push(model_dir, REPO, endpoint=hub.url)
    assert retry.commit == hub.commits(REPO)[0]
    assert len(hub.commits(REPO)) == len(start) + 1
    assert len(hub.store.files("model", REPO, retry.commit)) == 5


def test_concurrent_pushes_one_wins_the_other_reports_a_conflict(hub_factory, model_dir, tmp_path, weights_writer):
    together = threading.Barrier(2, timeout=60)  # generous bounds: a loaded machine is slow

    class Together:
        """Holds each commit request until the other one arrives."""

        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] == "http" and COMMIT.match(scope["path"]):
                await anyio.to_thread.run_sync(together.wait)
            await self.app(scope, receive, send)

    hub = hub_factory(tmp_path / "root", middleware=Together)
    hub.store.create_repo("model", REPO)
    start = hub.commits(REPO)

    other = tmp_path / "other"
    other.mkdir()
    for name in ("README.md", "config.json", "tokenizer.json"):
        (other / name).write_bytes((model_dir / name).read_bytes())
    weights_writer(other / "model.safetensors", seed=1)

    outcomes: dict[str, object] = {}

    def run(name, folder):
        try:
            outcomes[name] = push(folder, REPO, endpoint=hub.url, message=f"push {name}")
        except HubError as e:
            outcomes[name] = e

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in (("a", model_dir), ("b", other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    errors = {n: o for n, o in outcomes.items() if isinstance(o, HubError)}
    wins = {n: o for n, o in outcomes.items() if not isinstance(o, HubError)}
    assert len(errors) == 1 and len(wins) == 1
    assert "conflict" in str(next(iter(errors.values()))) and "nothing was overwritten" in str(next(iter(errors.values())))
    winner = next(iter(wins.values()))
    assert hub.commits(REPO) == [winner.commit, *start]

    # The loser pushes again on top of the winner: both survive in the history.
    together.reset()
    threading.Thread(target=lambda: together.wait(), daemon=True).start()
    loser_folder = other if "b" in errors else model_dir
    retry = push(loser_folder, REPO, endpoint=hub.url)
    assert hub.commits(REPO) == [retry.commit, winner.commit, *start]


def test_read_only_mirror_is_enough_to_load(hub_factory, model_dir, tmp_path):
    asked: list[tuple[str, str]] = []
    readable = re.compile(r"^/api/agent-harnesses$|^/api/models/[^/]+/[^/]+(/revision/.*|/tree/.*)?$|^/[^/]+/[^/]+/resolve/")

    class ReadOnly:
        """A mirror that speaks only the download half of the protocol."""

        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                return await self.app(scope, receive, send)
            asked.append((scope["method"], scope["path"]))
            if scope["method"] not in ("GET", "HEAD") or not readable.match(scope["path"]):
                await _drain(receive)
                return await _answer(send, 405, "read-only mirror")
            await self.app(scope, receive, send)

    root = tmp_path / "root"
    full = hub_factory(root)
    result = push(model_dir, REPO, endpoint=full.url, tag="v1")
    mirror = hub_factory(root, middleware=ReadOnly)
    model = load(REPO, revision="v1", endpoint=mirror.url, local_dir=tmp_path / "dl")
    assert model.commit == result.commit
    assert asked and {method for method, _ in asked} <= {"GET", "HEAD"}
    assert any("/resolve/" in path for _, path in asked)

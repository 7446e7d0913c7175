"""Faults during a push leave the repository unchanged or complete, never half."""

from __future__ import annotations

import socket
import threading

import pytest

from modelcard.errors import HubError
from modelcard.hub import load, push
from modelcard.hub.server.app import Handler

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


def test_500_on_commit_changes_nothing_and_a_retry_succeeds(hub_factory, model_dir, tmp_path):
    fail = _once()

    class FailingCommit(Handler):
        def route_commit(self, **kwargs):
            if fail():
                self.read_body()
                self.send_error_json(500, "internal server error")
                return
            super().route_commit(**kwargs)

    hub = hub_factory(tmp_path / "root", handler=FailingCommit)
    hub.store.create_repo("model", REPO)
    before = _state(hub)
    with pytest.raises(HubError, match="the branch was not changed"):
        push(model_dir, REPO, endpoint=hub.url)
    assert _state(hub) == before

    hub.stats.reset()
    result = push(model_dir, REPO, endpoint=hub.url)
    assert hub.commits(REPO) == [result.commit, *before[1]]
    assert hub.stats.bytes_in < 20_000  # the weights uploaded by the failed push were kept


def test_connection_dropped_mid_upload_is_retried(hub_factory, model_dir, tmp_path):
    drop = _once()

    class DroppingUpload(Handler):
        def route_lfs_put(self, oid, size):
            if drop():
                self.rfile.read(size // 2)
                self.connection.shutdown(socket.SHUT_RDWR)
                raise ConnectionError("dropped on purpose")
            super().route_lfs_put(oid, size)

    hub = hub_factory(tmp_path / "root", handler=DroppingUpload)
    result = push(model_dir, REPO, endpoint=hub.url)
    puts = [r for r in hub.stats.requests if r[0] == "PUT"]
    assert len(puts) == 2 and puts[-1][2] == 200
    assert hub.commits(REPO)[0] == result.commit
    assert len(hub.store.files("model", REPO, result.commit)) == 5
    assert list(hub.store.blobs.tmp.iterdir()) == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_connection_dropped_on_commit(hub_factory, model_dir, tmp_path, when):
    drop = _once()

    class DroppingCommit(Handler):
        def route_commit(self, **kwargs):
            if not drop():
                return super().route_commit(**kwargs)
            if when == "after":
                # The commit is made, the answer is lost.
                self.send_json = lambda *a, **k: None  # type: ignore[method-assign]
                super().route_commit(**kwargs)
            else:
                self.read_body()
            self.connection.shutdown(socket.SHUT_RDWR)
            raise ConnectionError("dropped on purpose")

    hub = hub_factory(tmp_path / "root", handler=DroppingCommit)
    hub.store.create_repo("model", REPO)
    start = hub.commits(REPO)
    with pytest.raises(HubError):
        push(model_dir, REPO, endpoint=hub.url)
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
    together = threading.Barrier(2, timeout=20)

    class Together(Handler):
        def route_commit(self, **kwargs):
            together.wait()
            super().route_commit(**kwargs)

    hub = hub_factory(tmp_path / "root", handler=Together)
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
        t.join(30)

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
    class ReadOnly(Handler):
        def route(self, method, seg):
            name, kwargs = super().route(method, seg)
            if method not in ("GET", "HEAD") or name not in ("agent_harnesses", "repo_info", "tree", "resolve"):
                from modelcard.hub.server.errors import HttpError

                raise HttpError(405, "read-only mirror")
            return name, kwargs

    root = tmp_path / "root"
    full = hub_factory(root)
    result = push(model_dir, REPO, endpoint=full.url, tag="v1")
    mirror = hub_factory(root, handler=ReadOnly)
    model = load(REPO, revision="v1", endpoint=mirror.url, local_dir=tmp_path / "dl")
    assert model.commit == result.commit
    assert {r[0] for r in mirror.stats.requests} <= {"GET", "HEAD"}

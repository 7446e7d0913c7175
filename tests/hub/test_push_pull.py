"""Push and pull against the loopback server with the real client."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from huggingface_hub import HfApi

from modelcard.errors import HubError, UsageError
from modelcard.hub import load, push

REPO = "acme/tiny-sentiment"
SENT = ["README.md", "config.json", "model.safetensors", "tokenizer.json"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_one_push_is_one_commit_and_every_revision_pulls_it(hub, model_dir, tmp_path):
    from huggingface_hub import constants

    xet_before = constants.HF_HUB_DISABLE_XET
    result = push(model_dir, REPO, endpoint=hub.url, revision="team/release", tag="v1.0", message="First release")

    assert result.created_commit and result.parent is not None
    # hf_xet is installed but this server does not speak Xet: Git LFS was used for
    # the push, and the client's setting is back as it was.
    assert result.xet is False and constants.HF_HUB_DISABLE_XET is xet_before
    assert any(r[1].endswith("/xet-write-token/team%2Frelease") and r[2] == 404 for r in hub.stats.requests)
    assert [f.path for f in result.files] == SENT
    assert {f.path: f.mode for f in result.files}["model.safetensors"] == "lfs"
    assert "training_args.bin" in result.ignored and "checkpoint-10/optimizer.pt" in result.ignored
    # exactly one commit on top of the branch's start, holding everything
    assert hub.commits(REPO, "team/release") == [result.commit, result.parent]
    api = HfApi(endpoint=hub.url)
    files = {f.path for f in api.list_repo_tree(REPO, revision=result.commit, recursive=True)}
    assert files == {".gitattributes", *SENT}
    refs = api.list_repo_refs(REPO)
    assert {b.name: b.target_commit for b in refs.branches}["team/release"] == result.commit
    assert {t.name: t.target_commit for t in refs.tags} == {"v1.0": result.commit}
    assert api.list_repo_commits(REPO, revision="team/release")[0].title == "First release"

    for revision in ("team/release", "v1.0", result.commit, result.commit[:7]):
        model = load(REPO, revision=revision, endpoint=hub.url, local_dir=tmp_path / revision[:10].replace("/", "_"))
        assert model.commit == result.commit
        assert model.parameters == 768 * 1024
        assert model.card.metadata["license"] == "apache-2.0"
        assert _sha(model.folder / "model.safetensors") == _sha(model_dir / "model.safetensors")
        assert not (model.folder / "training_args.bin").exists()


def test_invalid_card_sends_nothing(hub, model_dir):
    (model_dir / "README.md").write_text("---\nlicense: [apache-2.0\n---\n# broken\n")
    with pytest.raises(HubError, match="nothing was sent"):
        push(model_dir, REPO, endpoint=hub.url)
    assert list(hub.stats.requests) == []
    assert hub.stats.bytes_in == 0
    assert hub.store.list_repos("model") == []


def test_second_push_sends_only_what_changed(hub, model_dir):
    first = push(model_dir, REPO, endpoint=hub.url)
    hub.stats.reset()

    again = push(model_dir, REPO, endpoint=hub.url)
    assert not again.created_commit and again.commit == first.commit
    assert {f.status for f in again.files} == {"unchanged"}
    assert hub.stats.bytes_in < 10_000

    (model_dir / "config.json").write_text('{"model_type": "bert", "hidden_size": 1024}\n')
    hub.stats.reset()
    changed = push(model_dir, REPO, endpoint=hub.url)
    assert [f.path for f in changed.changed] == ["config.json"]
    assert hub.commits(REPO)[:2] == [changed.commit, first.commit]
    assert hub.stats.bytes_in < 20_000  # the 3 MiB of weights were not sent again


def test_dry_run_plans_and_sends_nothing(hub, model_dir):
    plan = push(model_dir, REPO, endpoint=hub.url, dry_run=True)
    assert {f.path: f.status for f in plan.files} == dict.fromkeys(SENT, "new")
    assert plan.commit is None
    assert hub.store.list_repos("model") == []

    push(model_dir, REPO, endpoint=hub.url)
    (model_dir / "tokenizer.json").write_text("{}\n")
    before = hub.commits(REPO)
    plan = push(model_dir, REPO, endpoint=hub.url, dry_run=True)
    statuses = {f.path: (f.mode, f.status) for f in plan.files}
    assert statuses["model.safetensors"] == ("lfs", "unchanged")
    assert statuses["tokenizer.json"] == ("regular", "changed")
    assert hub.commits(REPO) == before


def test_include_exclude_and_secrets(hub, model_dir):
    result = push(
        model_dir,
        REPO,
        endpoint=hub.url,
        include=["checkpoint-*/", "training_args.bin"],
        exclude=["tokenizer.json"],
    )
    paths = [f.path for f in result.files]
    assert "checkpoint-10/optimizer.pt" in paths
    assert "tokenizer.json" not in paths
    assert "training_args.bin" not in paths  # holds a token: never sent


def test_create_pr_leaves_main_alone(hub, model_dir):
    push(model_dir, REPO, endpoint=hub.url)
    main = hub.commits(REPO)[0]
    (model_dir / "config.json").write_text('{"model_type": "bert", "hidden_size": 512}\n')
    result = push(model_dir, REPO, endpoint=hub.url, create_pr=True)
    assert result.pr_url and result.pr_url.endswith("/discussions/1")
    assert hub.commits(REPO)[0] == main
    assert hub.store.resolve("model", REPO, "refs/pr/1") == result.commit
    with pytest.raises(UsageError):
        push(model_dir, REPO, endpoint=hub.url, create_pr=True, revision="dev")


def test_private_repo_needs_the_token(hub, model_dir, tmp_path, monkeypatch):
    push(model_dir, REPO, endpoint=hub.url, private=True)
    monkeypatch.delenv("HF_TOKEN")
    with pytest.raises(HubError, match="not found"):
        load(REPO, endpoint=hub.url, local_dir=tmp_path / "anon", token="hf_" + "w" * 34)
    model = load(REPO, endpoint=hub.url, local_dir=tmp_path / "owner", token=hub.server.token)
    assert model.parameters == 768 * 1024


def test_pull_refuses_a_card_that_disagrees_with_its_weights(hub, model_dir, tmp_path):
    card = (model_dir / "README.md").read_text().replace("Parameters: 786,432", "Parameters: 1.5M")
    (model_dir / "README.md").write_text(card)
    push(model_dir, REPO, endpoint=hub.url)
    with pytest.raises(HubError, match="safetensors headers count 786,432"):
        load(REPO, endpoint=hub.url, local_dir=tmp_path / "dl")


def test_restarted_server_serves_the_same_bytes(hub_factory, model_dir, tmp_path):
    root = tmp_path / "root"
    first = hub_factory(root)
    result = push(model_dir, REPO, endpoint=first.url, tag="v1")
    first.stop()

    second = hub_factory(root)
    model = load(REPO, revision="v1", endpoint=second.url)  # into the cache this time
    assert model.folder.name == result.commit
    assert model.commit == result.commit
    for name in SENT:
        assert _sha(model.folder / name) == _sha(model_dir / name)


def test_pull_detects_bytes_that_differ_from_the_recorded_hash(hub, model_dir, tmp_path):
    result = push(model_dir, REPO, endpoint=hub.url)
    entry = hub.store.files("model", REPO, result.commit)["model.safetensors"]
    blob = hub.store.blobs.path(entry.sha256)
    data = bytearray(blob.read_bytes())
    data[-1] ^= 0xFF  # bit rot on the server, same size
    blob.write_bytes(bytes(data))
    with pytest.raises(HubError, match="model.safetensors` hashes to sha256"):
        load(REPO, endpoint=hub.url, local_dir=tmp_path / "dl")


def test_no_verify_pushes_and_pull_still_checks_the_links(hub, model_dir, tmp_path):
    readme = model_dir / "README.md"
    readme.write_text(readme.read_text().replace("[config.json](config.json)", "[the vocabulary](vocab.txt)"))
    with pytest.raises(HubError, match="MC206"):
        push(model_dir, REPO, endpoint=hub.url)
    result = push(model_dir, REPO, endpoint=hub.url, verify=False)
    assert result.created_commit and not result.verified
    assert any(d.code == "MC206" for d in result.diagnostics)
    with pytest.raises(HubError, match="links to `vocab.txt`"):
        load(REPO, endpoint=hub.url, local_dir=tmp_path / "dl")


def test_nested_and_unusual_file_names(hub, model_dir, tmp_path):
    (model_dir / "tokenizer").mkdir()
    (model_dir / "tokenizer" / "special tokens map.json").write_text('{"unk": "[UNK]"}\n')
    (model_dir / "tokenizer" / "vocab #1.txt").write_text("[UNK]\nhello\n")
    result = push(model_dir, REPO, endpoint=hub.url)
    model = load(REPO, revision=result.commit[:10], endpoint=hub.url, local_dir=tmp_path / "dl")
    for name in ("tokenizer/special tokens map.json", "tokenizer/vocab #1.txt"):
        assert (model.folder / name).read_bytes() == (model_dir / name).read_bytes()

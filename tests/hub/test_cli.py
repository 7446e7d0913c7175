"""The push, pull and hub commands, and the token kept out of every output."""

from __future__ import annotations

import logging

from modelcard.cli.main import main

REPO = "acme/tiny-sentiment"


def _everything(capsys, caplog, hub) -> str:
    out, err = capsys.readouterr()
    return out + err + caplog.text + hub.log.getvalue() + "".join(str(r) for r in hub.stats.requests)


def test_push_dry_run_then_push_then_pull(hub, model_dir, tmp_path, capsys, caplog, token):
    caplog.set_level(logging.DEBUG)
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "model.safetensors" in out and "large file" in out and "new" in out
    assert "training_args.bin" in out and "ignored" in out
    assert "nothing was sent" in out
    assert hub.store.list_repos("model") == []

    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--tag", "v1"]) == 0
    out = capsys.readouterr().out
    assert "pushed 4 of 4 files" in out and "tagged v1" in out

    dest = tmp_path / "pulled"
    assert main(["pull", REPO, "--revision", "v1", "--dir", str(dest), "--endpoint", hub.url]) == 0
    out = capsys.readouterr().out
    assert "786,432 parameters" in out and str(dest) in out
    assert token not in _everything(capsys, caplog, hub)


def test_wrong_token_is_refused_and_never_printed(hub, model_dir, capsys, caplog, token):
    caplog.set_level(logging.DEBUG)
    wrong = "hf_" + "WrongTokenAlsoSecret" + "y" * 14
    code = main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--token", wrong])
    assert code == 1
    text = _everything(capsys, caplog, hub)
    assert "not authorized" in text
    assert wrong not in text and token not in text
    # nothing was written by the refused push
    assert hub.store.list_repos("model") == []


def test_invalid_card_refused_and_no_verify_warns(hub, model_dir, capsys):
    readme = model_dir / "README.md"
    readme.write_text(readme.read_text().replace("license: apache-2.0", "license: [apache-2.0"))
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url]) == 1
    err = capsys.readouterr().err
    assert "nothing was sent" in err and "MC003" in err
    assert list(hub.stats.requests) == []

    # Overridden, loudly; the server checks the metadata before the commit, as the Hub does,
    # and refuses it: the client's message carries the server's finding. The repository was
    # created before the commit was tried, and holds only its first commit.
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--no-verify"]) == 1
    err = capsys.readouterr().err
    assert "warning: --no-verify" in err
    assert "Invalid metadata in README.md." in err and "(MC003 at line 3, column 9)" in err
    assert hub.store.list_repos("model") == [REPO]
    assert len(hub.commits(REPO)) == 1


def test_secrets_never_reach_the_server(hub, model_dir, token):
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url]) == 0
    for blob in (hub.store.root / "blobs").rglob("*"):
        if blob.is_file():
            assert token.encode() not in blob.read_bytes()


def test_an_upload_cut_off_every_time_is_a_clear_message(hub, cutting_proxy, model_dir, capsys, token):
    proxy = cutting_proxy(hub.url, b"PUT /_lfs/", forward=1 << 20, times=100)  # the network fails every upload
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", proxy.url]) == 1
    err = capsys.readouterr().err
    assert "unexpected error" not in err
    assert err.splitlines()[-1].startswith(
        f"modelcard: error: push to `{REPO}@main` failed: Error while uploading 'model.safetensors' to the Hub. The upload was interrupted: "
    )
    assert err.rstrip().endswith("The branch was not changed; run the push again: files that arrived are not sent twice")
    assert len(hub.commits(REPO)) == 1 and token not in err

"""A push never publishes a secret, a file from outside the folder, or hangs on a FIFO."""

from __future__ import annotations

import json
import os
import random
import string
from pathlib import Path

import pytest

from modelcard.cli.main import main
from modelcard.errors import HubError
from modelcard.hub import push

REPO = "acme/tiny-sentiment"
_RANDOM = random.Random(8)
HF = "hf" + "_" + "".join(_RANDOM.choice(string.ascii_letters) for _ in range(34))
WANDB = "".join(_RANDOM.choice("0123456789abcdef") for _ in range(40))
AWS = "".join(_RANDOM.choice(string.ascii_letters + string.digits) for _ in range(39)) + "/"


def assert_nothing_sent(hub) -> None:
    assert list(hub.stats.requests) == []
    assert hub.stats.bytes_in == 0
    assert hub.store.list_repos("model") == []


@pytest.mark.parametrize("verify", [True, False])
def test_a_token_in_training_args_refuses_the_push(hub, model_dir, verify):
    args = {"output_dir": "out", "learning_rate": 5e-5, "hub_token": HF, "push_to_hub": True}
    (model_dir / "training_args.json").write_text(json.dumps(args, indent=2) + "\n")
    with pytest.raises(HubError) as error:
        push(model_dir, REPO, endpoint=hub.url, verify=verify)
    message = str(error.value)
    assert message.startswith("1 secret(s) in the files to push; nothing was sent:\n  training_args.json:4: Hugging Face token\n")
    assert message.endswith("; or send JSON files such as `training_args.json` without their secrets: --scrub")
    assert HF not in message and HF[3:20] not in message
    assert_nothing_sent(hub)


def test_every_text_file_is_scanned_and_named_with_its_line(hub, model_dir):
    (model_dir / "config.json").write_text(json.dumps({"model_type": "bert", "wandb_key": WANDB}, indent=1))
    (model_dir / "handler.py").write_text(f"import os\n\nAWS_SECRET_ACCESS_KEY={AWS}\n")
    (model_dir / "notes.txt").write_text("deploy with\nDB_PASSWORD=Zq8" + "x7Lm2Pw9Rt4" + "\n")
    (model_dir / "scores.csv").write_text("name,value\nslack,https://hooks.slack.com/services/T0AB12CD3/B0AB12CD3/" + "aZ3" * 8 + "\n")
    with pytest.raises(HubError) as error:
        push(model_dir, REPO, endpoint=hub.url, dry_run=True)
    lines = str(error.value).splitlines()
    assert lines[1:5] == [
        "  config.json:3: Weights & Biases API key",
        "  handler.py:3: AWS secret access key",
        "  notes.txt:2: value of `DB_PASSWORD`",
        "  scores.csv:2: Slack webhook URL",
    ]
    assert all(secret not in str(error.value) for secret in (WANDB, AWS, "x7Lm2Pw9Rt4"))
    assert_nothing_sent(hub)


def test_a_secret_deep_in_a_large_file_is_found_with_its_line(hub, model_dir):
    vocab = "".join(f"token{i}\n" for i in range(700_000))  # about 7 MB: two chunks and more
    (model_dir / "vocab.txt").write_text(vocab + f"api_key = '{WANDB}'\n")
    with pytest.raises(HubError, match=r"\n  vocab.txt:700001: value of `api_key`\n"):
        push(model_dir, REPO, endpoint=hub.url)
    assert_nothing_sent(hub)


def test_placeholders_do_not_stop_a_push(hub, model_dir):
    args = {"output_dir": "out", "hub_token": "<HUB_TOKEN>", "push_to_hub_token": None, "report_to": ["wandb"]}
    (model_dir / "training_args.json").write_text(json.dumps(args, indent=2) + "\n")
    result = push(model_dir, REPO, endpoint=hub.url)
    assert "training_args.json" in [f.path for f in result.files]
    assert result.created_commit


def test_a_link_to_a_file_outside_the_folder_is_refused(hub, model_dir, tmp_path):
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (model_dir / "extra.txt").symlink_to(outside)
    with pytest.raises(HubError) as error:
        push(model_dir, REPO, endpoint=hub.url)
    assert str(error.value).startswith("`extra.txt`: symbolic link(s) to files outside")
    assert_nothing_sent(hub)

    result = push(model_dir, REPO, endpoint=hub.url, exclude=["extra.txt"])
    assert "extra.txt" not in [f.path for f in result.files]
    assert "extra.txt" in result.ignored


def test_a_linked_folder_outside_is_refused_and_links_inside_are_sent(hub, model_dir, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "id_rsa.pub").write_text("ssh-ed25519 AAAA\n")
    (model_dir / "keys").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(HubError, match="^`keys`: symbolic link"):
        push(model_dir, REPO, endpoint=hub.url)
    assert_nothing_sent(hub)
    os.unlink(model_dir / "keys")

    (model_dir / "tokenizer_config.json").symlink_to("tokenizer.json")
    result = push(model_dir, REPO, endpoint=hub.url)
    assert {"tokenizer.json", "tokenizer_config.json"} <= {f.path for f in result.files}


@pytest.mark.timeout(60)
def test_a_fifo_is_skipped_with_a_note_and_never_opened(hub, model_dir, capsys):
    os.mkfifo(model_dir / "notes.md")  # opening it for reading would block forever
    result = push(model_dir, REPO, endpoint=hub.url)
    assert "notes.md" not in [f.path for f in result.files]
    assert "skipped `notes.md`: a FIFO, not a file" in result.notes

    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url]) == 0
    assert "skipped `notes.md`: a FIFO, not a file" in capsys.readouterr().err


def test_the_cli_refuses_with_no_verify_too(hub, model_dir, capsys):
    (model_dir / "README.md").write_text(
        (model_dir / "README.md").read_text() + f"\n```\nhuggingface-cli login --token {HF}\n```\n"
    )
    code = main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--no-verify"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "README.md:" in err and ": Hugging Face token" in err and "nothing was sent" in err
    assert HF not in out + err
    assert_nothing_sent(hub)


def test_scrub_sends_training_args_without_the_secret_and_leaves_the_file_alone(hub, model_dir, tmp_path, capsys):
    args = {"output_dir": "out", "learning_rate": 5e-5, "hub_token": HF, "run_name": f"run {HF}", "seed": 42}
    original = json.dumps(args, indent=2) + "\n"
    (model_dir / "training_args.json").write_text(original)
    assert main(["push", str(model_dir), "--repo-id", REPO, "--endpoint", hub.url, "--scrub"]) == 0
    out, err = capsys.readouterr()
    assert "`training_args.json` is sent without its secrets (--scrub); the file on disk is unchanged" in err
    assert (model_dir / "training_args.json").read_text() == original

    from modelcard.hub import load

    pulled = load(REPO, endpoint=hub.url, local_dir=tmp_path / "pulled")
    sent = json.loads((pulled.folder / "training_args.json").read_text())
    assert sent == {"output_dir": "out", "learning_rate": 5e-5, "run_name": "run <redacted>", "seed": 42}
    assert HF not in "".join(str(r) for r in hub.stats.requests)

    again = push(model_dir, REPO, endpoint=hub.url, scrub=True)
    assert {f.path: f.status for f in again.files}["training_args.json"] == "unchanged"


def test_scrub_does_not_let_other_files_through(hub, model_dir):
    (model_dir / "training_args.json").write_text(json.dumps({"hub_token": HF}) + "\n")
    (model_dir / "handler.py").write_text(f"TOKEN = '{HF}'\n")
    with pytest.raises(HubError, match=r"^1 secret\(s\) in the files to push; nothing was sent:\n  handler.py:1: Hugging Face token\n"):
        push(model_dir, REPO, endpoint=hub.url, scrub=True)
    assert_nothing_sent(hub)


def test_a_latin1_text_file_is_scanned_too(hub, model_dir):
    (model_dir / "notes.txt").write_bytes("Modèle entraîné\n".encode("latin-1") + f"token: {HF}\n".encode())
    with pytest.raises(HubError, match=r"\n  notes.txt:2: Hugging Face token\n"):
        push(model_dir, REPO, endpoint=hub.url)
    assert_nothing_sent(hub)

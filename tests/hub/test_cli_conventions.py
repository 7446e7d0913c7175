"""Hub commands as a CLI user expects them: one message for a missing repository,
local mistakes caught before any request, progress bars only on a terminal."""

from __future__ import annotations

import sys

import pytest

import modelcard
from modelcard.cli.main import main
from modelcard.errors import UsageError

CLOSED = "http://127.0.0.1:9"  # nothing listens: any request would fail with "connection refused"


@pytest.mark.parametrize("repo_id", ["badrepo", "acme/missing"])
def test_a_missing_repository_gets_one_clear_message_with_or_without_a_namespace(hub, repo_id: str, capsys) -> None:
    assert main(["pull", repo_id, "--endpoint", hub.url]) == 1
    assert capsys.readouterr().err == (
        f"modelcard: error: cannot download `{repo_id}@main` from {hub.url}: "
        "repository not found (or no access with this token)\n"
    )


@pytest.mark.parametrize("command", [["pull", "acme/bad name!"], ["push", "{model}", "--repo-id", "acme/bad name!"]])
def test_an_invalid_repository_id_is_a_usage_error_before_any_request(model_dir, command: list[str], capsys) -> None:
    argv = [part.format(model=model_dir) for part in command]
    assert main([*argv, "--endpoint", CLOSED]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelcard: error: `acme/bad name!` is not a repository id (Repo id must use alphanumeric chars")
    assert CLOSED not in err and "refused" not in err


def test_the_python_api_raises_a_usage_error_for_a_bad_repository_id(model_dir) -> None:
    with pytest.raises(UsageError, match="is not a repository id"):
        modelcard.push(model_dir, "a/b/c", endpoint=CLOSED)
    with pytest.raises(UsageError, match="is not a repository id"):
        modelcard.load("-bad-", endpoint=CLOSED)


@pytest.fixture
def progress_bars_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """huggingface_hub's default (bars allowed), whatever the environment running the tests sets."""
    import importlib

    from huggingface_hub import constants

    hf_tqdm = importlib.import_module("huggingface_hub.utils.tqdm")

    monkeypatch.setattr(constants, "HF_HUB_DISABLE_PROGRESS_BARS", None)
    monkeypatch.setattr(hf_tqdm, "HF_HUB_DISABLE_PROGRESS_BARS", None)
    monkeypatch.setattr(hf_tqdm, "progress_bar_states", {})


def test_the_python_api_shows_progress_bars_only_on_a_terminal(
    hub, model_dir, tmp_path, capfd, monkeypatch, progress_bars_allowed
) -> None:
    from huggingface_hub.utils import are_progress_bars_disabled

    modelcard.push(model_dir, "acme/quiet", endpoint=hub.url)
    modelcard.load("acme/quiet", local_dir=tmp_path / "quiet", endpoint=hub.url)
    assert "it/s" not in capfd.readouterr().err
    assert not are_progress_bars_disabled()  # the caller's setting is left as it was

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    modelcard.load("acme/quiet", local_dir=tmp_path / "loud", endpoint=hub.url)
    assert "it/s" in capfd.readouterr().err

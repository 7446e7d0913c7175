"""Hub commands as a CLI user expects them: one message for a missing repository,
local mistakes caught before any request, progress bars only on a terminal."""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path

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


# A user's script: push and load through the Python API, then say whether the bars are still allowed.
_SCRIPT = """
import sys
import modelcard
from huggingface_hub.utils import are_progress_bars_disabled

endpoint, repo, local_dir = sys.argv[1:4]
if len(sys.argv) > 4:
    modelcard.push(sys.argv[4], repo, endpoint=endpoint)
modelcard.load(repo, local_dir=local_dir, endpoint=endpoint)
print("bars disabled:", are_progress_bars_disabled())
"""


def _user_env(token: str, home: Path) -> dict[str, str]:
    """The environment of a user at a terminal: no ``HF_HUB_DISABLE_*`` switch, no ``CI``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_HUB_DISABLE") and k != "CI"}
    env.update(HF_TOKEN=token, HF_HOME=str(home))
    return env


def _on_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str]:
    """Run ``args`` with stderr on a real (pseudo-)terminal; return its stdout and what the terminal showed."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # 80 columns, as a window has
    process = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    shown = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(controller)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    text = b"".join(shown).decode(errors="replace")
    assert process.wait(timeout=120) == 0, text
    return out, text


def test_the_python_api_shows_progress_bars_only_on_a_terminal(hub, model_dir, tmp_path, token) -> None:
    env = _user_env(token, tmp_path / "hf-home")
    script = [sys.executable, "-c", _SCRIPT, hub.url, "acme/quiet"]

    piped = subprocess.run(
        [*script, str(tmp_path / "quiet"), str(model_dir)], env=env, capture_output=True, text=True, timeout=120
    )
    assert piped.returncode == 0, piped.stderr
    assert "it/s" not in piped.stderr
    assert piped.stdout == "bars disabled: False\n"  # the caller's setting is left as it was

    out, shown = _on_terminal([*script, str(tmp_path / "loud")], env)
    assert "it/s" in shown
    assert out == "bars disabled: False\n"

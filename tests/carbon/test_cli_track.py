"""``modelcard track -- COMMAND``: exit codes, signals, missing codecarbon."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.cli.main import main

SLEEPER = """
import signal, sys, time
def stop(signum, frame):
    print(f"child got {signal.Signals(signum).name}", flush=True)
    sys.exit(100 + signum)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
print("ready", flush=True)
time.sleep(60)
sys.exit(0)
"""


@pytest.mark.parametrize("code", [0, 7])
def test_exit_code_passes_through(tmp_path: Path, helpers, code: int, capsys) -> None:
    argv = ["track", "--country", "FRA", "--output-dir", str(tmp_path), "--"]
    assert main([*argv, sys.executable, "-c", f"raise SystemExit({code})"]) == code
    [row] = helpers.rows(tmp_path)
    assert row["country_iso_code"] == "FRA"
    [run] = helpers.caveat_runs(tmp_path)
    assert run["outcome"] == ("completed" if code == 0 else "failed")
    assert "g CO2eq" in capsys.readouterr().err


def test_a_crashed_child_still_leaves_a_row(tmp_path: Path, helpers) -> None:
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    assert main(["track", "--output-dir", str(tmp_path), "--", sys.executable, "-c", crash]) == 128 + 9
    assert len(helpers.rows(tmp_path)) == 1
    assert helpers.caveat_runs(tmp_path)[0]["outcome"] == "interrupted"


DEFAULT_SLEEPER = """
import time
print("ready", flush=True)
time.sleep(60)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_child_killed_by_a_signal_leaves_a_row(tmp_path: Path, helpers, signum: int) -> None:
    out = tmp_path / "run"
    parent = subprocess.Popen(
        [helpers.python, "-m", "modelcard", "track", "--output-dir", str(out), "--",
         helpers.python, "-c", DEFAULT_SLEEPER],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=helpers.clean_env(), start_new_session=True,
    )  # fmt: skip
    try:
        assert parent.stdout.readline().strip() == "ready"
        parent.send_signal(signum)  # forwarded; the child has Python's default handling
        _, stderr = parent.communicate(timeout=60)
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
    assert parent.returncode == 128 + signum, stderr  # as a shell reports a child killed by signal N
    assert len(helpers.rows(out)) == 1
    assert helpers.caveat_runs(out)[0]["outcome"] == "interrupted"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_is_forwarded_and_the_row_written(tmp_path: Path, helpers, signum: int) -> None:
    out = tmp_path / "run"
    parent = subprocess.Popen(
        [helpers.python, "-m", "modelcard", "track", "--output-dir", str(out), "--", helpers.python, "-c", SLEEPER],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=helpers.clean_env(),
        start_new_session=True,  # no controlling terminal: every SIGINT is forwarded
    )
    try:
        assert parent.stdout.readline().strip() == "ready"
        parent.send_signal(signum)
        stdout, stderr = parent.communicate(timeout=60)
    finally:
        if parent.poll() is None:
            os.killpg(parent.pid, signal.SIGKILL)
    name = signal.Signals(signum).name
    assert f"child got {name}" in stdout
    assert parent.returncode == 100 + signum, stderr
    assert len(helpers.rows(out)) == 1
    assert helpers.caveat_runs(out)[0]["outcome"] == "interrupted"


def test_no_command_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["track", "--output-dir", str(tmp_path)]) == 2
    assert "no command to run" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_an_unknown_command_is_named(tmp_path: Path, capsys) -> None:
    assert main(["track", "--output-dir", str(tmp_path), "--", "no-such-program-xyz"]) == 127  # as shells do
    assert "command not found: `no-such-program-xyz`" in capsys.readouterr().err


BLOCK_CODECARBON = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "codecarbon" or name.startswith("codecarbon."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from modelcard.cli.main import main
raise SystemExit(main(sys.argv[1:]))
"""


def test_missing_codecarbon_names_the_extra_and_runs_nothing(tmp_path: Path, helpers) -> None:
    marker = tmp_path / "ran"
    proc = subprocess.run(
        [helpers.python, "-c", BLOCK_CODECARBON, "track", "--output-dir", str(tmp_path), "--",
         helpers.python, "-c", f"open({str(marker)!r}, 'w')"],
        capture_output=True, text=True, env=helpers.clean_env(), timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "modelcard: error: `codecarbon` is not installed; install it with `pip install 'modelcard[carbon]'`"
    )
    assert not marker.exists()
    assert not list(tmp_path.iterdir())

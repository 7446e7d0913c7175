"""``modelcard hub serve``: bad settings are one line and exit 2; the token from a file or the environment."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from modelcard.cli.main import main


def _serve(*args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """A server process on a free port and its URL (read from its first line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelcard", "hub", "serve", "--port", "0", *args],
        stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
    )
    line = proc.stderr.readline()
    if line.startswith("modelcard: warning:"):
        line = proc.stderr.readline()
    match = re.search(r" at (http://\S+) ", line)
    if not match:
        proc.kill()
        raise AssertionError(f"no URL in {line!r}: {proc.communicate(timeout=10)[1]}")
    return proc, match.group(1)


def _stop(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=20)
    return proc.returncode


def _create(url: str, token: str | None) -> int:
    request = urllib.request.Request(
        f"{url}/api/repos/create", data=json.dumps({"name": "m", "organization": "acme"}).encode(), method="POST"
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path, capsys):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["hub", "serve", "--root", str(tmp_path / "root"), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"modelcard: error: cannot serve on 127.0.0.1:{port}: the port is in use; "
        "choose another with --port (0 picks a free one)\n"
    )


@pytest.mark.parametrize("port", ["65536", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(tmp_path, capsys, port):
    assert main(["hub", "serve", "--root", str(tmp_path), "--port", port]) == 2
    err = capsys.readouterr().err
    assert "argument --port:" in err and "unexpected" not in err


def test_a_root_that_is_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["hub", "serve", "--root", str(tmp_path / "file"), "--port", "0"]) == 2
    assert capsys.readouterr().err == f"modelcard: error: --root `{tmp_path / 'file'}` is not a folder\n"


def test_an_unknown_host_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["hub", "serve", "--root", str(tmp_path), "--host", "no-such-host.invalid", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelcard: error: cannot serve on `no-such-host.invalid`: ") and err.count("\n") == 1


def test_host_ipv6_any_serves_ipv6_and_ipv4(tmp_path):
    proc, url = _serve("--root", str(tmp_path), "--host", "::")
    try:
        port = url.rsplit(":", 1)[1]
        assert url == f"http://[::]:{port}"
        for host in ("[::1]", "127.0.0.1"):
            with urllib.request.urlopen(f"http://{host}:{port}/api/agent-harnesses", timeout=20) as response:
                assert json.loads(response.read()) == {"standardEnvVars": [], "harnesses": {}}
    finally:
        assert _stop(proc) == 0


def test_the_token_comes_from_a_file(tmp_path):
    (tmp_path / "token").write_text("hf_FromTheFile\n")
    proc, url = _serve("--root", str(tmp_path / "root"), "--token-file", str(tmp_path / "token"), "-q")
    try:
        assert _create(url, None) == 401
        assert _create(url, "hf_FromTheFile") == 200
    finally:
        _stop(proc)


def test_the_token_comes_from_the_environment(tmp_path):
    proc, url = _serve("--root", str(tmp_path / "root"), "-q", env={"MODELCARD_HUB_TOKEN": "hf_FromTheEnvironment"})
    try:
        assert _create(url, "hf_Wrong") == 401
        assert _create(url, "hf_FromTheEnvironment") == 200
    finally:
        _stop(proc)


@pytest.mark.parametrize(("content", "message"), [(None, "cannot read --token-file"), ("\n", "is empty")])
def test_an_unreadable_or_empty_token_file_is_a_usage_error(tmp_path, capsys, content, message):
    if content is not None:
        (tmp_path / "token").write_text(content)
    assert main(["hub", "serve", "--root", str(tmp_path / "root"), "--token-file", str(tmp_path / "token")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelcard: error: ") and message in err and err.count("\n") == 1

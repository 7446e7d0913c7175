"""``modelcard edit`` on the command line: bad input exits 2 with one line; the link opens the editor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.cli.main import main
from tests.web.http import request


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/missing/README.md"], "`{tmp}/missing` is not a folder"),
        (["{tmp}", "--run", "{tmp}/no-run"], "--run: `{tmp}/no-run` is not a folder"),
        (["{tmp}", "--port", "70000"], "--port: 70000 is not a port number (0-65535)"),
        (["{tmp}/bin.md"], "the editor opens UTF-8 text only"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    (tmp_path / "bin.md").write_bytes(b"\x00\x01binary\x00")
    status = main(["edit", "--no-browser", *(a.format(tmp=tmp_path) for a in args)])
    err = capsys.readouterr().err
    assert status == 2
    assert message.format(tmp=tmp_path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_printed_link_opens_the_editor_once(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# Model\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "modelcard", "edit", str(tmp_path), "--no-browser"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert first.startswith(f"editing {tmp_path / 'README.md'} at http://127.0.0.1:")
        link = first.rsplit(" at ", 1)[1].strip()
        assert "?token=" in link
        opened = request(link)
        assert opened.status == 303
        assert request(link).status == 403
        page = request(link.split("?")[0], headers={"cookie": opened.headers["set-cookie"].split(";")[0]})
        assert page.status == 200 and b"# Model" in page.body
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


def test_hub_serve_shows_its_pages(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "modelcard", "hub", "serve", "--root", str(tmp_path / "hub"), "--port", "0", "--quiet"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )
    try:
        assert process.stderr is not None
        line = next(line for line in process.stderr if " at http://" in line)
        url = line.split(" at ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:")
        home = request(url + "/")
        assert home.status == 200 and b"<h1>Models</h1>" in home.body and b"No models yet" in home.body
        assert "script-src 'self'" in home.headers["content-security-policy"]
        assert request(url + "/_web/static/style.css").status == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0


def test_a_port_in_use_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        status = main(["edit", str(tmp_path), "--no-browser", "--port", str(port)])
    assert status == 2
    assert f"--port: cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_new_card_from_a_run_without_logs_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "run").mkdir()
    status = main(["edit", str(tmp_path), "--run", str(tmp_path / "run"), "--no-browser"])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{tmp_path / 'run'}: no training logs found" in err and "Traceback" not in err

"""What users expect of a CLI like ruff or pre-commit: colour, exit codes, did-you-mean, diff headers."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from modelcard.card import Card
from modelcard.cli.main import main
from modelcard.errors import CardError

CARD = "---\nlicense: MIT\nlanguage: no\n---\n# m\n\n## Intended uses & limitations\n\nx\n"


@pytest.fixture
def card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    path = tmp_path / "README.md"
    path.write_text(CARD)
    return path


# -- findings: severity, fixable, colour -------------------------------------------------


def test_each_finding_shows_its_severity_and_whether_it_is_fixable(card: Path, capsys) -> None:
    assert main(["lint", "--select", "MC101,MC010,MC110", "README.md"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "README.md:2:10: MC101 error [*] `MIT` is not a license id the Hub knows; use `mit`\n"
        "README.md:3:11: MC010 warning [*] `no` is read as the boolean `false` (YAML 1.1); quote it if a string was meant\n"
    )
    assert err.endswith("2 fixable with `--fix` (marked [*]).\n")


def test_no_colour_when_the_output_is_not_a_terminal(card: Path, capsys) -> None:
    main(["lint", "README.md"])
    assert "\033[" not in capsys.readouterr().out


def test_force_color_colours_a_pipe_and_no_color_wins(card: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["lint", "--select", "MC101", "README.md"])
    assert capsys.readouterr().out == (
        "\033[1mREADME.md\033[0m:2:10: \033[1;31mMC101 error\033[0m \033[36m[*]\033[0m "
        "`MIT` is not a license id the Hub knows; use `mit`\n"
    )
    monkeypatch.setenv("NO_COLOR", "1")
    main(["lint", "--select", "MC101", "README.md"])
    assert "\033[" not in capsys.readouterr().out
    monkeypatch.delenv("NO_COLOR")
    main(["lint", "--select", "MC101", "-o", "report.txt", "README.md"])
    assert "\033[" not in Path("report.txt").read_text()  # a file named by the user stays plain


def _lint_on_a_terminal(card: Path, **env: str) -> bytes:
    primary, secondary = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    proc = subprocess.run(
        [sys.executable, "-m", "modelcard", "lint", "--select", "MC101", str(card)],
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env={**environ, "TERM": "xterm", **env},
        timeout=60,
        check=False,
    )
    os.close(secondary)
    output = b""
    try:
        while chunk := os.read(primary, 4096):
            output += chunk
    except OSError:  # the terminal closed: everything was read
        pass
    os.close(primary)
    assert proc.returncode == 1
    return output


def test_a_terminal_gets_colour_unless_no_color_is_set(card: Path) -> None:
    assert b"\033[1;31mMC101 error\033[0m" in _lint_on_a_terminal(card)
    plain = _lint_on_a_terminal(card, NO_COLOR="1")
    assert b"\033[" not in plain and b"MC101 error [*]" in plain


# -- exit codes --------------------------------------------------------------------------


def test_an_unknown_template_is_a_usage_error(capsys, tmp_path: Path) -> None:
    assert main(["template", "--show", "nosuch"]) == 2
    assert capsys.readouterr().err == (
        "modelcard: error: no template named `nosuch`; built-in templates: default, short, or give a path\n"
    )
    run = Path(__file__).resolve().parents[2] / "examples" / "run"
    assert main(["generate", str(run), "--template", "nosuch", "-o", str(tmp_path / "README.md")]) == 2
    assert not (tmp_path / "README.md").exists()


def test_track_exits_127_for_a_command_not_found_and_126_for_one_not_executable(tmp_path: Path, capsys) -> None:
    assert main(["track", "--output-dir", str(tmp_path), "--", "no-such-program-xyz"]) == 127
    assert capsys.readouterr().err == "modelcard: error: command not found: `no-such-program-xyz`\n"
    script = tmp_path / "train.sh"
    script.write_text("echo hi\n")
    script.chmod(0o644)
    assert main(["track", "--output-dir", str(tmp_path), "--", str(script)]) == 126
    assert capsys.readouterr().err == f"modelcard: error: not an executable: `{script}`\n"


def test_a_mistyped_option_shows_the_subcommands_usage_and_the_option_meant(capsys) -> None:
    assert main(["generate", "run", "--metdata", "card.yaml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: modelcard generate ")
    assert err.endswith("modelcard generate: error: unknown option `--metdata`; did you mean `--metadata`?\n")
    assert main(["lint", "--selct=MC1", "."]) == 2
    assert capsys.readouterr().err.endswith("modelcard lint: error: unknown option `--selct=MC1`; did you mean `--select`?\n")


def test_a_mistyped_option_of_a_nested_command_names_that_command(capsys) -> None:
    assert main(["hub", "serve", "--prot", "8000"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: modelcard hub serve ")
    assert err.endswith("modelcard hub serve: error: unknown option `--prot`; did you mean `--port`?\n")


def test_a_mistyped_command_is_named_with_the_command_meant(capsys) -> None:
    assert main(["lnt", "README.md"]) == 2
    assert capsys.readouterr().err.endswith("modelcard: error: unknown command `lnt`; did you mean `lint`?\n")


def test_an_extra_argument_is_named(capsys) -> None:
    assert main(["schema", "extra"]) == 2
    assert capsys.readouterr().err.endswith("modelcard schema: error: unexpected argument: `extra`\n")


def test_lint_takes_paths_after_options(card: Path, capsys) -> None:
    (card.parent / "other.md").write_text(CARD)
    assert main(["lint", "README.md", "--select", "MC101", "other.md"]) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["README.md", "other.md"]


# -- diff headers, error locations ------------------------------------------------------


def test_diff_headers_are_paths_patch_can_use(card: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    assert main(["lint", "--diff", "--select", "MC101", "README.md"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("--- a/README.md\n+++ b/README.md\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["lint", "--diff", "--select", "MC101", str(card)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- a{card}\n+++ b{card}\n")  # as `git diff --no-index` writes an absolute path
    patch = elsewhere / "fix.diff"
    patch.write_text(out)
    subprocess.run(["patch", "-d", "/", "-p1", "-i", str(patch)], check=True, capture_output=True)
    assert "license: mit\n" in card.read_text()


def test_a_card_error_says_line_and_column_with_or_without_a_path(tmp_path: Path) -> None:
    with pytest.raises(CardError) as info:
        Card.from_text("---\nlicense: [mit\n---\n")
    assert str(info.value).startswith("line 2, column 14: invalid YAML")
    path = tmp_path / "README.md"
    path.write_text("---\nlicense: [mit\n---\n")
    with pytest.raises(CardError) as info:
        Card.load(path)
    assert str(info.value).startswith(f"{path}:2:14: invalid YAML")

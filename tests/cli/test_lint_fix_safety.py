"""``lint --fix`` never loses a comment, a permission, a link or an edit; a FIFO never hangs ``lint``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelcard.cli.main import main

BODY = "# m\n\n## Intended uses\n\nx\n\n## Limitations\n\nx\n\n## Training data\n\nx\n\n## Evaluation\n\nx\n"
SELECT = ["--select", "MC0,MC1"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("front", "fixed"),
    [
        ("license:  # approved by legal\n  Apache-2.0\n", "license:  # approved by legal\n  apache-2.0\n"),
        ("license:  # approved by legal\n- MIT  # the only one\n", "license: mit  # approved by legal  # the only one\n"),
        ("language:\n- EN  # main\n- fr  # second\n", "language:\n- en  # main\n- fr  # second\n"),
    ],
)
def test_fixes_keep_comments(folder: Path, front: str, fixed: str, capsys: pytest.CaptureFixture[str]) -> None:
    card = folder / "README.md"
    card.write_text(f"---\n{front}---\n{BODY}")
    main(["lint", "--fix", *SELECT, "README.md"])
    assert card.read_text() == f"---\n{fixed}---\n{BODY}"


def test_a_read_only_card_is_refused_and_its_findings_still_reported(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = folder / "README.md"
    card.write_text(f"---\nlicense: Apache-2.0\n---\n{BODY}")
    card.chmod(0o444)
    assert main(["lint", "--fix", *SELECT, "README.md"]) == 1
    out = capsys.readouterr().out
    assert out == (
        "README.md:1:1: MC001 error cannot write the fixed file: the file is read-only; nothing was changed\n"
        "README.md:2:10: MC101 error [*] `Apache-2.0` is not a license id the Hub knows; use `apache-2.0`\n"
    )
    assert card.read_text() == f"---\nlicense: Apache-2.0\n---\n{BODY}"
    assert card.stat().st_mode & 0o777 == 0o444


def test_a_symlinked_card_is_fixed_in_its_target(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "cards").mkdir()
    target = folder / "cards" / "bert.md"
    target.write_text(f"---\nlicense: Apache-2.0\n---\n{BODY}")
    (folder / "README.md").symlink_to(Path("cards") / "bert.md")
    assert main(["lint", "--fix", *SELECT, "README.md"]) == 0
    assert (folder / "README.md").is_symlink()
    assert target.read_text() == f"---\nlicense: apache-2.0\n---\n{BODY}"


def test_a_hard_linked_card_stays_linked(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = folder / "README.md"
    card.write_text(f"---\nlicense: Apache-2.0\n---\n{BODY}")
    os.link(card, folder / "model_card.md")
    assert main(["lint", "--fix", *SELECT, "README.md"]) == 0
    assert os.path.samefile(card, folder / "model_card.md")
    assert (folder / "model_card.md").read_text() == f"---\nlicense: apache-2.0\n---\n{BODY}"


@pytest.mark.timeout(60)
def test_a_fifo_named_readme_is_reported_without_hanging(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "model").mkdir()
    os.mkfifo(folder / "model" / "README.md")  # no writer: opening it to read blocks forever
    os.mkfifo(folder / "model" / "notes.md")
    (folder / "other").mkdir()
    (folder / "other" / "README.md").write_text(f"---\nlicense: mit\n---\n{BODY}")
    assert main(["lint", *SELECT, "."]) == 1
    out, err = capsys.readouterr()
    assert out == "model/README.md:1:1: MC001 error cannot read the file: it is a FIFO, not a regular file\n"
    assert err == "Found 1 finding (1 error) in 1 of 2 cards.\n"

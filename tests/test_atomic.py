from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelcard.atomic import atomic_write


def test_creates_a_file_with_the_umask_mode(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    old = os.umask(0o027)
    try:
        atomic_write(path, b"hello\r\n")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"hello\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["new.md"]


def test_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "card.md"
    path.write_bytes(b"old")
    path.chmod(0o600)
    atomic_write(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600


def test_failure_leaves_target_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "card.md"
    path.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["card.md"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "nope" / "card.md", b"x")


# -- rewrite: an existing file that was read, without losing anything -----------------

from modelcard.atomic import FileChangedError, rewrite  # noqa: E402


def test_rewrite_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old")
    path.chmod(0o444)  # the folder stays writable: a rename would succeed
    with pytest.raises(PermissionError, match="the file is read-only"):
        rewrite(path, b"new", original=b"old")
    assert path.read_bytes() == b"old"
    assert path.stat().st_mode & 0o777 == 0o444
    assert os.listdir(tmp_path) == ["README.md"]


def test_rewrite_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    (tmp_path / "cards").mkdir()
    target = tmp_path / "cards" / "bert.md"
    target.write_bytes(b"old")
    link = tmp_path / "README.md"
    link.symlink_to(Path("cards") / "bert.md")
    rewrite(link, b"new", original=b"old")
    assert link.is_symlink() and os.readlink(link) == os.path.join("cards", "bert.md")
    assert target.read_bytes() == b"new"


def test_rewrite_keeps_hard_links(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"old card text")
    other = tmp_path / "copy.md"
    os.link(path, other)
    rewrite(path, b"new", original=b"old card text")
    assert other.read_bytes() == b"new" and path.read_bytes() == b"new"
    assert os.path.samefile(path, other) and path.stat().st_nlink == 2


def test_rewrite_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"what the linter read")
    path.write_bytes(b"what the user saved meanwhile")
    with pytest.raises(FileChangedError, match="the file changed while it was checked"):
        rewrite(path, b"fixed", original=b"what the linter read")
    assert path.read_bytes() == b"what the user saved meanwhile"
    assert os.listdir(tmp_path) == ["README.md"]

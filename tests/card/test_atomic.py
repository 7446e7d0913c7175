from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelcard.card import atomic_write


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

"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    before_rename: Callable[[], None] | None = None,
    durable: bool = True,
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    The temporary file is written, fsynced, then renamed over ``path`` with
    `os.replace`. An existing target keeps its permission bits; a new file gets
    ``0o666`` minus the umask, like any file the user creates. ``before_rename``
    runs last before the rename; what it raises cancels the write.
    ``durable=False`` skips the fsyncs: the write is still all or nothing for
    readers, but may not survive a power loss (for data that can be rebuilt).

    Raises:
        OSError: when the directory is not writable or the disk is full; the
            target is left untouched and no temporary file remains.
    """
    target = Path(path)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if before_rename is not None:
            before_rename()
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if durable:
        _fsync_directory(target.parent)


def _create_temp(target: Path) -> tuple[int, str]:
    """A new file beside ``target``, created with ``0o666`` so the umask applies."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = str(target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {target}")


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class FileChangedError(OSError):
    """The file no longer holds what was read: someone changed it meanwhile."""


def rewrite(path: str | os.PathLike[str], data: bytes, *, original: bytes) -> None:
    """Replace the contents of an existing file that was read as ``original``.

    - A symbolic link stays a link: its target is written.
    - A read-only file is refused, as an editor would (the folder being writable
      is not permission to change the file).
    - A file with several hard links is rewritten in place, so that every name
      still shows the same file; any other file is replaced atomically.
    - A file that no longer holds ``original`` (changed while it was being
      checked) is refused, so that the change is not lost.

    Raises:
        PermissionError: a read-only file.
        FileChangedError: the file changed since it was read.
        OSError: any other failure; the file is left as it was.
    """
    target = Path(os.path.realpath(path))
    info = os.stat(target)
    if not os.access(target, os.W_OK) or not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    if info.st_nlink > 1:
        with open(target, "r+b") as handle:
            _check_unchanged(handle.read(), original, path)
            handle.seek(0)
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
        return
    _check_unchanged(target.read_bytes(), original, path)
    atomic_write(target, data, before_rename=lambda: _check_unchanged(target.read_bytes(), original, path))


def _check_unchanged(current: bytes, original: bytes, path: str | os.PathLike[str]) -> None:
    if current != original:
        raise FileChangedError(errno.EAGAIN, "the file changed while it was checked", str(path))

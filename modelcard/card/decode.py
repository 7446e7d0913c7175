"""Bytes -> text: every way a file can fail to be a UTF-8 card, said clearly."""

from __future__ import annotations

import codecs
import errno
import os
import stat

from modelcard.errors import CardError

MAX_FILE_BYTES = 100 * 1024 * 1024
_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_file(path: str) -> bytes:
    """The bytes of ``path``.

    Raises:
        CardError: ``unreadable-file`` on an I/O error, a path that is not a regular
            file (a FIFO is never waited for), or a file over `MAX_FILE_BYTES`.
    """
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise CardError(
            f"cannot read the file: {exc.strerror or exc}", code_name="unreadable-file", path=path
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise CardError(
            f"the file is larger than {MAX_FILE_BYTES // 2**20} MB", code_name="unreadable-file", path=path
        )
    return data


class NotRegularFile(OSError):
    """The path is a FIFO, a socket or a device: reading it could wait or never end."""


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is (``"a FIFO"``...); ``None`` when unknown."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def read_regular(path: str | os.PathLike[str], limit: int | None) -> bytes:
    """The bytes of the regular file at ``path``: all of them, or at most ``limit + 1``
    (one byte more than ``limit`` tells a file over it). Never waits: a FIFO is refused, not opened for a writer.

    Raises:
        IsADirectoryError: ``path`` is a folder.
        NotRegularFile: ``path`` is a FIFO, a socket or a device.
        OSError: it cannot be read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(status.st_mode):
            kind = special_kind(status.st_mode)
            raise NotRegularFile(errno.EINVAL, f"it is {kind or 'special'}, not a regular file", os.fspath(path))
        chunks: list[bytes] = []
        total, want, most = 0, status.st_size + 1, None if limit is None else limit + 1
        while most is None or total < most:
            chunk = os.read(fd, want if most is None else min(want, most - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1 << 20
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode(data: bytes, path: str | None = None) -> tuple[str, bool]:
    """UTF-8 text of ``data`` without its BOM, and whether it had one.

    Raises:
        CardError: ``empty-file``, or ``unreadable-file`` for binary, UTF-16 or
            invalid UTF-8 data (with the byte offset, line and column).
    """
    if not data:
        raise CardError("the file is empty", code_name="empty-file", path=path)
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        if data.startswith(_UTF16_BOMS):
            message = "the file is UTF-16 text; save the card as UTF-8"
        else:
            message = f"binary file: NUL byte at byte offset {nul}; a card must be UTF-8 text"
        raise CardError(message, code_name="unreadable-file", path=path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _utf8_error(data, exc.start, path) from None
    if data.startswith(_BOM):
        return text[1:], True
    return text, False


def _utf8_error(data: bytes, offset: int, path: str | None) -> CardError:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return CardError(
        f"invalid UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x}); a card must be UTF-8 text",
        code_name="unreadable-file",
        path=path,
        line=line,
        column=column,
    )

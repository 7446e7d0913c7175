"""Bytes -> text: every way a file can fail to be a UTF-8 card, said clearly."""

from __future__ import annotations

import codecs
import os
import stat
from typing import BinaryIO

from modelcard.errors import CardError

MAX_FILE_BYTES = 100 * 1024 * 1024
_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_file(path: str) -> bytes:
    """The bytes of ``path``.

    Raises:
        CardError: ``unreadable-file`` on an I/O error or a file over `MAX_FILE_BYTES`.
    """
    try:
        with open(path, "rb") as handle:
            data = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise CardError(
            f"cannot read the file: {exc.strerror or exc}", code_name="unreadable-file", path=path
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise CardError(
            f"the file is larger than {MAX_FILE_BYTES // 2**20} MB", code_name="unreadable-file", path=path
        )
    return data


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


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """The whole file, or its first ``limit`` bytes (without allocating ``limit`` up front)."""
    info = os.fstat(handle.fileno())
    if stat.S_ISREG(info.st_mode) and info.st_size < limit:
        return handle.read()
    chunks = []
    size = 0
    while size < limit:
        chunk = handle.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


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

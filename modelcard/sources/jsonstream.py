"""Read a JSON object whose one big array is streamed, never held as objects.

``json.load`` of a 200 MB ``trainer_state.json`` builds a million dicts
(gigabytes). Here the file is read as bytes, a megabyte at a time, the
top-level array named by ``key`` is decoded about 128 KB at a time (C decoder,
``json.loads`` on a slice cut at an element boundary) and handed to a callback
in batches, and the small remainder of the object is decoded normally.

A cut is only ever accepted when ``[`` + slice + ``]`` decodes, which can only
happen at a real element boundary (a cut inside a string or a nested value
leaves it unterminated), so strings holding ``},`` cannot fool it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Bytes of the array decoded per batch.
CHUNK_BYTES = 128 << 10
#: Bytes read from the file at a time (at least four batches).
READ_BYTES = 1 << 20

_WS = b" \t\r\n"
_BOUNDARY = re.compile(rb"\}\s*([,\]])")
_END = re.compile(rb"\}\s*\]")
_MAX_END_TRIES = 16


@dataclass
class StreamResult:
    """What :func:`stream_object` read.

    Attributes:
        rest: the object without the streamed array (``key`` maps to ``[]``
            when the array was streamed); ``{}`` when not even that could be read.
        count: array elements handed to the callback.
        error: why the file could not be read completely (truncated, not
            JSON...), or None. Elements read before the error were still
            handed over.
        streamed: whether the array was found at the top level and streamed.
        non_object: how many array elements were not JSON objects (skipped).
    """

    rest: dict[str, Any] = field(default_factory=dict)
    count: int = 0
    error: str | None = None
    streamed: bool = False
    non_object: int = 0


def _describe(data: bytes, exc: json.JSONDecodeError, offset: int = 0) -> str:
    pos = offset + exc.pos
    line = data.count(b"\n", 0, pos) + 1
    column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return f"{exc.msg} (line {line}, column {column})"


def stream_file(
    path: str | Path,
    key: str,
    on_batch: Callable[[list[Any], int], None],
    *,
    chunk_bytes: int | None = None,
) -> StreamResult:
    """Like :func:`stream_object`, reading the file a block at a time.

    Only a few blocks are in memory at once, and each is decoded while it is
    still in the CPU's cache. A document the streaming cannot handle (no
    top-level array ``key`` near the start, a broken element) is read whole,
    as :func:`stream_object` would.

    Raises:
        OSError: the file cannot be opened or read.
    """
    chunk = chunk_bytes or CHUNK_BYTES
    with open(path, "rb", buffering=0) as handle:

        def whole() -> bytes:
            handle.seek(0)
            return _without_bom(handle.read())

        window = _Window(handle.read(max(READ_BYTES, 4 * chunk)), handle.read, whole, chunk)
        return _stream(window, key, on_batch, chunk)


def stream_object(
    data: bytes | bytearray,
    key: str,
    on_batch: Callable[[list[Any], int], None],
    *,
    chunk_bytes: int | None = None,
) -> StreamResult:
    """Decode the JSON object in ``data``, streaming its top-level array ``key``.

    Args:
        data: the file's bytes (UTF-8, a BOM is allowed). Pass a ``bytearray``
            to avoid any copy of a big file (it may be modified in place).
        key: the top-level key whose array value is streamed.
        on_batch: called with ``(elements, index_of_first)`` per batch, in order.
        chunk_bytes: bytes per batch (default :data:`CHUNK_BYTES`).

    Returns:
        A :class:`StreamResult`; never raises on bad input.
    """
    chunk = chunk_bytes or CHUNK_BYTES
    return _stream(_Window(data, None, None, chunk), key, on_batch, chunk)


def _without_bom(data: bytes | bytearray) -> bytes | bytearray:
    if data.startswith(b"\xef\xbb\xbf"):
        if isinstance(data, bytearray):
            del data[:3]  # cheap at the front of a bytearray: no copy
        else:
            data = data[3:]
    return data


class _Window:
    """The part of the document not consumed yet: ``data``, refilled from a
    file by ``read`` (None when ``data`` is the whole document)."""

    __slots__ = ("data", "eof", "_read", "_whole", "_block")

    def __init__(
        self,
        data: bytes | bytearray,
        read: Callable[[int], bytes] | None,
        whole: Callable[[], bytes | bytearray] | None,
        chunk: int,
    ) -> None:
        self.data = _without_bom(data)
        self.eof = read is None
        self._read = read
        self._whole = whole
        self._block = max(READ_BYTES, 4 * chunk)

    def more(self, pos: int) -> int:
        """Drop the bytes before ``pos`` and read a block; ``pos`` in the new ``data``."""
        if self.eof or self._read is None:
            return pos
        block = self._read(self._block)
        if not block:
            self.eof = True
            return pos
        self.data = self.data[pos:] + block
        return 0

    def ensure(self, pos: int, ahead: int) -> int:
        """Read until ``ahead`` bytes follow ``pos`` (or the file ends); ``pos`` in the new ``data``."""
        while not self.eof and len(self.data) - pos < ahead:
            pos = self.more(pos)
        return pos

    def rest(self, pos: int) -> bytes | bytearray:
        """Everything from ``pos`` to the end of the document."""
        tail = self.data[pos:]
        if not self.eof and self._read is not None:
            tail += self._read()
            self.eof = True
        return tail

    def document(self) -> bytes | bytearray:
        """The whole document (read again when it was streamed from a file)."""
        if self._whole is None:
            return self.data
        data = self._whole()
        self.data, self.eof, self._read, self._whole = data, True, None, None
        return data


def _stream(window: _Window, key: str, on_batch: Callable[[list[Any], int], None], chunk: int) -> StreamResult:
    result = StreamResult()
    data = window.data
    start = prefix_rest = None
    if data and not data.isspace():
        start, prefix_rest = _find_top_level_array(data, key)
    if start is None and not window.eof:
        data = window.document()  # "key" is not near the start: read it all
        start, prefix_rest = _find_top_level_array(data, key)
    if start is None:
        if not data or data.isspace():
            result.error = "the file is empty"
            return result
        # No top-level array to stream: an ordinary (small or odd) document.
        try:
            value = json.loads(data)
        except json.JSONDecodeError as exc:
            result.error = f"not valid JSON: {_describe(data, exc)}"
            return result
        except UnicodeDecodeError:
            result.error = "not UTF-8 text"
            return result
        if not isinstance(value, dict):
            result.error = f"expected a JSON object, found {type(value).__name__}"
            return result
        result.rest = value
        items = value.get(key)
        if isinstance(items, list):
            _hand_over(items, 0, on_batch, result)
            value[key] = []
        return result

    result.streamed = True
    result.rest = prefix_rest or {}
    prefix = data[: start.key_start]
    end = _stream_array(window, start, chunk, on_batch, result)
    if end is None:
        return result
    remainder = prefix + json.dumps(key).encode() + b": []" + window.rest(end)
    try:
        rest = json.loads(remainder)
    except json.JSONDecodeError as exc:
        result.error = f"not valid JSON after `{key}`: {_describe(remainder, exc)}"
        return result
    except UnicodeDecodeError:
        result.error = f"not UTF-8 text after `{key}`"
        return result
    if isinstance(rest, dict):
        result.rest = rest
    return result


@dataclass(frozen=True)
class _ArrayStart:
    key: str
    key_start: int  # offset of the key's opening quote
    first: int  # offset just after the array's '['


def _find_top_level_array(data: bytes, key: str) -> tuple[_ArrayStart | None, dict[str, Any] | None]:
    """Where the top-level ``"key": [`` is, and the keys decoded before it."""
    pattern = re.compile(re.escape(json.dumps(key).encode()) + rb"\s*:\s*\[")
    suffix = json.dumps(key).encode() + b": []}"
    for match in pattern.finditer(data):
        prefix = data[: match.start()]
        try:
            rest = json.loads(prefix + suffix)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue  # inside a string or a nested value
        if isinstance(rest, dict):
            return _ArrayStart(key, match.start(), match.end()), rest
    return None, None


def _hand_over(items: list[Any], first: int, on_batch: Callable[[list[Any], int], None], result: StreamResult) -> None:
    """Pass the batch on (objects only; other elements are counted and skipped)."""
    if set(map(type, items)) - {dict}:
        objects = [item for item in items if isinstance(item, dict)]
        result.non_object += len(items) - len(objects)
        items = objects
    if items:
        on_batch(items, first)
    result.count += len(items)


def _decode_slice(data: bytes, start: int, stop: int) -> list[Any] | None:
    try:
        value = json.loads(b"[" + data[start:stop] + b"]")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, list) else None


def _skip_ws(data: bytes, pos: int) -> int:
    n = len(data)
    while pos < n and data[pos] in _WS:
        pos += 1
    return pos


def _stream_array(
    window: _Window,
    start: _ArrayStart,
    chunk: int,
    on_batch: Callable[[list[Any], int], None],
    result: StreamResult,
) -> int | None:
    """Hand the array's elements over in batches; the offset in ``window.data``
    after its ``]``, or None when the rest of the document was handled otherwise."""
    pos = window.ensure(start.first, 2 * chunk)
    data = window.data
    pos = _skip_ws(data, pos)
    if data[pos : pos + 1] == b"]":
        return pos + 1
    while True:
        pos = window.ensure(pos, 2 * chunk)
        data = window.data
        n = len(data)
        if pos >= n:
            return _fallback(window, start, on_batch, result)
        target = pos + chunk
        if target < n:
            # Fast path: one big batch ending at the first boundary past the target.
            match = _BOUNDARY.search(data, target)
            if match is not None:
                items = _decode_slice(data, pos, match.start() + 1)
                if items is not None:
                    _hand_over(items, result.count, on_batch, result)
                    if match.group(1) == b"]":
                        return match.end()
                    pos = _skip_ws(data, match.end())
                    continue
            elif not window.eof:
                pos = window.more(pos)  # an element longer than what is read: read on
                continue
        else:
            # The last batch (the whole file is read): the array ends at one of the few '}]' ahead.
            for tries, match in enumerate(_END.finditer(data, pos)):
                if tries == _MAX_END_TRIES:
                    break
                items = _decode_slice(data, pos, match.start() + 1)
                if items is not None:
                    _hand_over(items, result.count, on_batch, result)
                    return match.end()
        # Slow path: element by element, up to the target.
        while pos <= target:
            for match in _BOUNDARY.finditer(data, pos):
                items = _decode_slice(data, pos, match.start() + 1)
                if items is None:
                    continue
                _hand_over(items, result.count, on_batch, result)
                if match.group(1) == b"]":
                    return match.end()
                pos = _skip_ws(data, match.end())
                break
            else:
                if window.eof:
                    return _fallback(window, start, on_batch, result)
                moved = window.more(pos)
                target -= pos - moved
                pos, data = moved, window.data


def _fallback(
    window: _Window,
    start: _ArrayStart,
    on_batch: Callable[[list[Any], int], None],
    result: StreamResult,
) -> None:
    """The array could not be cut further: decode the whole document, or
    say why it cannot be decoded (elements handed over so far stay)."""
    data = window.document()
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        result.error = f"truncated or invalid after {result.count} log entries: {_describe(data, exc)}"
        return None
    except UnicodeDecodeError:
        result.error = f"not UTF-8 text after {result.count} log entries"
        return None
    if not isinstance(value, dict):
        result.error = f"expected a JSON object, found {type(value).__name__}"
        return None
    key = start.key
    items = value.get(key)
    if isinstance(items, list):
        rest = items[result.count + result.non_object :]
        if rest:
            _hand_over(rest, result.count, on_batch, result)
        value[key] = []
    result.rest = value
    return None

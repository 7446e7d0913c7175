"""TensorBoard event files (``events.out.tfevents.*``) decoded without TensorFlow.

An event file is a TFRecord stream: each record is a little-endian uint64
length, a masked CRC-32C of that length, the bytes of one ``Event`` protocol
buffer and a masked CRC-32C of those bytes. Only the few fields a card needs
are decoded, with a protobuf wire-format reader of a few lines:

    Event        1 wall_time (double), 2 step (int64), 5 summary (Summary)
    Summary      1 value (repeated Value)
    Value        1 tag, 2 simple_value (float), 8 tensor (TensorProto), 9 metadata
    TensorProto  1 dtype, 4 tensor_content, 5 float_val, 6 double_val, 7 int_val,
                 8 string_val, 10 int64_val
    SummaryMetadata 1 plugin_data (1 plugin_name)

Scalars come as ``simple_value`` (PyTorch's ``SummaryWriter``, tensorboardX,
TF1) or as a one-value tensor (TF2 ``tf.summary.scalar``); text summaries
(the Trainer's ``args``) as a string tensor. Everything else (images,
histograms, graphs) is skipped unread.

The reader is bounded: the file size is checked before reading, a record
longer than :data:`MAX_RECORD` or than what is left of the file ends the
read, and at most :data:`MAX_EVENTS` records are decoded. The first record's
length CRC is checked (a file of another kind stops there); later CRCs are not
computed: a damaged record fails to decode and is counted, a damaged length
ends the read.
"""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAX_RECORD = 16 << 20
MAX_EVENTS = 2_000_000
MAX_TEXT = 1 << 20

_DT_FLOAT, _DT_DOUBLE, _DT_INT32, _DT_INT64, _DT_STRING = 1, 2, 3, 9, 7


class Series:
    """One tag's scalars in compact arrays (24 bytes a value); iterating yields
    ``(step, wall_time, value)``."""

    __slots__ = ("steps", "wall_times", "values")

    def __init__(self) -> None:
        self.steps = array("q")
        self.wall_times = array("d")
        self.values = array("d")

    def append(self, step: int, wall_time: float, value: float) -> None:
        self.steps.append(step)
        self.wall_times.append(wall_time)
        self.values.append(value)

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[tuple[int, float, float]]:
        return zip(self.steps, self.wall_times, self.values)


class DecodeError(ValueError):
    """Bytes that are not the protocol buffer expected."""


@dataclass
class Events:
    """What one event file holds.

    Attributes:
        scalars: tag -> its :class:`Series` (``(step, wall_time, value)`` in file order).
        texts: tag -> the last text logged under it (at most :data:`MAX_TEXT` characters).
        records: records read.
        damaged: records that could not be decoded (skipped).
        truncated: the file ended inside a record, or a record length was not credible.
        capped: :data:`MAX_EVENTS` was reached before the end.
        foreign: the file does not start with a TFRecord header.
    """

    scalars: dict[str, Series] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    records: int = 0
    damaged: int = 0
    truncated: bool = False
    capped: bool = False
    foreign: bool = False


def read_events(path: Path) -> Events:
    """Scalars and texts of an event file.

    Raises:
        OSError: the file cannot be read.
    """
    events = Events()
    with path.open("rb") as handle:
        data = handle.read()
    for record in _records(data, events):
        try:
            _event(record, events)
        except (DecodeError, struct.error, UnicodeDecodeError, IndexError):
            events.damaged += 1
    return events


def _records(data: bytes, events: Events) -> Iterator[memoryview]:
    view = memoryview(data)
    offset, size = 0, len(data)
    while offset < size:
        if events.records >= MAX_EVENTS:
            events.capped = True
            return
        if offset + 12 > size:
            events.truncated = True
            return
        (length,) = struct.unpack_from("<Q", view, offset)
        if events.records == 0:  # a file of another kind fails here, not record by record
            (length_crc,) = struct.unpack_from("<I", view, offset + 8)
            if masked_crc32c(bytes(view[offset : offset + 8])) != length_crc:
                events.foreign = True
                return
        if length > MAX_RECORD or offset + 16 + length > size:
            events.truncated = True
            return
        start = offset + 12
        events.records += 1
        yield view[start : start + length]
        offset = start + length + 4


#: One scalar as every SummaryWriter encodes it (``wall_time``, ``step``, one
#: ``simple_value``, a tag shorter than 128 bytes): decoded in one match.
_SIMPLE = re.compile(rb"\x09(.{8})\x10([\x80-\xff]{0,9}[\x00-\x7f])\x2a[\x00-\x7f]\x0a[\x00-\x7f]\x0a([\x00-\x7f])(.*)\x15(.{4})", re.S)


def _event(record: memoryview, events: Events) -> None:
    match = _SIMPLE.fullmatch(record)
    if match is not None and len(match.group(4)) == match.group(3)[0]:
        (wall_time,) = struct.unpack("<d", match.group(1))
        step = _signed(_varint(match.group(2), 0)[0])
        (value,) = struct.unpack("<f", match.group(5))
        events.scalars.setdefault(match.group(4).decode("utf-8"), Series()).append(step, wall_time, value)
        return
    wall_time, step, summary = 0.0, 0, None
    for number, kind, value in _fields(record):
        if number == 1 and kind == 1:
            wall_time = struct.unpack("<d", value)[0]
        elif number == 2 and kind == 0:
            step = _signed(value)
        elif number == 5 and kind == 2:
            summary = value
    if summary is None:
        return
    for number, kind, value in _fields(summary):
        if number == 1 and kind == 2:
            _value(value, step, wall_time, events)


def _value(data: memoryview, step: int, wall_time: float, events: Events) -> None:
    tag, simple, tensor, plugin = "", None, None, ""
    for number, kind, value in _fields(data):
        if number == 1 and kind == 2:
            tag = bytes(value).decode("utf-8")
        elif number == 2 and kind == 5:
            simple = struct.unpack("<f", value)[0]
        elif number == 8 and kind == 2:
            tensor = value
        elif number == 9 and kind == 2:
            plugin = _plugin_name(value)
    if not tag:
        return
    if simple is not None:
        events.scalars.setdefault(tag, Series()).append(step, wall_time, simple)
    elif tensor is not None and plugin in ("scalars", ""):
        number = _tensor_scalar(tensor)
        if number is not None:
            events.scalars.setdefault(tag, Series()).append(step, wall_time, number)
    elif tensor is not None and plugin == "text":
        text = _tensor_text(tensor)
        if text is not None:
            events.texts[tag.removesuffix("/text_summary")] = text[:MAX_TEXT]


def _plugin_name(metadata: memoryview) -> str:
    for number, kind, value in _fields(metadata):
        if number == 1 and kind == 2:
            for inner, inner_kind, name in _fields(value):
                if inner == 1 and inner_kind == 2:
                    return bytes(name).decode("utf-8", "replace")
    return ""


def _tensor_scalar(data: memoryview) -> float | None:
    dtype, found = 0, []
    for number, kind, value in _fields(data):
        if number == 1 and kind == 0:
            dtype = value
        elif number == 4 and kind == 2:
            raw = bytes(value)
            formats = {_DT_FLOAT: "<f", _DT_DOUBLE: "<d", _DT_INT32: "<i", _DT_INT64: "<q"}
            fmt = formats.get(dtype)
            if fmt and len(raw) == struct.calcsize(fmt):
                found.append(struct.unpack(fmt, raw)[0])
        elif number == 5:
            found += _packed(value, kind, "<f", 4)
        elif number == 6:
            found += _packed(value, kind, "<d", 8)
        elif number in (7, 10) and kind == 0:
            found.append(_signed(value))
        elif number in (7, 10) and kind == 2:
            found += [_signed(v) for v in _varints(value)]
    return float(found[0]) if len(found) == 1 else None


def _tensor_text(data: memoryview) -> str | None:
    for number, kind, value in _fields(data):
        if number == 8 and kind == 2:
            return bytes(value).decode("utf-8", "replace")
    return None


def _packed(value: object, kind: int, fmt: str, size: int) -> list[float]:
    if kind == 2 and isinstance(value, memoryview) and len(value) % size == 0:
        return [v[0] for v in struct.iter_unpack(fmt, value)]
    if kind in (1, 5) and isinstance(value, memoryview):
        return [struct.unpack(fmt, value)[0]]
    return []


def _fields(data: memoryview) -> Iterator[tuple[int, int, object]]:
    """``(field number, wire type, value)``: an int for varints, bytes otherwise."""
    offset, size = 0, len(data)
    while offset < size:
        key, offset = _varint(data, offset)
        number, kind = key >> 3, key & 7
        if kind == 0:
            value, offset = _varint(data, offset)
            yield number, kind, value
        elif kind == 1:
            if offset + 8 > size:
                raise DecodeError("truncated fixed64")
            yield number, kind, data[offset : offset + 8]
            offset += 8
        elif kind == 2:
            length, offset = _varint(data, offset)
            if offset + length > size:
                raise DecodeError("truncated bytes")
            yield number, kind, data[offset : offset + length]
            offset += length
        elif kind == 5:
            if offset + 4 > size:
                raise DecodeError("truncated fixed32")
            yield number, kind, data[offset : offset + 4]
            offset += 4
        else:
            raise DecodeError(f"wire type {kind}")


def _varint(data: memoryview | bytes, offset: int) -> tuple[int, int]:
    result, shift = 0, 0
    while True:
        if offset >= len(data) or shift > 63:
            raise DecodeError("bad varint")
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, offset
        shift += 7


def _varints(data: memoryview) -> list[int]:
    values, offset = [], 0
    while offset < len(data):
        value, offset = _varint(data, offset)
        values.append(value)
    return values


def _signed(value: object) -> int:
    number = int(value)  # type: ignore[call-overload]
    return number - (1 << 64) if number >= 1 << 63 else number


def _crc32c_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc32c_table()


def masked_crc32c(data: bytes) -> int:
    """The masked CRC-32C that guards each record's length and data in an event file."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    crc ^= 0xFFFFFFFF
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF

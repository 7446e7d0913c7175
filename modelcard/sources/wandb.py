"""Weights & Biases run folders: ``wandb/offline-run-*/`` and ``wandb/run-*/``.

Recent versions keep config, history and summary only in the binary
``run-<id>.wandb`` file: a LevelDB-style log (a 7-byte ``:W&B`` header, then
32 KiB blocks of records, each with a CRC-32, a length and a FULL / FIRST /
MIDDLE / LAST type) of ``Record`` protocol buffers. The framing is read here;
the records are decoded with the ``wandb`` package's own message classes
(``pip install 'modelcard[wandb]'``). Without the package the card says the
history could not be read. Older versions also wrote ``files/config.yaml``
and ``files/wandb-summary.json``, read without the package.

The newest run folder is read (the others are named as not read). Only
config values, history and summary are used: the host name, user, program
path and system metrics a run records never reach the card.

Bounded: the file size, each record's size and the number of records.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from modelcard.sources.files import rel
from modelcard.sources.logged import Logged, apply, load_yaml
from modelcard.sources.run import Run

MAX_FILE_BYTES = 256 << 20
MAX_RECORD = 64 << 20
MAX_RECORDS = 2_000_000
MAX_SMALL_FILE = 8 << 20
_BLOCK = 32768
_HEADER = struct.Struct("<4sHB")
_FULL, _FIRST, _MIDDLE, _LAST = 1, 2, 3, 4
_TYPE_CRC = {t: zlib.crc32(bytes([t])) & 0xFFFFFFFF for t in (_FULL, _FIRST, _MIDDLE, _LAST)}
#: Steps of the Trainer's history rows (it logs ``train/global_step`` in each).
_STEP_KEYS = ("train/global_step", "trainer/global_step", "global_step")


class FormatError(ValueError):
    """Not a W&B record file, or a broken one."""


def find(run_dir: Path) -> list[Path]:
    """Run folders under ``wandb/``, oldest first (their names start with the date)."""
    root = run_dir / "wandb"
    if not root.is_dir():
        return []
    folders = [
        p for p in root.iterdir()
        if p.is_dir() and not p.is_symlink() and p.name.startswith(("offline-run-", "run-"))
    ]
    return sorted(folders, key=lambda p: p.name.split("run-", 1)[1])


def read(run: Run) -> None:
    """Apply the newest W&B run folder to the run."""
    folders = find(run.run_dir)
    if not folders:
        return
    newest = folders[-1]
    for other in folders[:-1]:
        run.problem(rel(run, other), f"not read: the W&B history comes from `{rel(run, newest)}`")
    records = sorted(p for p in newest.glob("run-*.wandb") if p.is_file())
    source = rel(run, records[0]) if records else rel(run, newest)
    logged = Logged("W&B", source, params_source=source)
    _old_files(run, newest, logged)
    if records:
        _records_file(run, records[0], logged)
    if "model_type" in logged.params:
        logged.model_config, logged.config_source = dict(logged.params), logged.params_source
    apply(run, logged)


def _old_files(run: Run, folder: Path, logged: Logged) -> None:
    """``files/config.yaml`` (``key: {desc, value}``) and ``files/wandb-summary.json``."""
    config = folder / "files" / "config.yaml"
    if config.is_file() and config.stat().st_size <= MAX_SMALL_FILE:
        try:
            data = load_yaml(config.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            data = None
            logged.unread.append(f"`{rel(run, config)}` is not readable YAML")
        if isinstance(data, dict):
            for key, entry in data.items():
                if isinstance(key, str) and _kept(key) and isinstance(entry, dict) and "value" in entry:
                    logged.params[key] = entry["value"]
            logged.params_source = rel(run, config)
            run.read(rel(run, config))
    summary = folder / "files" / "wandb-summary.json"
    if summary.is_file() and summary.stat().st_size <= MAX_SMALL_FILE:
        try:
            data = json.loads(summary.read_bytes())
        except (OSError, ValueError, RecursionError):
            data = None
            logged.unread.append(f"`{rel(run, summary)}` is not valid JSON")
        if isinstance(data, dict):
            logged.summary.update({k: v for k, v in data.items() if isinstance(k, str) and not k.startswith("_")})
            run.read(rel(run, summary))


def _records_file(run: Run, path: Path, logged: Logged) -> None:
    name = rel(run, path)
    try:
        from wandb.proto import wandb_internal_pb2
    except ImportError:
        logged.unread.append(
            "the run's history, config and summary in this file could not be read: "
            "reading it needs the wandb package (`pip install 'modelcard[wandb]'`)"
        )
        return
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        logged.unread.append(f"{size} bytes (more than {MAX_FILE_BYTES}); not read")
        return
    try:
        data = path.read_bytes()
        count = 0
        for payload in records(data):
            count += 1
            if count > MAX_RECORDS:
                logged.unread.append(f"more than {MAX_RECORDS} records; the rest were not read")
                break
            record = wandb_internal_pb2.Record()
            try:
                record.ParseFromString(payload)
            except Exception:  # noqa: BLE001 - protobuf's DecodeError has no stable import path
                continue
            _record(record, logged)
    except FormatError as exc:
        logged.unread.append(f"{exc}; read the records before it")
    run.read(name)


def records(data: bytes) -> Iterator[bytes]:
    """The payloads of a W&B record file.

    Raises:
        FormatError: not a W&B file, or a damaged record (after yielding the
            records before it).
    """
    if len(data) < _HEADER.size:
        raise FormatError("shorter than the W&B header")
    ident, magic, version = _HEADER.unpack_from(data)
    if ident != b":W&B" or magic != 0xBEE1 or version not in (0, 1):
        raise FormatError("not a W&B record file (no `:W&B` header)")
    offset, size, parts = _HEADER.size, len(data), []
    while offset < size:
        room = _BLOCK - offset % _BLOCK
        if room < 7:
            offset += room  # block trailer
            continue
        if offset + 7 > size:
            break
        crc, length, kind = struct.unpack_from("<IHB", data, offset)
        if crc == 0 and length == 0 and kind == 0:
            offset += room  # zero padding to the end of the block
            continue
        start, end = offset + 7, offset + 7 + length
        if end > size:
            raise FormatError("ends inside a record (the run may still have been writing)")
        payload = data[start:end]
        if kind not in _TYPE_CRC or zlib.crc32(payload, _TYPE_CRC[kind]) & 0xFFFFFFFF != crc:
            raise FormatError(f"damaged record at byte {offset}")
        offset = end
        if kind == _FULL:
            yield payload
            parts = []
        elif kind == _FIRST:
            parts = [payload]
        elif kind in (_MIDDLE, _LAST) and parts:
            parts.append(payload)
            if sum(map(len, parts)) > MAX_RECORD:
                raise FormatError(f"a record longer than {MAX_RECORD} bytes")
            if kind == _LAST:
                yield b"".join(parts)
                parts = []


def _kept(key: str) -> bool:
    """Config keys of the run's own (``_wandb`` and other ``_`` keys are W&B's bookkeeping)."""
    return not key.startswith("_") or key == "_name_or_path"


def _items(items: Any) -> Iterator[tuple[str, Any]]:
    for item in items:
        key = item.key or "/".join(item.nested_key)
        try:
            yield key, json.loads(item.value_json)
        except (ValueError, RecursionError):
            continue


def _record(record: Any, logged: Logged) -> None:
    kind = record.WhichOneof("record_type")
    if kind == "history":
        row = dict(_items(record.history.item))
        step = next((row[k] for k in _STEP_KEYS if isinstance(row.get(k), (int, float))), None)
        if step is None:
            step = row.get("_step", record.history.step.num)
        for key, value in row.items():
            if isinstance(value, (int, float)) and not isinstance(value, bool) and not key.startswith("_"):
                logged.series.setdefault(key, []).append((float(step), float(value)))
    elif kind in ("run", "config"):
        config = record.run.config if kind == "run" else record.config
        for key, value in _items(config.update):
            if _kept(key):
                logged.params[key] = value.get("value") if isinstance(value, dict) and set(value) <= {"value", "desc"} else value
    elif kind == "summary":
        for key, value in _items(record.summary.update):
            if not key.startswith("_"):
                logged.summary[key] = value

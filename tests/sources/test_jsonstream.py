from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from modelcard.sources import jsonstream
from modelcard.sources.jsonstream import stream_file, stream_object


def _stream(data: bytes, chunk: int | None = None):
    got: list[tuple[int, list]] = []
    result = stream_object(data, "log_history", lambda items, first: got.append((first, items)), chunk_bytes=chunk)
    return result, [item for _, batch in got for item in batch], [first for first, _ in got]


@pytest.mark.parametrize("chunk", [1, 100, 4096, None])
@pytest.mark.parametrize("name", ["trainer_old_evals", "trainer_new", "trainer_eval_first", "trainer_old"])
def test_streaming_matches_json_loads(fixtures: Path, name: str, chunk: int | None) -> None:
    data = (fixtures / name / "trainer_state.json").read_bytes()
    expected = json.loads(data)
    result, items, _ = _stream(data, chunk)
    assert result.error is None and result.streamed
    assert items == expected.pop("log_history")
    assert result.rest == {**expected, "log_history": []}


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("chunk", [1, 37, 512])
def test_boundaries_inside_strings_and_nested_values(indent: int | None, chunk: int) -> None:
    entries = [
        {"step": i, "note": "}, {\"x\": ]" if i % 3 == 0 else "ok", "nested": {"a": [{"b": i}]}}
        for i in range(40)
    ]
    doc = {"a": '"log_history": [', "log_history": entries, "tail": {"x": [{"y": 1}]}}
    result, items, firsts = _stream(json.dumps(doc, indent=indent).encode(), chunk)
    assert items == entries
    assert result.rest == {**doc, "log_history": []}
    assert firsts[0] == 0 and firsts == sorted(firsts)


def test_truncated_file_keeps_entries_before_the_break(fixtures: Path) -> None:
    data = (fixtures / "trainer_old_evals" / "trainer_state.json").read_bytes()
    result, items, _ = _stream(data[: len(data) // 2], 256)
    assert result.error and result.error.startswith("truncated or invalid after")
    assert "line" in result.error
    assert 0 < len(items) < 36
    assert items == json.loads(data)["log_history"][: len(items)]
    assert result.rest["best_metric"] == pytest.approx(0.5383901000022888)


def test_nan_and_infinity_are_read_as_floats() -> None:
    result, items, _ = _stream(b'{"log_history": [{"loss": NaN, "x": Infinity, "y": -Infinity}]}')
    assert result.error is None
    assert math.isnan(items[0]["loss"]) and items[0]["x"] == math.inf and items[0]["y"] == -math.inf


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "the file is empty"),
        (b"  \n", "the file is empty"),
        (b"not json", "not valid JSON: Expecting value (line 1, column 1)"),
        (b"[1, 2]", "expected a JSON object, found list"),
        (b"\xff\xfe{", "not UTF-8 text"),
    ],
)
def test_unreadable_documents(data: bytes, error: str) -> None:
    result, items, _ = _stream(data)
    assert result.error == error
    assert items == [] and result.rest == {}


def test_bom_non_objects_and_odd_log_history() -> None:
    result, items, _ = _stream(bytearray(b'\xef\xbb\xbf{"log_history": [1, {"a": 1}, "x"], "b": 2}'))
    assert items == [{"a": 1}] and result.non_object == 2 and result.rest == {"log_history": [], "b": 2}
    result, items, _ = _stream(b'{"log_history": {"a": 1}}')
    assert items == [] and result.rest == {"log_history": {"a": 1}} and not result.streamed
    result, items, _ = _stream(b'{"log_history": []}')
    assert items == [] and result.rest == {"log_history": []} and result.error is None


def _stream_file(path: Path, chunk: int | None = None):
    got: list[tuple[int, list]] = []
    result = stream_file(path, "log_history", lambda items, first: got.append((first, items)), chunk_bytes=chunk)
    return result, [item for _, batch in got for item in batch], [first for first, _ in got]


def _documents(fixtures: Path) -> list[bytes]:
    entries = [{"step": i, "note": "}, {\"x\": ]" if i % 3 == 0 else "ok", "loss": i / 7} for i in range(60)]
    return [
        (fixtures / "trainer_old_evals" / "trainer_state.json").read_bytes(),
        (fixtures / "trainer_new" / "trainer_state.json").read_bytes(),
        json.dumps({"a": '"log_history": [', "log_history": entries, "tail": {"log_history": [{"y": 1}]}}, indent=2).encode(),
        b"\xef\xbb\xbf" + json.dumps({"pre": "x" * 5000, "log_history": entries, "z": 1}).encode(),  # key far from the start
        b"  " * 3000 + b'{"log_history": [1, {"a": 1}]}',
        b" \n" * 3000,
        b'{"log_history": [{"a": 1}, {"b": 2}]} trailing',
    ]


@pytest.mark.parametrize("read_bytes", [1, 16, 4096])
@pytest.mark.parametrize("chunk", [1, 64, None])
def test_stream_file_reads_blocks_like_stream_object(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_bytes: int, chunk: int | None
) -> None:
    monkeypatch.setattr(jsonstream, "READ_BYTES", read_bytes)
    path = tmp_path / "trainer_state.json"
    for data in _documents(fixtures):
        path.write_bytes(data)
        assert _stream_file(path, chunk) == _stream(data, chunk)


@pytest.mark.parametrize("read_bytes", [64, 1 << 20])
def test_stream_file_truncated(fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_bytes: int) -> None:
    monkeypatch.setattr(jsonstream, "READ_BYTES", read_bytes)
    data = (fixtures / "trainer_old_evals" / "trainer_state.json").read_bytes()
    path = tmp_path / "trainer_state.json"
    path.write_bytes(data[: len(data) // 2])
    result, items, _ = _stream_file(path, 256)
    assert result.error and result.error.startswith("truncated or invalid after")
    assert (result, items) == _stream(data[: len(data) // 2], 256)[:2]
    assert 0 < len(items) < 36


def test_stream_file_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        stream_file(tmp_path / "nothing.json", "log_history", lambda items, first: None)

"""Reading the small files of a run folder: text, CSV, JSON, with problems recorded."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from modelcard.sources.run import Run
from modelcard.sources.scrub import dropped_message, scrub

#: A Trainer checkpoint folder's name; the group is its step.
CHECKPOINT = re.compile(r"checkpoint-(\d+)$")


def rel(run: Run, path: Path) -> str:
    """``path`` relative to the run folder, with forward slashes."""
    try:
        return path.relative_to(run.run_dir).as_posix()
    except ValueError:
        return path.as_posix()


def checkpoints(run_dir: Path) -> list[Path]:
    """``checkpoint-N`` folders, oldest (lowest N) first."""
    found = []
    for path in run_dir.glob("checkpoint-*"):
        match = CHECKPOINT.search(path.name)
        if match and path.is_dir():
            found.append((int(match.group(1)), path))
    return [path for _, path in sorted(found)]


def find_file(run: Run, name: str) -> Path | None:
    """``name`` at the root of the run folder, else in its latest checkpoint."""
    for folder in [run.run_dir, *reversed(checkpoints(run.run_dir))]:
        if (folder / name).is_file():
            return folder / name
    return None


def read_text(run: Run, path: Path, *, expect: str | None = None) -> str | None:
    """A small UTF-8 text file (BOM removed), or None with a problem recorded."""
    name = rel(run, path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        wanted = f"; expected {expect}" if expect else ""
        run.problem(name, f"cannot be read as UTF-8 text ({exc.__class__.__name__}){wanted}")
        return None
    run.read(name)
    return text


def read_csv(run: Run, path: Path, *, expect: str) -> tuple[list[str], Iterator[list[str]]] | None:
    """A CSV file's header (names stripped) and an iterator over its other rows,
    or None with a problem recorded."""
    text = read_text(run, path, expect=expect)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text))
    return [h.strip() for h in next(reader, [])], reader


def read_json(run: Run, path: Path, *, expect: str = "a JSON object") -> Any:
    """Decode a small JSON file (also when JSON-encoded twice), secrets removed.

    Returns None (with a problem recorded) when the file is empty, not JSON,
    or not a JSON object.
    """
    name = rel(run, path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        run.problem(name, f"cannot be read: {exc.strerror or exc}")
        return None
    run.read(name)
    if not data.strip():
        run.problem(name, f"is empty (expected {expect})")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        run.problem(name, f"is not UTF-8 text (expected {expect})")
        return None
    try:
        value = json.loads(text)
        if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
            value = json.loads(value)  # written with json.dumps(args.to_json_string())
    except json.JSONDecodeError as exc:
        where = f"{exc.msg}, line {exc.lineno} column {exc.colno}"
        value = salvage(text)
        if value is None:
            run.problem(name, f"is not valid JSON ({where}); expected {expect}")
            return None
        run.problem(name, f"is truncated or invalid ({where}); read the {len(value)} keys before the break")
    if not isinstance(value, dict):
        run.problem(name, f"holds a JSON {type(value).__name__}, expected {expect}")
        return None
    return clean(run, name, value)


def salvage(text: str, tries: int = 64) -> dict[str, Any] | None:
    """The complete leading ``key: value`` pairs of a truncated JSON object
    (also of one JSON-encoded twice), or None."""
    text = text.strip()
    if text.startswith('"'):
        # a JSON string holding the object: decode the part before the break
        for cut in _cuts(text, "\\n", tries):
            try:
                inner = json.loads(text[:cut] + '"')
            except json.JSONDecodeError:
                continue
            return salvage(inner, tries)
        return None
    if not text.startswith("{"):
        return None
    for cut in _cuts(text, ",", tries):
        try:
            value = json.loads(text[:cut] + "}")
        except json.JSONDecodeError:
            continue
        return value if isinstance(value, dict) and value else None
    return None


def _cuts(text: str, separator: str, tries: int) -> list[int]:
    """Offsets of the last ``tries`` separators, last first."""
    cuts, end = [], len(text)
    while len(cuts) < tries:
        end = text.rfind(separator, 0, end)
        if end <= 0:
            break
        cuts.append(end)
    return cuts


def clean(run: Run, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` without secrets; a problem names the keys left out."""
    dropped: list[str] = []
    value = scrub(value, dropped)
    if dropped:
        run.problem(name, dropped_message(dropped))
    return value

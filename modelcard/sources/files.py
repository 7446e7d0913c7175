"""Reading the small files of a run folder: JSON, YAML, with problems recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelcard.sources.run import Run
from modelcard.sources.scrub import dropped_message, scrub


def rel(run: Run, path: Path) -> str:
    """``path`` relative to the run folder, with forward slashes."""
    try:
        return path.relative_to(run.run_dir).as_posix()
    except ValueError:
        return path.as_posix()


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
        value = json.loads(data)
        if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
            value = json.loads(value)  # written with json.dumps(args.to_json_string())
    except json.JSONDecodeError as exc:
        run.problem(name, f"is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); expected {expect}")
        return None
    except UnicodeDecodeError:
        run.problem(name, f"is not UTF-8 text (expected {expect})")
        return None
    if not isinstance(value, dict):
        run.problem(name, f"holds a JSON {type(value).__name__}, expected {expect}")
        return None
    return clean(run, name, value)


def clean(run: Run, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` without secrets; a problem names the keys left out."""
    dropped: list[str] = []
    value = scrub(value, dropped)
    if dropped:
        run.problem(name, dropped_message(dropped))
    return value

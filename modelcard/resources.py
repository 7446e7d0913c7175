"""Access to the data shipped with the package: schemas and templates.

In an installed wheel they live inside the package (``modelcard/schemas``,
``modelcard/templates``); in a source checkout they are the top-level folders.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any


def _folder(name: str) -> Path:
    packaged = resources.files("modelcard") / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


def schemas_dir() -> Path:
    return _folder("schemas")


def templates_dir() -> Path:
    return _folder("templates")


@functools.lru_cache(maxsize=None)
def load_json(relative: str) -> Any:
    """Load a JSON file from ``schemas/`` (e.g. ``"data/licenses.json"``)."""
    with open(schemas_dir() / relative, encoding="utf-8") as f:
        return json.load(f)
